import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { roleSchema, type Party } from '../domain';

/*
 * The directory: who in each unit holds which role, and where they are reached (issue:
 * recipients and their channels come from a directory configuration). Notices name parties
 * (role + unit, never a person); this file turns a party into people and webhooks.
 */

const personSchema = z.object({
  personId: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  /** The roles the person holds in procedures; a unit head may hold none. */
  roles: z.array(roleSchema).default([]),
  email: z.email().optional(),
  /** The unit's in-app inbox shows the notice to this person (default true). */
  inApp: z.boolean().default(true),
  /** The unit's head (负责人): receives escalations of the unit's overdue duties by email. */
  head: z.boolean().default(false),
}).refine((p) => p.roles.length > 0 || p.head, { path: ['roles'], message: '至少一个角色,或为单位负责人 / at least one role, or head of the unit' });

const webhookSchema = z.object({
  /** Names the webhook in notice ids and the delivery log; the URL when absent. */
  id: z.string().min(1).max(128).optional(),
  url: z.url({ protocol: /^https?$/, error: '应为 http(s) 地址 / must be an http(s) URL' }),
  /** HMAC-SHA256 key shared with the receiver (docs/notifications.md). */
  secret: z.string().min(16, { error: '至少 16 个字符 / at least 16 characters' }),
  /** The roles whose notices go to this webhook; all of the unit's when absent. */
  roles: z.array(roleSchema).min(1).optional(),
});

const unitSchema = z.object({
  people: z.array(personSchema).default([]),
  webhooks: z.array(webhookSchema).default([]),
});

export const directorySchema = z
  .object({ units: z.record(z.string().min(1), unitSchema) })
  .superRefine((d, ctx) => {
    // A person id names one person: a second entry would be a second recipient of the same notice id.
    const seen = new Map<string, string>();
    for (const [unit, u] of Object.entries(d.units)) {
      for (const p of u.people) {
        const other = seen.get(p.personId);
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['units', unit, 'people'], message: `人员编号重复 / duplicate personId ${p.personId} (also in ${other})` });
        }
        seen.set(p.personId, unit);
      }
    }
  });

export type Directory = z.infer<typeof directorySchema>;
export type DirectoryPerson = z.infer<typeof personSchema>;
export type DirectoryWebhook = z.infer<typeof webhookSchema>;

/** Where one notice goes for one party. */
export interface Resolved {
  /** The party's in-app inbox is written unless every person found opted out. */
  inApp: boolean;
  /** People of the unit holding the role who have an email address. */
  email: (DirectoryPerson & { email: string })[];
  webhooks: (DirectoryWebhook & { id: string })[];
  /** False when the directory does not list the party's unit: in-app only, as without a directory. */
  known: boolean;
}

export function resolveParty(directory: Directory | undefined, party: Party): Resolved {
  const unit = party.unit === undefined ? undefined : directory?.units[party.unit];
  if (party.head) {
    // The head is reached in person; the unit's inbox and webhooks already carry the same
    // escalation addressed to the unit itself, and a head who holds the role has it already.
    const heads = unit?.people.filter((p) => p.head && !p.roles.includes(party.role)) ?? [];
    return {
      known: heads.length > 0,
      inApp: false,
      email: heads.filter((p): p is DirectoryPerson & { email: string } => p.email !== undefined),
      webhooks: [],
    };
  }
  if (party.personId !== undefined) {
    // a notice for one person reaches that person only: their own in-app inbox entry and
    // email, never the unit's other staff in the role nor its webhooks.
    const person = unit?.people.find((p) => p.personId === party.personId);
    return {
      known: person !== undefined,
      inApp: person?.inApp ?? true,
      email: person?.email === undefined ? [] : [person as DirectoryPerson & { email: string }],
      webhooks: [],
    };
  }
  if (!unit) return { inApp: true, email: [], webhooks: [], known: false };
  const people = unit.people.filter((p) => p.roles.includes(party.role));
  const hooks = unit.webhooks.filter((w) => !w.roles || w.roles.includes(party.role));
  return {
    known: true,
    inApp: people.length === 0 || people.some((p) => p.inApp),
    email: people.filter((p): p is DirectoryPerson & { email: string } => p.email !== undefined),
    webhooks: hooks.map((w) => ({ ...w, id: w.id ?? w.url })),
  };
}

export class DirectoryError extends Error {
  constructor(readonly file: string, readonly issues: string[]) {
    super([`通讯录无效 / invalid directory ${file}:`, ...issues.map((i) => `  - ${i}`)].join('\n'));
    this.name = 'DirectoryError';
  }
}

/** Reads and validates a directory file; undefined when there is none (in-app only). */
export async function loadDirectory(file: string): Promise<Directory | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DirectoryError(file, [`不是合法的 JSON / not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success) {
    throw new DirectoryError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/**
 * The directory as the worker sees it: re-read when the file changes, so an operator's edit
 * applies to the next delivery without a restart.
 */
export class DirectorySource {
  private cached: { mtimeMs: number; size: number; directory: Directory | undefined } | undefined;

  constructor(readonly file: string) {}

  async current(): Promise<Directory | undefined> {
    const s = await stat(this.file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!s) return undefined;
    if (this.cached && this.cached.mtimeMs === s.mtimeMs && this.cached.size === s.size) return this.cached.directory;
    const directory = await loadDirectory(this.file);
    this.cached = { mtimeMs: s.mtimeMs, size: s.size, directory };
    return directory;
  }
}
