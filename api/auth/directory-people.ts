import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { roleSchema, type Role } from '../../domain';

/*
 * The people of the directory file (DIRECTORY_FILE, default DATA_DIR/directory.json; format in
 * docs/api.md "准备 · Setup"), as the embedded mode's sign-in offers them: each person once,
 * with the unit the directory lists them in. The worker validates the file in full
 * (activities/directory.ts); here an entry that is not a person is passed over, and roles
 * this service does not know are dropped.
 */

/** One person the embedded mode's sign-in can act as. */
export interface DirectoryPerson {
  personId: string;
  name: string;
  unit: string;
  /** Empty when the directory gives none: such a person cannot sign in (a token needs a role). */
  roles: Role[];
  /** marked head (负责人) of the unit. */
  head?: true;
}

const personSchema = z.looseObject({
  personId: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  head: z.boolean().optional(),
  roles: z.array(z.unknown()).optional(),
});
const unitsSchema = z.looseObject({ units: z.record(z.string(), z.looseObject({ people: z.array(z.unknown()).optional() })).optional() });

/** Every person of every unit, in the file's order; undefined without a directory file. */
export async function directoryPeople(file: string): Promise<DirectoryPerson[] | undefined> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text === undefined) return undefined;
  const units = unitsSchema.parse(JSON.parse(text)).units ?? {};
  const seen = new Set<string>();
  const people: DirectoryPerson[] = [];
  for (const [unit, u] of Object.entries(units)) {
    for (const entry of u.people ?? []) {
      const p = personSchema.safeParse(entry);
      if (!p.success || seen.has(p.data.personId) || unit.length > 128) continue;
      seen.add(p.data.personId);
      const roles = [...new Set((p.data.roles ?? []).flatMap((r) => (roleSchema.safeParse(r).success ? [r as Role] : [])))];
      people.push({ personId: p.data.personId, name: p.data.name, unit, roles, ...(p.data.head === true ? { head: true as const } : {}) });
    }
  }
  return people;
}
