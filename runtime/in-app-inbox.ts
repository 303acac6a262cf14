import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLine } from './append-line';

/*
 * The in-app inbox file, shared by its writer (the worker's in-app channel, activities/) and its
 * reader (the API's GET /me/notices): one JSON line per notice under DATA_DIR.
 */

/** One notice in a party's in-app inbox. */
export interface InboxNotice {
  /** Derived from (procedure, event, recipient, channel): a retry delivers the same id. */
  id: string;
  procedureKey: string;
  /** A role in a unit, or one person in it (personId, R-47). */
  recipient: { role: string; unit?: string; personId?: string };
  subject: string;
  body: string;
  at: string;
  /** The rule the notice rests on (notices written before it was recorded have none). */
  ruleId?: string;
}

export function inboxFile(config: { dataDir: string }): string {
  return join(config.dataDir, 'notifications', 'in-app.jsonl');
}

/**
 * Whether a notice is in this reader's inbox: the role, the unit (a notice for a role without a
 * unit reaches the role in every unit), and for a notice to one person that person only.
 */
export function addressedTo(n: InboxNotice, reader: { role: string; unit?: string; personId?: string }): boolean {
  return (
    n.recipient.role === reader.role &&
    (!n.recipient.unit || n.recipient.unit === reader.unit) &&
    (n.recipient.personId === undefined || n.recipient.personId === reader.personId)
  );
}

/**
 * The in-app channel: an append-only JSON-lines file under DATA_DIR. Delivery is
 * idempotent by notice id, so an activity retried after a crash shows the notice once.
 * The writer keeps only the ids in memory (a worker with 10,000 procedures open would
 * otherwise hold every notice); a listing reads the file.
 */
export class InAppInbox {
  private ids: Set<string> | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private async read(): Promise<InboxNotice[]> {
    const text = await readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as InboxNotice);
  }

  private async load(): Promise<Set<string>> {
    this.ids ??= new Set((await this.read()).map((n) => n.id));
    return this.ids;
  }

  /** Adds the notice unless one with its id is already there; true when added. */
  deliver(notice: InboxNotice): Promise<boolean> {
    const run = this.chain.then(async () => {
      const ids = await this.load();
      if (ids.has(notice.id)) return false;
      await appendLine(this.file, JSON.stringify(notice) + '\n');
      ids.add(notice.id);
      return true;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** A party's notices, newest first; a notice for one person only when `personId` is theirs. */
  async list(recipient: { role: string; unit?: string; personId?: string }): Promise<InboxNotice[]> {
    await this.chain;
    return (await this.read()).filter((n) => addressedTo(n, recipient)).reverse();
  }
}
