import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadJurisdictions, type JurisdictionConfig } from './jurisdiction-config';

/*
 * All configuration comes from environment variables, read once at boot and validated
 * here. Every bad or missing variable gets its own line naming it, so an operator fixes
 * them all in one go instead of one restart per mistake.
 */

/** Docker and shells often pass `VAR=` for "unset"; treat an empty value as absent. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, def: string) =>
  z.preprocess((v) => blankToUndefined(v) ?? def, schema);

const port = (def: string) =>
  withDefault(
    z
      .string()
      .regex(/^\d+$/, { error: '必须是 1–65535 之间的整数 / must be an integer between 1 and 65535' })
      .transform(Number)
      .pipe(z.number().min(1, { error: '必须在 1–65535 之间 / must be between 1 and 65535' }).max(65535, {
        error: '必须在 1–65535 之间 / must be between 1 and 65535',
      })),
    def,
  );

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** `12h` → 43200 (the format is checked by the schema first). */
export function durationSeconds(text: string): number {
  return Number(text.slice(0, -1)) * UNIT_SECONDS[text.slice(-1) as keyof typeof UNIT_SECONDS];
}

/** An integer in [min, max], written in decimal digits. */
function count(min: number, max = 1_000_000) {
  const range = `应为 ${min}–${max} 之间的整数 / must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d{1,7}$/, { error: range })
    .transform(Number)
    .pipe(z.number().min(min, { error: range }).max(max, { error: range }));
}

const nonBlank = z.string().regex(/^\S+$/, { error: '不能包含空白字符 / must not contain whitespace' });

/** The API's OIDC callback route (api/auth.routes.ts); OIDC_REDIRECT_URI must end with it. */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** https, or http on this machine's loopback (a test or a local issuer). */
const issuerUrl = z
  .url({ protocol: /^https?$/, error: '应为 https 地址 / must be an https URL' })
  .refine((u) => new URL(u).protocol === 'https:' || LOOPBACK.has(new URL(u).hostname), {
    error: '签发方须使用 https(仅本机回环地址可用 http)/ the issuer must use https (http only on loopback)',
  });

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables the service reads; docker-compose and the README use exactly these names. */
export const envSchema = z.object({
  TEMPORAL_ADDRESS: opt(
    z.string().regex(/^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, {
      error: '应为 host:port,例如 temporal:7233 / expected host:port, e.g. temporal:7233',
    }),
  ),
  TEMPORAL_NAMESPACE: withDefault(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, {
      error: '命名空间只能包含字母、数字、点、下划线和连字符 / namespace may contain only letters, digits, . _ -',
    }),
    'default',
  ),
  TEMPORAL_TASK_QUEUE: withDefault(nonBlank, 'decision-procedures'),
  TEMPORAL_TLS_CERT_PATH: opt(z.string()),
  TEMPORAL_TLS_KEY_PATH: opt(z.string()),
  TEMPORAL_TLS_CA_PATH: opt(z.string()),
  TEMPORAL_TLS_SERVER_NAME: opt(nonBlank),
  TEMPORAL_API_KEY: opt(nonBlank),
  EMBEDDED_TEMPORAL_PORT: port('7233'),
  EMBEDDED_TEMPORAL_UI_PORT: port('8233'),
  DATA_DIR: withDefault(z.string(), './data'),
  TOOLS_DIR: withDefault(z.string(), './tools'),
  /** The built web application the API serves at `/` (`npm run build:web` writes it). */
  WEB_DIST_DIR: withDefault(z.string(), './web/dist'),
  /**
   * How long the first page of a procedure list and its per-stage counts are kept for the same
   * query (milliseconds; 0: not kept). Cleared by every command this API process accepts.
   */
  LIST_CACHE_MS: withDefault(z.string().regex(/^\d{1,6}$/, { error: '应为毫秒数 / must be milliseconds' }).transform(Number), '2000'),
  HOST: withDefault(nonBlank, '127.0.0.1'),
  PORT: port('3000'),
  LOG_LEVEL: withDefault(
    z.enum(LOG_LEVELS, { error: `应为以下之一 / must be one of: ${LOG_LEVELS.join(', ')}` }),
    'info',
  ),
  JWT_SECRET: opt(z.string().min(32, { error: '至少 32 个字符 / must be at least 32 characters' })),
  JWT_JWKS_URL: opt(
    z.url({ protocol: /^https?$/, error: '应为 http(s) 地址 / must be an http(s) URL' }),
  ),
  /** Longest a bearer token may live (exp − iat), e.g. `12h`, `30m`, `1d`; longer-lived tokens are refused. */
  JWT_MAX_LIFETIME: withDefault(
    z
      .string()
      .regex(/^[1-9]\d{0,6}(s|m|h|d)$/, { error: '应为时长,例如 12h、30m、1d / expected a duration such as 12h, 30m, 1d' })
      .transform(durationSeconds),
    '12h',
  ),
  /**
   * Requests that fail authentication (no, bad or expired token) per minute and client address;
   * beyond it they are answered 429 and no longer each written to the refusal log.
   */
  AUTH_FAILURE_LIMIT: withDefault(
    z.string().regex(/^[1-9]\d{0,6}$/, { error: '应为正整数 / must be a positive integer' }).transform(Number),
    '20',
  ),
  JWT_ISSUER: opt(z.string()),
  JWT_AUDIENCE: opt(z.string()),
  /**
   * `false` turns off the embedded mode's sign-in by picking a person of the directory
   * (GET /auth/dev/people, POST /auth/dev/sign-in). It is never on outside embedded mode.
   */
  DEV_SIGN_IN: opt(z.enum(['true', 'false'], { error: '应为 true 或 false / must be true or false' })),
  /** The OpenID Connect issuer people sign in with (authorization code with PKCE, api/auth/oidc.ts). */
  OIDC_ISSUER: opt(issuerUrl),
  OIDC_CLIENT_ID: opt(nonBlank),
  /** Absent: a public client (PKCE only, token_endpoint_auth_method none). */
  OIDC_CLIENT_SECRET: opt(z.string()),
  /** Where the issuer sends the browser back: this API's /auth/oidc/callback, as the browser reaches it. */
  OIDC_REDIRECT_URI: opt(
    z
      .url({ protocol: /^https?$/, error: '应为 http(s) 地址 / must be an http(s) URL' })
      .refine((u) => new URL(u).pathname.endsWith(OIDC_CALLBACK_PATH) && !new URL(u).search && !new URL(u).hash, {
        error: `应指向本服务的 ${OIDC_CALLBACK_PATH},不带查询与片段 / must be this service's ${OIDC_CALLBACK_PATH}, without query or fragment`,
      }),
  ),
  OIDC_SCOPE: withDefault(
    z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, {
      error: '应为以空格分隔的 scope,例如 "openid profile" / expected space-separated scopes, e.g. "openid profile"',
    }),
    'openid profile',
  ),
  /** RFC 8707 resource indicator the access token is requested for (an absolute URI), when the issuer needs one. */
  OIDC_RESOURCE: opt(
    z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s#]+$/, {
      error: '应为不含片段的绝对 URI,例如 https://api.example.gov.cn 或 urn:decision-procedures / must be an absolute URI without fragment',
    }),
  ),
  JURISDICTIONS_FILE: opt(z.string()),
  DEFAULT_JURISDICTION: withDefault(nonBlank, 'national'),
  SIMULATION_MODE: withDefault(z.enum(['true', 'false'], { error: '应为 true 或 false / must be true or false' }), 'false'),
  /**
   * host:port where the worker serves Temporal's own Prometheus metrics (unset: none), among them
   * `temporal_workflow_task_execution_failed`: workflow tasks that failed, by `failure_reason`
   * (NonDeterminismError for a history the code no longer reproduces: `npm run repair`).
   */
  WORKER_METRICS_ADDRESS: opt(
    z.string().regex(/^[^:\s]+:\d{1,5}$/, { error: '应为 host:port / must be host:port, e.g. 127.0.0.1:9464' }),
  ),
  /**
   * Workflows the worker keeps in memory between tasks (Temporal's sticky cache). A procedure
   * waits days or weeks between commands, so few are ever hit again while cached; one evicted is
   * replayed from its history on its next task. Each cached one costs heap in its workflow
   * thread (README "Worker memory").
   */
  WORKER_MAX_CACHED_WORKFLOWS: withDefault(count(0), '50'),
  /** Threads that run workflow code (the SDK's `workflowThreadPoolSize`): each is one more V8 isolate with its own heap. */
  WORKER_WORKFLOW_THREADS: withDefault(count(1, 16), '1'),
  /**
   * Old-space limit of each workflow thread's heap, in MiB. `--max-old-space-size` (NODE_OPTIONS
   * or the node command line) sets every V8 isolate's, the main thread's and each workflow
   * thread's alike; the worker sets this one for the workflow threads it creates.
   */
  WORKER_WORKFLOW_HEAP_MB: withDefault(count(64, 16_384), '192'),
  /**
   * A prebuilt workflow bundle (scripts/build-workflow-bundle.ts). Unset: the compiled worker
   * runs dist/workflow-bundle.js when `npm run build` wrote it; otherwise it bundles at start.
   */
  WORKFLOW_BUNDLE_PATH: opt(z.string()),
  /**
   * The Ed25519 private key (PEM) that signs audit archives. Unset: the one in
   * `DATA_DIR/audit/archive-signing-key.pem`, which `npm run audit -- keygen` (or the CLI's first
   * export) creates. The API never creates a key: without one it refuses to export.
   */
  AUDIT_SIGNING_KEY_PATH: opt(z.string()),
});

