/**
 * Mints an HS256 bearer token for one person, role(s) and unit, signed with the configured
 * JWT_SECRET (or the secret the embedded mode keeps in DATA_DIR/jwt-secret), and prints it.
 *
 *   npm run -s mint-token -- --person p-sponsor-1 --name 李科长 --unit 某市交通运输局 --role sponsor
 *
 * Options: --person (sub), --name, --unit, --role (repeatable), --ttl (default 8h, e.g. 30m, 12h;
 * at most JWT_MAX_LIFETIME, 12 h by default: the API refuses longer-lived tokens).
 * Run it with the same DATA_DIR / JWT_SECRET as the service.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { claimsSchema, mintToken } from '../api/auth/tokens';
import { ConfigError, durationSeconds, loadConfig } from '../runtime/config';

const USAGE = '用法 / usage: npm run -s mint-token -- --person <id> --name <姓名> --unit <单位> --role <角色> [--role …] [--ttl 8h]';

const OPTIONS = {
  person: { type: 'string' },
  name: { type: 'string' },
  unit: { type: 'string' },
  role: { type: 'string', multiple: true },
  ttl: { type: 'string', default: '8h' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The options, or the usage and exit: `--help` prints it (0), an unknown option names itself (2). */
function options() {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (err) {
    console.error(`  ${(err as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return parsed.values;
}

async function main(): Promise<void> {
  const values = options();
  const claims = claimsSchema.safeParse({ sub: values.person, name: values.name, unit: values.unit, roles: values.role });
  const ttl = z.string().regex(/^[1-9]\d{0,6}(s|m|h|d)$/).safeParse(values.ttl);
  if (!claims.success || !ttl.success) {
    const problems = [...(claims.error?.issues ?? []), ...(ttl.error?.issues.map((i) => ({ ...i, path: ['ttl'] })) ?? [])];
    for (const i of problems) console.error(`  --${String(i.path[0] === 'sub' ? 'person' : i.path[0] === 'roles' ? 'role' : i.path[0])}: ${i.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  if (!config.auth.jwtSecret) {
    console.error('未配置 JWT_SECRET：令牌由 OIDC 签发方提供 / no JWT_SECRET configured: tokens come from the OIDC issuer');
    process.exit(2);
  }
  const max = config.auth.maxLifetimeSeconds;
  if (max !== undefined && durationSeconds(ttl.data) > max) {
    console.error(`  --ttl: 不得超过 JWT_MAX_LIFETIME（${max} 秒）/ at most JWT_MAX_LIFETIME (${max} s): the API refuses longer-lived tokens`);
    process.exit(2);
  }
  const { sub, name, unit, roles } = claims.data;
  process.stdout.write(`${await mintToken(config.auth.jwtSecret, { personId: sub, name, unit, roles }, ttl.data)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
