import { open, stat } from 'node:fs/promises';
import { appendLine } from './append-line';
import { join } from 'node:path';
import type { Party } from '../domain';

/*
 * The durable record of notice delivery: one JSON line per delivered notice, per failed
 * attempt and per notice that reached the retry limit. It is what makes delivery exactly-once
 * to the reader (a retry skips ids already here) and what operators read (listing, metrics).
 * Only Node built-ins, so the API and scripts can read it without Temporal.
 */

export const CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Which job a record belongs to: enough for an operator to find the procedure and the party. */
export interface JobRef {
  key: string;
  procedureKey: string;
  eventSeq: number;
  template: string;
  party: Party;
}

export interface Undelivered {
  id: string;
  channel: Channel;
  recipient: string;
  error: string;
}

export type DeliveryRecord =
  | { kind: 'delivered'; at: string; id: string; job: JobRef; channel: Channel; recipient: string; messageId?: string }
  | ({ kind: 'attempt_error'; at: string; job: JobRef; retryable: boolean; attempt: number } & Undelivered)
  | { kind: 'failed'; at: string; job: JobRef; reason: string; undelivered: Undelivered[] };

export type FailedDelivery = Extract<DeliveryRecord, { kind: 'failed' }>;
export type AttemptError = Extract<DeliveryRecord, { kind: 'attempt_error' }>;

/**
 * The log of one file, read incrementally: each call reads only the bytes appended since the
 * last one (by this or another process), so checking an id before every send stays cheap.
 */
export class DeliveryLog {
  private offset = 0;
  private delivered = new Set<string>();
  /** The latest error of each id not delivered (yet): what a failure report lists. */
  private lastError = new Map<string, AttemptError>();
  private failed: FailedDelivery[] = [];
  private counts = emptyCounts();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Runs `fn` after every earlier write or read of this instance: one reader of the offset at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async catchUp(): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? 0 : Promise.reject(e)),
    );
    // A smaller file was replaced (an operator rotated it): start over.
    if (size < this.offset) this.reset();
    if (size === this.offset) return;
    const fh = await open(this.file, 'r');
    try {
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      // A writer may be half-way through a line: consume whole lines only.
      const end = buf.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (line.trim() !== '') this.take(JSON.parse(line) as DeliveryRecord);
      }
      this.offset += end;
    } finally {
      await fh.close();
    }
  }

  private reset(): void {
    this.offset = 0;
    this.delivered = new Set();
    this.lastError = new Map();
    this.failed = [];
    this.counts = emptyCounts();
  }

  private take(r: DeliveryRecord): void {
    switch (r.kind) {
      case 'delivered':
        this.delivered.add(r.id);
        this.lastError.delete(r.id);
        this.counts.delivered[r.channel] += 1;
        break;
      case 'attempt_error':
        if (!this.delivered.has(r.id)) this.lastError.set(r.id, r);
        this.counts.attemptErrors[r.channel][r.retryable ? 'true' : 'false'] += 1;
        break;
      case 'failed':
        this.failed.push(r);
        this.counts.failed += 1;
        break;
    }
  }

  private append(r: DeliveryRecord): Promise<void> {
    return this.serial(async () => {
      // One appendFile call per line: O_APPEND keeps lines of concurrent processes whole.
      await appendLine(this.file, JSON.stringify(r) + '\n');
      await this.catchUp();
    });
  }

  isDelivered(id: string): Promise<boolean> {
    return this.serial(async () => {
      await this.catchUp();
      return this.delivered.has(id);
    });
  }

  recordDelivered(r: Omit<Extract<DeliveryRecord, { kind: 'delivered' }>, 'kind'>): Promise<void> {
    return this.append({ kind: 'delivered', ...r });
  }

  recordAttemptError(r: Omit<AttemptError, 'kind'>): Promise<void> {
    return this.append({ kind: 'attempt_error', ...r });
  }

  /** Records that a job reached the retry limit, with the latest error of each of its undelivered ids. */
  async recordFailed(job: JobRef, reason: string, at: string): Promise<FailedDelivery> {
    const undelivered = await this.serial(async () => {
      await this.catchUp();
      return [...this.lastError.values()]
        .filter((e) => e.job.key === job.key)
        .map(({ id, channel, recipient, error }) => ({ id, channel, recipient, error }));
    });
    const record: FailedDelivery = { kind: 'failed', at, job, reason, undelivered };
    await this.append(record);
    return record;
  }

  /** Jobs that reached the retry limit, newest first. */
  failures(filter: { procedureKey?: string } = {}): Promise<FailedDelivery[]> {
    return this.serial(async () => {
      await this.catchUp();
      return this.failed.filter((f) => !filter.procedureKey || f.job.procedureKey === filter.procedureKey).reverse();
    });
  }

  /** Ids whose latest attempt failed and that are not delivered: retrying now, or given up. */
  retrying(filter: { procedureKey?: string } = {}): Promise<AttemptError[]> {
    return this.serial(async () => {
      await this.catchUp();
      const givenUp = new Set(this.failed.map((f) => f.job.key));
      return [...this.lastError.values()]
        .filter((e) => !givenUp.has(e.job.key) && (!filter.procedureKey || e.job.procedureKey === filter.procedureKey))
        .reverse();
    });
  }

  /** The counters in the Prometheus text format (version 0.0.4), for GET /metrics. */
  metrics(): Promise<string> {
    return this.serial(async () => {
      await this.catchUp();
      return prometheusText(this.counts);
    });
  }
}

