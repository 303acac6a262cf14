import { mkdirSync } from 'node:fs';
import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GENESIS, chainLink } from './canonical-json';

/*
 * docs/rules.md §3: "an action outside the actor's role or unit: 403; it is recorded as refused".
 * Refusals the workflow records itself (missing steps, R-50) are in its history; a refusal the
 * API makes before a request reaches the workflow (no or bad token, wrong role or unit) leaves
 * no trace there, so the API appends it here: JSON lines in `${DATA_DIR}/audit/api-refusals.jsonl`,
 * each line carrying the hash of the previous one, so a removed, reordered or edited line
 * breaks the chain (`verify`). Append-only by construction: the file is only ever opened for
 * appending, one writer at a time (a lock file serialises API processes sharing DATA_DIR).
 */

/** What the API knows about a refusal. */
export const apiRefusalSchema = z.object({
  /** ISO-8601 instant of the refusal. */
  at: z.iso.datetime({ offset: true }),
  /**
   * 401: no or invalid token; 403: role or unit (docs/rules.md §1); 409: an outsider's command refused
   * for missing steps, which the procedure's history does not keep; 429: a client's failed
   * authentications passed the limit (one entry per window and client, not one per request).
   */
  status: z.union([z.literal(401), z.literal(403), z.literal(409), z.literal(429)]),
  /** The route's id in api/authorization.ts (for command routes: the command's wire name). */
  route: z.string().max(200).optional(),
  method: z.string().max(16),
  path: z.string().max(2000),
  /** For routes under /procedures/{key}. */
  procedureKey: z.string().max(200).optional(),
  /** Who tried; absent when the token was missing or invalid. */
  actor: z
    .object({ personId: z.string().max(128), name: z.string().max(128).optional(), unit: z.string().max(128).optional(), role: z.string().max(128).optional() })
    .optional(),
  reason: z.string().max(2000),
  requestId: z.string().max(128).optional(),
});
export type ApiRefusal = z.infer<typeof apiRefusalSchema>;

/** Appended to a caller-supplied string cut to fit (so a reader sees it was cut). */
export const CUT_MARK = '…[已截断 / cut]';
/** Longest caller-supplied string a refusal keeps (path, procedure key, claimed role…). */
export const CALLER_TEXT_MAX = 200;

