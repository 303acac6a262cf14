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
  private cached: { mtimeMs: number; size: number; units: ReadonlySet<string>; heads: ReadonlyMap<string, ReadonlySet<string>> } | undefined;

  constructor(readonly file: string) {}

  /** The directory as the API reads it, re-read when the file changes; undefined without a directory file. */
  private async read(): Promise<{ units: ReadonlySet<string>; heads: ReadonlyMap<string, ReadonlySet<string>> } | undefined> {
    const s = await stat(this.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!s) return undefined;
    if (this.cached && this.cached.mtimeMs === s.mtimeMs && this.cached.size === s.size) return this.cached;
    const json = JSON.parse(await readFile(this.file, 'utf8')) as { units?: Record<string, { people?: unknown } | undefined> };
    const units = new Set(Object.keys(json.units ?? {}));
    // the people marked `head: true` (负责人; for the decision organ, 行政首长) of each unit.
    const heads = new Map<string, ReadonlySet<string>>();
    for (const [unit, u] of Object.entries(json.units ?? {})) {
      const people = Array.isArray(u?.people) ? (u.people as { personId?: unknown; head?: unknown }[]) : [];
      heads.set(unit, new Set(people.filter((p) => p.head === true && typeof p.personId === 'string').map((p) => p.personId as string)));
    }
    this.cached = { mtimeMs: s.mtimeMs, size: s.size, units, heads };
    return this.cached;
  }

  /** The directory's units; undefined without a directory file. */
  async units(): Promise<ReadonlySet<string> | undefined> {
    return (await this.read())?.units;
  }

  /**
   * whether the person is marked head of the unit in the directory. Only the directory
   * says so, never a token; without a directory file, nobody is.
   */
  async isHead(unit: string, personId: string): Promise<boolean> {
    return (await this.read())?.heads.get(unit)?.has(personId) ?? false;
  }

  /** The actor, marked `head` when the directory marks the person head of the actor's unit; any `head` it carried is dropped. */
  async resolveHead<A extends { personId: string; unit: string; head?: boolean }>(actor: A): Promise<A> {
    const { head: _claimed, ...rest } = actor;
    return (await this.isHead(actor.unit, actor.personId)) ? ({ ...rest, head: true } as A) : (rest as A);
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
