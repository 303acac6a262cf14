import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../domain';
import { TokenError, type Principal, type TokenVerifier } from './auth/tokens';

/*
 * The units of the directory (DIRECTORY_FILE, config/directory.example.json): the government
 * bodies that exist. A token of a role of office (decision organ, sponsor, its legal unit, the
 * legality office, the executing unit, the evaluator) must name one of them, and a new
 * procedure may assign only them. The worker validates the file and reads its people and
 * addresses (activities/directory.ts); the API needs only the units' names. Without a
 * directory file, units are not checked (a fresh installation), as notices then go in-app only.
 */

/** Roles held in a unit of the directory; experts, advisers, auditors and the public come from outside it. */
export const UNIT_ROLES: readonly Role[] = ['decision_organ', 'sponsor', 'sponsor_legal_unit', 'legality_office', 'executing_unit', 'evaluator'];

export const directoryFileOf = (env: NodeJS.ProcessEnv, dataDir: string): string =>
  path.resolve(env.DIRECTORY_FILE ?? path.join(dataDir, 'directory.json'));

export class UnitDirectory {
  private cached: { mtimeMs: number; size: number; units: ReadonlySet<string> } | undefined;

  constructor(readonly file: string) {}

  /** The directory's units, re-read when the file changes; undefined without a directory file. */
  async units(): Promise<ReadonlySet<string> | undefined> {
    const s = await stat(this.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!s) return undefined;
    if (this.cached && this.cached.mtimeMs === s.mtimeMs && this.cached.size === s.size) return this.cached.units;
    const json = JSON.parse(await readFile(this.file, 'utf8')) as { units?: Record<string, unknown> };
    const units = new Set(Object.keys(json.units ?? {}));
    this.cached = { mtimeMs: s.mtimeMs, size: s.size, units };
    return units;
  }

  /** The names among `names` that are not units of the directory (none without a directory). */
  async unknown(names: readonly string[]): Promise<string[]> {
    const units = await this.units();
    return units ? [...new Set(names.filter((n) => !units.has(n)))] : [];
  }

  /** A verifier that also refuses a token of a role of office whose unit is not in the directory (401). */
  verifying(verify: TokenVerifier): TokenVerifier {
    return async (token: string): Promise<Principal> => {
      const p = await verify(token);
      if (p.roles.some((r) => UNIT_ROLES.includes(r)) && (await this.unknown([p.unit])).length > 0) {
        throw new TokenError(`令牌中的单位「${p.unit}」不在通讯录中 / the token's unit ${p.unit} is not in the directory`);
      }
      return p;
    };
  }
}