export type ConfigVariable = keyof typeof envSchema.shape;
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as ConfigVariable[];

export interface TemporalTls {
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverRootCACertificate?: Buffer;
  serverNameOverride?: string;
}

interface TemporalCommon {
  /** host:port the client and the worker dial. */
  address: string;
  namespace: string;
  taskQueue: string;
}

export type TemporalConfig =
  | (TemporalCommon & {
      mode: 'embedded';
      embedded: { port: number; uiPort: number; dbFilename: string; uiUrl: string };
    })
  | (TemporalCommon & { mode: 'external'; tls?: TemporalTls | true; apiKey?: string });

export interface AuthConfig {
  /** HS256 secret; absent only when tokens are verified through JWKS alone. */
  jwtSecret?: string;
  /** Longest lifetime (exp − iat, in seconds) of a token the API accepts; default 12 h. */
  maxLifetimeSeconds?: number;
  /** Failed authentications per minute and client address before 429 (default 20). */
  failureLimitPerMinute?: number;
  jwks?: { url: string; issuer: string; audience: string };
  /**
   * The embedded mode's sign-in by picking a person of the directory: only in embedded mode,
   * with this service's own HS256 tokens (no JWKS), unless DEV_SIGN_IN=false. Never in production.
   */
  devSignIn?: true;
  /** Sign-in through an OpenID Connect issuer (OIDC_*); its access tokens are verified through `jwks`. */
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client, PKCE only. */
  clientSecret?: string;
  redirectUri: string;
  scope: string;
  /** RFC 8707 resource indicator sent with the authorization and token requests. */
  resource?: string;
}