/** `s` at most `max` characters long, marked when cut. */
export function cut(s: string, max: number = CALLER_TEXT_MAX): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - CUT_MARK.length))}${CUT_MARK}`;
}

/**
 * A caller's string as readers of the record see it: cut, in quotes, on one line (control, line
 * and direction characters escaped), labelled as what the request claimed — never as words of
 * the system. For the auditor's timeline and every other rendering of a refusal.
 */
export function claimed(s: string, label = '请求所称'): string {
  const quoted = JSON.stringify(cut(s)).replace(/[\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `（${label}：${quoted}）`;
}

/**
 * Every string of a refusal cut to what the schema allows, so a refusal is never dropped for
 * an overlong value (an 8 KB X-Acting-Role header, a token with many roles): it is recorded cut.
 */
export function boundRefusal(r: ApiRefusal): ApiRefusal {
  const a = r.actor;
  return {
    ...r,
    ...(r.route !== undefined ? { route: cut(r.route, 200) } : {}),
    method: cut(r.method, 16),
    path: cut(r.path, CALLER_TEXT_MAX),
    ...(r.procedureKey !== undefined ? { procedureKey: cut(r.procedureKey, CALLER_TEXT_MAX) } : {}),
    ...(a
      ? {
          actor: {
            personId: cut(a.personId, 128),
            ...(a.name !== undefined ? { name: cut(a.name, 128) } : {}),
            ...(a.unit !== undefined ? { unit: cut(a.unit, 128) } : {}),
            ...(a.role !== undefined ? { role: cut(a.role, 128) } : {}),
          },
        }
      : {}),
    reason: cut(r.reason, 2000),
    ...(r.requestId !== undefined ? { requestId: cut(r.requestId, 128) } : {}),
  };
}

/** One line of the log: the refusal, its position and its link in the chain. */
export interface ApiRefusalRecord extends ApiRefusal {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface RefusalLogCheck {
  entries: number;
  /** Every broken link or unreadable line, by line number (1-based). */
  problems: { line: number; message: string }[];
}

export const refusalLogPath = (dataDir: string): string => path.join(dataDir, 'audit', 'api-refusals.jsonl');

const LOCK_STALE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const linkOf = (r: Omit<ApiRefusalRecord, 'hash' | 'prevHash'>, prevHash: string) => chainLink(prevHash, r);

function parseLine(line: string): ApiRefusalRecord | undefined {
  try {
    const o = JSON.parse(line) as ApiRefusalRecord;
    return typeof o.seq === 'number' && typeof o.hash === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

export class ApiRefusalLog {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** The log of the API whose data folder is `dataDir`. */
  static inDataDir(dataDir: string): ApiRefusalLog {
    return new ApiRefusalLog(refusalLogPath(dataDir));
  }

  /**
   * Appends one refusal and returns it with its link. Durable when the promise resolves (the
   * line is fsync'ed), so await it before answering the 401/403.
   */
  append(refusal: ApiRefusal): Promise<ApiRefusalRecord> {
    const entry = apiRefusalSchema.parse(boundRefusal(refusal));
    const run = this.queue.then(() => this.withLock(() => this.write(entry)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every refusal, oldest first, optionally for one procedure or one person. */
  async list(filter: { procedureKey?: string; personId?: string } = {}): Promise<ApiRefusalRecord[]> {
    const all = (await this.lines()).map(parseLine).filter((r): r is ApiRefusalRecord => r !== undefined);
    return all.filter(
      (r) =>
        (filter.procedureKey === undefined || r.procedureKey === filter.procedureKey) &&
        (filter.personId === undefined || r.actor?.personId === filter.personId),
    );
  }

  /** Recomputes the chain: an edited, removed, inserted or reordered line is reported. */
  async verify(): Promise<RefusalLogCheck> {
    const problems: RefusalLogCheck['problems'] = [];
    let prev = GENESIS;
    let seq = 0;
    let entries = 0;
    (await this.lines()).forEach((line, i) => {
      const r = parseLine(line);
      if (!r) return void problems.push({ line: i + 1, message: '无法解析 / unreadable line' });
      entries += 1;
      const { hash, prevHash, ...rest } = r;
      if (prevHash !== prev) problems.push({ line: i + 1, message: '与上一行的链接断开 / link to the previous line broken' });
      if (linkOf(rest, prevHash) !== hash) problems.push({ line: i + 1, message: '内容与哈希不符 / content does not match its hash' });
      if (r.seq !== seq + 1) problems.push({ line: i + 1, message: `序号应为 ${seq + 1} / expected seq ${seq + 1}` });
      prev = hash;
      seq = r.seq;
    });
    return { entries, problems };
  }

  private async lines(): Promise<string[]> {
    try {
      return (await readFile(this.file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  private async write(entry: ApiRefusal): Promise<ApiRefusalRecord> {
    const last = await this.last();
    const body = { ...entry, seq: (last?.record.seq ?? 0) + 1 };
    const prevHash = last?.record.hash ?? GENESIS;
    const record: ApiRefusalRecord = { ...body, prevHash, hash: linkOf(body, prevHash) };
    const fh = await open(this.file, 'a');
    try {
      // A line torn by a crash stays where it is (verify reports it); the chain goes on after it.
      await fh.write(`${last?.torn ? '\n' : ''}${JSON.stringify(record)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return record;
  }

  /** The last intact record, read from the file's tail (the whole file only if the tail has none). */
  private async last(): Promise<{ record: ApiRefusalRecord; torn: boolean } | undefined> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (size === 0) return undefined;
    const fh = await open(this.file, 'r');
    try {
      for (const span of [64 * 1024, size]) {
        const len = Math.min(span, size);
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, size - len);
        const text = buf.toString('utf8');
        const lines = text.split('\n');
        for (let i = lines.length - 1; i >= 0; i--) {
          const r = parseLine(lines[i] ?? '');
          if (r) return { record: r, torn: !text.endsWith('\n') };
        }
        if (len === size) break;
      }
      return undefined;
    } finally {
      await fh.close();
    }
  }

  /** One writer across processes: an exclusive lock file, broken when its holder died long ago. */
  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const lock = `${this.file}.lock`;
    let fh: FileHandle | undefined;
    const deadline = Date.now() + 2 * LOCK_STALE_MS;
    while (!fh) {
      try {
        fh = await open(lock, 'wx');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > LOCK_STALE_MS) await unlink(lock).catch(() => undefined);
        else if (Date.now() > deadline) throw new Error(`refusal log locked: ${lock}`);
        else await sleep(10);
      }
    }
    try {
      return await fn();
    } finally {
      await fh.close();
      await unlink(lock).catch(() => undefined);
    }
  }
}

/** The minimal request shape `refusalEntry` reads (an express Request fits). */
export interface RefusedRequest {
  method: string;
  originalUrl: string;
  id?: unknown;
}

/** The procedure a URL concerns, if any: /procedures/{key}/… and /audit/procedures/{key}/…. */
export function procedureKeyOfPath(url: string): string | undefined {
  const m = /^(?:\/audit)?\/procedures\/([^/?#]+)/.exec(url);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** A refusal entry from the request being refused (for the API's auth and authorization code). */
export function refusalEntry(
  req: RefusedRequest,
  r: { status: ApiRefusal['status']; reason: string; route?: string; actor?: ApiRefusal['actor']; at?: string },
): ApiRefusal {
  const key = procedureKeyOfPath(req.originalUrl);
  return boundRefusal({
    at: r.at ?? new Date().toISOString(),
    status: r.status,
    ...(r.route ? { route: r.route } : {}),
    method: req.method,
    path: req.originalUrl,
    ...(key ? { procedureKey: key } : {}),
    ...(r.actor ? { actor: r.actor } : {}),
    reason: r.reason,
    ...(typeof req.id === 'string' || typeof req.id === 'number' ? { requestId: String(req.id) } : {}),
  });
}
