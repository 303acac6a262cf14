import { closeSync, existsSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, write, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { NoticeBatch } from '../activities/notice-types';

/**
 * A batch as the worker received it from a workflow task (workflows/notice-sink.ts): which run,
 * and which task, so the relay can check in that run's history that the task completed.
 */
export interface JournalEntry {
  id: string;
  workflowId: string;
  runId: string;
  /** The task's WorkflowTaskStarted event id: the event after it must be WorkflowTaskCompleted. */
  taskStartedEventId: number;
  /** When the worker received it: a delivery's retry limit counts from here (DeliveryPolicy.limitMs). */
  receivedAt: string;
  batch: NoticeBatch;
}

type Line = { kind: 'entry'; entry: JournalEntry } | { kind: 'done'; id: string; outcome: string };

/** Entries of a journal file with no `done` line, in order. A torn last line (a kill mid-write) is skipped. */
export function pendingIn(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const open = new Map<string, JournalEntry>();
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text) continue;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      continue;
    }
    if (line.kind === 'entry') open.set(line.entry.id, line.entry);
    else if (line.kind === 'done') open.delete(line.id);
  }
  return [...open.values()];
}

/** Whether a process of this host with this pid is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The worker's notice outbox on disk: one append-only JSON-lines file per worker process
 * (`<host>-<pid>.jsonl` under DATA_DIR/notifications/outbox). A batch is written, and flushed to
 * the disk, before the worker reports its workflow task complete; a `done` line follows once
 * every notice of it is delivered or recorded as failed. A worker that starts takes over the
 * files of dead workers of the same host, so a kill -9 loses nothing.
 */
export class NoticeJournal {
  readonly file: string;
  private fd: number;
  private seq = 0;
  /** Lines waiting for the next group write, with whoever waits for them to be on the disk. */
  private queued: { text: string; done: (err?: Error) => void }[] = [];
  private flushing = false;

  constructor(readonly dir: string, private readonly owner = `${hostname()}-${process.pid}`) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${owner}.jsonl`);
    this.fd = openSync(this.file, 'a');
  }

  /** Pending entries of this file and of every dead worker's file, which become this worker's. */
  recover(): JournalEntry[] {
    const pending: JournalEntry[] = [];
    for (const name of readdirSync(this.dir)) {
      const m = /^(.*)-(\d+)\.jsonl$/.exec(name);
      const other = path.join(this.dir, name);
      if (!m || other === this.file || m[1] !== hostname() || alive(Number(m[2]))) continue;
      // Renamed first, so two workers starting at once cannot both take it over.
      const claimed = `${this.file}.adopting-${name}`;
      try {
        renameSync(other, claimed);
      } catch {
        continue;
      }
      for (const e of pendingIn(claimed)) {
        writeSync(this.fd, `${JSON.stringify({ kind: 'entry', entry: e } satisfies Line)}\n`);
        pending.push(e);
      }
      fdatasyncSync(this.fd);
      unlinkSync(claimed);
    }
    return [...pendingIn(this.file).filter((e) => !pending.some((p) => p.id === e.id)), ...pending];
  }

  /**
   * Records a batch. The entry is returned at once; `durable` resolves once its line is on the
   * disk (fdatasync). Lines that arrive while a write is under way go out together in the next
   * one, with one fdatasync for all (group commit), off the event loop.
   */
  append(e: Omit<JournalEntry, 'id'>): { entry: JournalEntry; durable: Promise<void> } {
    const entry: JournalEntry = { id: `${this.owner}-${Date.now().toString(36)}-${(this.seq++).toString(36)}`, ...e };
    const durable = new Promise<void>((resolve, reject) => {
      this.queued.push({ text: `${JSON.stringify({ kind: 'entry', entry } satisfies Line)}\n`, done: (err) => (err ? reject(err) : resolve()) });
    });
    this.flush();
    return { entry, durable };
  }

  /**
   * The entry is finished: every notice delivered, recorded as failed, or the task never
   * completed. Not flushed on its own: a `done` line lost in a crash only makes the next worker
   * deliver the batch again, and the delivery log drops every repeat.
   */
  done(id: string, outcome: string): void {
    this.queued.push({ text: `${JSON.stringify({ kind: 'done', id, outcome } satisfies Line)}\n`, done: () => undefined });
    this.flush();
  }

  /** Resolves once every line handed in so far is written (tests, a stop). */
  async drain(): Promise<void> {
    while (this.queued.length > 0 || this.flushing) await new Promise((r) => setTimeout(r, 1));
  }

  private flush(): void {
    if (this.flushing || this.queued.length === 0) return;
    this.flushing = true;
    const group = this.queued.splice(0);
    const buf = Buffer.from(group.map((q) => q.text).join(''), 'utf8');
    const finish = (err: Error | null) => {
      this.flushing = false;
      for (const q of group) q.done(err ?? undefined);
      this.flush();
    };
    const writeAll = (offset: number) =>
      write(this.fd, buf, offset, buf.length - offset, null, (err, n) => {
        if (err) return finish(err);
        if (offset + n < buf.length) return writeAll(offset + n);
        fdatasync(this.fd, (syncErr) => finish(syncErr));
      });
    writeAll(0);
  }

  /** Rewrites the file with its pending entries only (at start: the file otherwise grows forever). */
  compact(): void {
    const pending = pendingIn(this.file);
    closeSync(this.fd);
    const tmp = `${this.file}.compact`;
    const fd = openSync(tmp, 'w');
    for (const entry of pending) writeSync(fd, `${JSON.stringify({ kind: 'entry', entry } satisfies Line)}\n`);
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
    this.fd = openSync(this.file, 'a');
  }

  /** Closes the file once the lines handed in are written. */
  async close(): Promise<void> {
    await this.drain();
    closeSync(this.fd);
  }
}
