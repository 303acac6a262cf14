import { join } from 'node:path';
import { appendLine } from '../runtime/append-line';
import { addressedTo, inboxFile, type InboxNotice } from '../runtime/in-app-inbox';
import { JsonlTail } from '../runtime/jsonl-tail';

/** Who reads: the acting role and unit (the desk a notice is addressed to), and the person (read marks, R-47). */
export interface Reader {
  role: string;
  unit: string;
  personId: string;
}

/** One person's mark that they read one notice: a line of `DATA_DIR/notifications/in-app-read.jsonl`. */
interface ReadMark {
  noticeId: string;
  personId: string;
  at: string;
}

export interface NoticePage {
  items: (InboxNotice & { read: boolean })[];
  /** Of the reader's notices (of those listed, with `unread`). */
  total: number;
  unreadCount: number;
}

const markKey = (personId: string, noticeId: string) => `${personId}\n${noticeId}`;

/**
 * The in-app inbox as people read it (GET /me/notices): the worker's notices file
 * (runtime/in-app-inbox.ts) and the API's own append-only file of read marks, both followed
 * incrementally (runtime/jsonl-tail.ts) — read once, then only what any process (workers,
 * other API processes on the same DATA_DIR) appended since. A notice is addressed to a desk
 * (role and unit) and shared by everyone at it; whether it was read is per person.
 */
export class NoticeBoard {
  private readonly notices = new Map<string, InboxNotice & { seq: number }>();
  private readonly reads = new Set<string>();
  private readonly inbox: JsonlTail<InboxNotice>;
  private readonly marks: JsonlTail<ReadMark>;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    inboxPath: string,
    private readonly readsPath: string,
  ) {
    this.inbox = new JsonlTail<InboxNotice>(
      inboxPath,
      // The writer dedupes by id; two workers on one file could still both write one: the first counts.
      (n) => {
        if (typeof n?.id === 'string' && !this.notices.has(n.id)) this.notices.set(n.id, { ...n, seq: this.notices.size });
      },
      () => this.notices.clear(),
    );
    this.marks = new JsonlTail<ReadMark>(
      readsPath,
      (m) => {
        if (typeof m?.personId === 'string' && typeof m.noticeId === 'string') this.reads.add(markKey(m.personId, m.noticeId));
      },
      () => this.reads.clear(),
    );
  }

  static inDataDir(dataDir: string): NoticeBoard {
    return new NoticeBoard(inboxFile({ dataDir }), join(dataDir, 'notifications', 'in-app-read.jsonl'));
  }

  private async refresh(): Promise<void> {
    await Promise.all([this.inbox.refresh(), this.marks.refresh()]);
  }

  /** The reader's notices, unread first, then newest first; `offset`/`limit` page them. */
  async page(reader: Reader, opts: { unreadOnly: boolean; offset: number; limit: number }): Promise<NoticePage> {
    await this.refresh();
    const mine = [...this.notices.values()]
      .filter((n) => addressedTo(n, reader))
      .map((n) => ({ n, read: this.reads.has(markKey(reader.personId, n.id)) }));
    const unreadCount = mine.filter((x) => !x.read).length;
    const listed = (opts.unreadOnly ? mine.filter((x) => !x.read) : mine).sort(
      (a, b) => Number(a.read) - Number(b.read) || Date.parse(b.n.at) - Date.parse(a.n.at) || b.n.seq - a.n.seq,
    );
    const items = listed.slice(opts.offset, opts.offset + opts.limit).map(({ n: { seq: _seq, ...n }, read }) => ({ ...n, read }));
    return { items, total: listed.length, unreadCount };
  }

  /**
   * Marks a notice of the reader's as read by this person; once is enough (a repeat writes
   * nothing). False when the reader has no such notice.
   */
  async markRead(reader: Reader, noticeId: string, now: string): Promise<boolean> {
    await this.refresh();
    const n = this.notices.get(noticeId);
    if (!n || !addressedTo(n, reader)) return false;
    const key = markKey(reader.personId, noticeId);
    const run = this.writes.then(async () => {
      if (this.reads.has(key)) return;
      const mark: ReadMark = { noticeId, personId: reader.personId, at: now };
      await appendLine(this.readsPath, JSON.stringify(mark) + '\n');
      this.reads.add(key);
    });
    this.writes = run.catch(() => undefined);
    await run;
    return true;
  }
}