export interface Config {
  temporal: TemporalConfig;
  http: { host: string; port: number };
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  documentsDir: string;
  toolsDir: string;
  /** The built web application (WEB_DIST_DIR), served by the API at `/` when it exists. */
  webDistDir: string;
  /** LIST_CACHE_MS: how long a list's first page and counts are kept (api/list-cache.ts). */
  listCacheMs: number;
  /** Absolute path of the archive signing key (AUDIT_SIGNING_KEY_PATH); absent: the one in DATA_DIR/audit. */
  auditSigningKeyPath?: string;
  auth: AuthConfig;
  jurisdictions: JurisdictionConfig;
  worker: {
    maxCachedWorkflows: number;
    workflowThreads: number;
    /** Old-space limit of each workflow thread's V8 heap, MiB. */
    workflowHeapMb: number;
    /** Absolute path of a prebuilt workflow bundle (WORKFLOW_BUNDLE_PATH). */
    workflowBundlePath?: string;
    metricsAddress?: string;
  };
}

export interface ConfigProblem {
  variable: ConfigVariable;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      ['配置无效 / Invalid configuration:', ...problems.map((p) => `  - ${p.variable}: ${p.message}`)].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
const present = (env: Env, name: ConfigVariable) => blankToUndefined(env[name]) !== undefined;

/** Rules that tie variables together; checked on the raw values so they report alongside shape errors. */
function crossChecks(env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const external = present(env, 'TEMPORAL_ADDRESS');
  if (present(env, 'TEMPORAL_TLS_CERT_PATH') !== present(env, 'TEMPORAL_TLS_KEY_PATH')) {
    const missing = present(env, 'TEMPORAL_TLS_CERT_PATH') ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH';
    const other = missing === 'TEMPORAL_TLS_KEY_PATH' ? 'TEMPORAL_TLS_CERT_PATH' : 'TEMPORAL_TLS_KEY_PATH';
    problems.push({
      variable: missing,
      message: `设置了 ${other} 时必须同时设置 / required when ${other} is set (client certificate and key go together)`,
    });
  }
  if (!external) {
    const remoteOnly: ConfigVariable[] = [
      'TEMPORAL_TLS_CERT_PATH',
      'TEMPORAL_TLS_KEY_PATH',
      'TEMPORAL_TLS_CA_PATH',
      'TEMPORAL_TLS_SERVER_NAME',
      'TEMPORAL_API_KEY',
    ];
    for (const variable of remoteOnly.filter((v) => present(env, v))) {
      problems.push({
        variable,
        message:
          '仅在设置 TEMPORAL_ADDRESS(连接外部集群)时有效;内置开发服务器不使用它 / only applies with TEMPORAL_ADDRESS (external cluster); the embedded dev server does not use it',
      });
    }
  }
  if (present(env, 'JWT_JWKS_URL')) {
    for (const variable of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (!present(env, variable)) {
        problems.push({
          variable,
          message: '设置 JWT_JWKS_URL 时必须设置,以校验令牌来源 / required with JWT_JWKS_URL so tokens are checked for who issued them and for whom',
        });
      }
    }
  }
  problems.push(...signInChecks(env, external));
  if (external && !present(env, 'JWT_SECRET') && !present(env, 'JWT_JWKS_URL')) {
    problems.push({
      variable: 'JWT_SECRET',
      message:
        '连接外部集群时必须设置 JWT_SECRET(至少 32 个字符)或 JWT_JWKS_URL / required with TEMPORAL_ADDRESS unless JWT_JWKS_URL is set (at least 32 characters)',
    });
  }
  return problems;
}

const OIDC_VARIABLES = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_SCOPE', 'OIDC_RESOURCE'] as const;

/** The dev sign-in belongs to embedded mode alone; OIDC sign-in needs its client and the issuer's JWKS. */
function signInChecks(env: Env, external: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (env.DEV_SIGN_IN === 'true' && (external || present(env, 'JWT_JWKS_URL'))) {
    problems.push({
      variable: 'DEV_SIGN_IN',
      message:
        '开发登录仅用于内置模式(未设置 TEMPORAL_ADDRESS 与 JWT_JWKS_URL),生产环境不可开启 / the dev sign-in exists only in embedded mode (no TEMPORAL_ADDRESS, no JWT_JWKS_URL), never in production',
    });
  }
  if (!present(env, 'OIDC_ISSUER')) {
    for (const variable of OIDC_VARIABLES.filter((v) => present(env, v))) {
      problems.push({ variable, message: '仅在设置 OIDC_ISSUER 时有效 / only applies with OIDC_ISSUER' });
    }
    return problems;
  }
  for (const variable of ['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI'] as const) {
    if (!present(env, variable)) problems.push({ variable, message: '设置 OIDC_ISSUER 时必须设置 / required with OIDC_ISSUER' });
  }
  if (!present(env, 'JWT_JWKS_URL')) {
    problems.push({
      variable: 'JWT_JWKS_URL',
      message:
        '设置 OIDC_ISSUER 时必须设置(连同 JWT_ISSUER、JWT_AUDIENCE),登录所得的访问令牌按签发方的 JWKS 校验 / required with OIDC_ISSUER (with JWT_ISSUER, JWT_AUDIENCE): the access tokens of a sign-in are verified against the issuer\'s JWKS',
    });
  }
  return problems;
}

function readFileProblem(variable: ConfigVariable, file: string, problems: ConfigProblem[]): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    problems.push({ variable, message: `无法读取文件 / cannot read file ${file}: ${(err as Error).message}` });
    return undefined;
  }
}