type Counts = ReturnType<typeof emptyCounts>;
function emptyCounts() {
  const perChannel = <T>(f: () => T) => Object.fromEntries(CHANNELS.map((c) => [c, f()])) as Record<Channel, T>;
  return {
    delivered: perChannel(() => 0),
    attemptErrors: perChannel(() => ({ true: 0, false: 0 })),
    failed: 0,
  };
}

function prometheusText(c: Counts): string {
  const lines = [
    '# HELP notice_deliveries_total 已送达的通知 / Notices delivered, by channel.',
    '# TYPE notice_deliveries_total counter',
    ...CHANNELS.map((ch) => `notice_deliveries_total{channel="${ch}"} ${c.delivered[ch]}`),
    '# HELP notice_delivery_attempt_errors_total 投递尝试失败 / Failed delivery attempts, by channel and whether they are retried.',
    '# TYPE notice_delivery_attempt_errors_total counter',
    ...CHANNELS.flatMap((ch) =>
      (['true', 'false'] as const).map(
        (r) => `notice_delivery_attempt_errors_total{channel="${ch}",retryable="${r}"} ${c.attemptErrors[ch][r]}`,
      ),
    ),
    '# HELP notice_delivery_failures_total 达到重试上限仍未送达的通知 / Notices that reached the retry limit undelivered.',
    '# TYPE notice_delivery_failures_total counter',
    `notice_delivery_failures_total ${c.failed}`,
  ];
  return lines.join('\n') + '\n';
}

/** One reader per file per process: a scrape every few seconds reads only what was appended since. */
const readers = new Map<string, DeliveryLog>();
function reader(file: string): DeliveryLog {
  let log = readers.get(file);
  if (!log) readers.set(file, (log = new DeliveryLog(file)));
  return log;
}

/** Operators' listing (API, scripts/deliveries.ts): notices that reached the retry limit, newest first. */
export function listFailedDeliveries(file: string, filter: { procedureKey?: string } = {}): Promise<FailedDelivery[]> {
  return reader(file).failures(filter);
}

/** The delivery counters as Prometheus text, read from the log file (any process may call it). */
export function deliveryMetrics(file: string): Promise<string> {
  return reader(file).metrics();
}

/** The JSON-lines file of delivered and failed notices, under DATA_DIR. */
export function deliveryLogFile(dataDir: string): string {
  return join(dataDir, 'notifications', 'deliveries.jsonl');
}