/**
 * Embedded mode is for one machine and a first try: when JWT_SECRET is unset a random one is
 * generated once into DATA_DIR and reused, so tokens survive a restart without any setup.
 */
function embeddedJwtSecret(dataDir: string, problems: ConfigProblem[]): string | undefined {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
    problems.push({ variable: 'JWT_SECRET', message: `${file} 中的密钥少于 32 个字符 / secret in ${file} is shorter than 32 characters` });
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ variable: 'DATA_DIR', message: `无法读取 / cannot read ${file}: ${(err as Error).message}` });
      return undefined;
    }
  }
  try {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    // 'wx' refuses to overwrite: two processes starting together keep the first one's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    problems.push({ variable: 'DATA_DIR', message: `无法写入 / cannot write ${file}: ${(err as Error).message}` });
    return undefined;
  }
}

/** Validates `env` and returns the typed configuration, or throws a ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: issue.path[0] as ConfigVariable, message: issue.message });
    }
  }
  problems.push(...crossChecks(env));
  // Read from the raw values too, so a bad jurisdiction is reported alongside shape errors.
  const raw = (name: ConfigVariable) => (blankToUndefined(env[name]) as string | undefined);
  const j = loadJurisdictions(raw('JURISDICTIONS_FILE'), raw('DEFAULT_JURISDICTION') ?? 'national', raw('SIMULATION_MODE') === 'true', cwd);
  problems.push(...j.problems);
  if (!parsed.success) throw new ConfigError(problems);
  const v = parsed.data;
  const dataDir = path.resolve(cwd, v.DATA_DIR);
  const common = { namespace: v.TEMPORAL_NAMESPACE, taskQueue: v.TEMPORAL_TASK_QUEUE };

  let temporal: TemporalConfig;
  if (v.TEMPORAL_ADDRESS === undefined) {
    const host = '127.0.0.1';
    temporal = {
      ...common,
      mode: 'embedded',
      address: `${host}:${v.EMBEDDED_TEMPORAL_PORT}`,
      embedded: {
        port: v.EMBEDDED_TEMPORAL_PORT,
        uiPort: v.EMBEDDED_TEMPORAL_UI_PORT,
        dbFilename: path.join(dataDir, 'temporal.sqlite'),
        uiUrl: `http://${host}:${v.EMBEDDED_TEMPORAL_UI_PORT}`,
      },
    };
  } else {
    const tls: TemporalTls = {};
    const cert = v.TEMPORAL_TLS_CERT_PATH && readFileProblem('TEMPORAL_TLS_CERT_PATH', v.TEMPORAL_TLS_CERT_PATH, problems);
    const key = v.TEMPORAL_TLS_KEY_PATH && readFileProblem('TEMPORAL_TLS_KEY_PATH', v.TEMPORAL_TLS_KEY_PATH, problems);
    const ca = v.TEMPORAL_TLS_CA_PATH && readFileProblem('TEMPORAL_TLS_CA_PATH', v.TEMPORAL_TLS_CA_PATH, problems);
    if (cert && key) tls.clientCertPair = { crt: cert, key };
    if (ca) tls.serverRootCACertificate = ca;
    if (v.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = v.TEMPORAL_TLS_SERVER_NAME;
    const anyTls = Object.keys(tls).length > 0;
    temporal = {
      ...common,
      mode: 'external',
      address: v.TEMPORAL_ADDRESS,
      // An API key travels as a bearer token, so it always goes over TLS (as Temporal Cloud requires).
      ...(anyTls ? { tls } : v.TEMPORAL_API_KEY ? { tls: true as const } : {}),
      ...(v.TEMPORAL_API_KEY ? { apiKey: v.TEMPORAL_API_KEY } : {}),
    };
  }

  const auth: AuthConfig = { maxLifetimeSeconds: v.JWT_MAX_LIFETIME, failureLimitPerMinute: v.AUTH_FAILURE_LIMIT };
  if (v.JWT_SECRET) auth.jwtSecret = v.JWT_SECRET;
  else if (temporal.mode === 'embedded' && !v.JWT_JWKS_URL) {
    const secret = problems.length === 0 ? embeddedJwtSecret(dataDir, problems) : undefined;
    if (secret) auth.jwtSecret = secret;
  }
  if (v.JWT_JWKS_URL && v.JWT_ISSUER && v.JWT_AUDIENCE) {
    auth.jwks = { url: v.JWT_JWKS_URL, issuer: v.JWT_ISSUER, audience: v.JWT_AUDIENCE };
  }
  if (v.OIDC_ISSUER && v.OIDC_CLIENT_ID && v.OIDC_REDIRECT_URI) {
    auth.oidc = {
      issuer: v.OIDC_ISSUER,
      clientId: v.OIDC_CLIENT_ID,
      ...(v.OIDC_CLIENT_SECRET === undefined ? {} : { clientSecret: v.OIDC_CLIENT_SECRET }),
      redirectUri: v.OIDC_REDIRECT_URI,
      scope: v.OIDC_SCOPE,
      ...(v.OIDC_RESOURCE === undefined ? {} : { resource: v.OIDC_RESOURCE }),
    };
  }
  // Only where tokens are this service's own: embedded mode, the local secret, no issuer.
  if (temporal.mode === 'embedded' && auth.jwtSecret !== undefined && !auth.jwks && !auth.oidc && v.DEV_SIGN_IN !== 'false') auth.devSignIn = true;
  if (problems.length > 0 || !j.config) throw new ConfigError(problems);

  return {
    temporal,
    http: { host: v.HOST, port: v.PORT },
    logLevel: v.LOG_LEVEL,
    dataDir,
    documentsDir: path.join(dataDir, 'documents'),
    toolsDir: path.resolve(cwd, v.TOOLS_DIR),
    webDistDir: path.resolve(cwd, v.WEB_DIST_DIR),
    listCacheMs: v.LIST_CACHE_MS,
    ...(v.AUDIT_SIGNING_KEY_PATH === undefined ? {} : { auditSigningKeyPath: path.resolve(cwd, v.AUDIT_SIGNING_KEY_PATH) }),
    auth,
    jurisdictions: j.config,
    worker: {
      maxCachedWorkflows: v.WORKER_MAX_CACHED_WORKFLOWS,
      workflowThreads: v.WORKER_WORKFLOW_THREADS,
      workflowHeapMb: v.WORKER_WORKFLOW_HEAP_MB,
      ...(v.WORKFLOW_BUNDLE_PATH === undefined ? {} : { workflowBundlePath: path.resolve(cwd, v.WORKFLOW_BUNDLE_PATH) }),
      ...(v.WORKER_METRICS_ADDRESS === undefined ? {} : { metricsAddress: v.WORKER_METRICS_ADDRESS }),
    },
  };
}
