import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { InjectedSinks } from '@temporalio/worker';
import type { NoticeSinks } from '../workflows/notice-sink';
import { jobsOf } from '../workflows/notice-jobs';
import type { DeliveryFailureReport, DeliveryJob, DeliveryPolicy, NoticeBatch } from '../activities/notice-types';
import type { JournalEntry, NoticeJournal } from './notice-journal';

const EventType = temporal.api.enums.v1.EventType;

/** The part of the workflow service the relay reads: a run's history, never written. */
export interface HistoryReader {
  getWorkflowExecutionHistory(req: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest): Promise<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse>;
  /** Newest events first: the relay reads only the tail it needs (not every server has it). */
  getWorkflowExecutionHistoryReverse?(req: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseRequest): Promise<temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseResponse>;
}

type HistoryPage = { events: temporal.api.history.v1.IHistoryEvent[]; next?: Uint8Array };

export interface RelayLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface RelayDeps {
  journal: NoticeJournal;
  history: HistoryReader;
  namespace: string;
  /** One notice to one party on every channel (activities/deliver.activities.ts); idempotent by notice id. */
  deliver(job: DeliveryJob): Promise<unknown>;
  /** A job that reached the policy's limit, recorded for operators. */
  recordFailure(report: DeliveryFailureReport): Promise<void>;
  policy: DeliveryPolicy;
  logger: RelayLogger;
  maxConcurrent?: number;
  /** First look at the history after a batch arrives; the task's completion is on its way by then. */
  firstCheckMs?: number;
}

/** What the status line and /metrics read. */
export interface RelayStatus {
  awaitingTask: number;
  queued: number;
  inFlight: number;
  delivered: number;
  failed: number;
  /** Batches of a task that did not complete: their events were never recorded, so nothing is sent. */
  discarded: number;
}

interface RunWait {
  workflowId: string;
  runId: string;
  entries: JournalEntry[];
  tries: number;
  timer?: NodeJS.Timeout;
}

interface Pending {
  entryId: string;
  job: DeliveryJob;
  firstAt: number;
  attempt: number;
}

type TaskOutcome = 'completed' | 'not-completed' | 'not-yet';

/** Longest wait between two looks at a run whose task is still open. */
const MAX_CHECK_MS = 5_000;
/** Looks at a history the server says does not exist before the batch is given up. */
const NOT_FOUND_TRIES = 20;

/**
 * 通知中继: delivers the notices procedures hand over after their workflow tasks (v8,
 * workflows/notice-sink.ts). Each batch is journaled first (runtime/notice-journal.ts), then
 * held until the run's history shows its task completed, and only then delivered, each
 * (notice × party) with the policy's backoff, several at once. A batch whose task failed or
 * timed out is dropped: its events were never recorded (the retried task hands its own). The
 * delivery log makes every repeat after a crash harmless, so each reader gets each notice once.
 */
export class NoticeRelay {
  private readonly runs = new Map<string, RunWait>();
  private readonly ready: Pending[] = [];
  private readonly left = new Map<string, number>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private stopped = false;
  private readonly counts = { delivered: 0, failed: 0, discarded: 0 };
  private idle: (() => void)[] = [];
  /** Whether the server answers the reverse history read (set false at its first UNIMPLEMENTED). */
  private reverse = true;

  constructor(private readonly deps: RelayDeps) {}

  /** Takes up what the journal (this worker's, and dead workers' of this host) still holds. */
  start(): void {
    const pending = this.deps.journal.recover();
    this.deps.journal.compact();
    if (pending.length > 0) this.deps.logger.info({ component: 'notice-relay', pending: pending.length }, '恢复未完成的通知 / resuming pending notices');
    for (const e of pending) this.awaitTask(e);
  }

  /**
   * The sink's function: called by the worker after a task's activation, before it reports the
   * task, which waits for the returned promise: the batch is on the disk before the task completes.
   */
  async hand(info: { workflowId: string; runId: string; historyLength: number }, batch: NoticeBatch): Promise<void> {
    const { entry, durable } = this.deps.journal.append({
      workflowId: info.workflowId,
      runId: info.runId,
      taskStartedEventId: info.historyLength,
      receivedAt: new Date().toISOString(),
      batch,
    });
    this.awaitTask(entry);
    await durable;
  }

  status(): RelayStatus {
    let awaitingTask = 0;
    for (const r of this.runs.values()) awaitingTask += r.entries.length;
    return { awaitingTask, queued: this.ready.length + this.retries.size, inFlight: this.inFlight, ...this.counts };
  }

  /** Resolves when nothing is awaiting its task, queued or in flight (tests, a drain before stopping). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking work; waits up to `graceMs` for deliveries in flight. What is left stays journaled. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const r of this.runs.values()) clearTimeout(r.timer);
    for (const t of this.retries) clearTimeout(t);
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.deps.journal.close();
  }

  private isIdle(): boolean {
    const s = this.status();
    return s.awaitingTask === 0 && s.queued === 0 && s.inFlight === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private awaitTask(entry: JournalEntry): void {
    const key = `${entry.workflowId}/${entry.runId}`;
    const run = this.runs.get(key) ?? { workflowId: entry.workflowId, runId: entry.runId, entries: [], tries: 0 };
    run.entries.push(entry);
    this.runs.set(key, run);
    if (!run.timer) this.checkLater(key, run, this.deps.firstCheckMs ?? 20);
  }

  private checkLater(key: string, run: RunWait, ms: number): void {
    if (this.stopped) return;
    run.timer = setTimeout(() => void this.check(key, run), ms);
    run.timer.unref();
  }

  /** One read of the run's history settles every batch of it whose task has ended. */
  private async check(key: string, run: RunWait): Promise<void> {
    run.timer = undefined;
    run.tries += 1;
    let outcomes: Map<number, TaskOutcome>;
    try {
      outcomes = await this.taskOutcomes(run);
    } catch (err) {
      const notFound = (err as { code?: number }).code === 5;
      if (notFound && run.tries >= NOT_FOUND_TRIES) {
        this.deps.logger.error({ component: 'notice-relay', workflowId: run.workflowId, runId: run.runId, batches: run.entries.length }, '找不到该流程的历史，通知已放弃 / no history for the run: its notices are given up');
        for (const e of run.entries) this.discard(e, 'history-not-found');
        run.entries = [];
      }
      outcomes = new Map();
    }
    const still: JournalEntry[] = [];
    for (const e of run.entries) {
      const o = outcomes.get(e.taskStartedEventId) ?? 'not-yet';
      if (o === 'completed') this.release(e);
      else if (o === 'not-completed') this.discard(e, 'task-not-completed');
      else still.push(e);
    }
    run.entries = still;
    if (still.length === 0) this.runs.delete(key);
    else this.checkLater(key, run, Math.min(MAX_CHECK_MS, 20 * 2 ** Math.min(run.tries, 8)));
    this.pump();
    this.settleIdle();
  }

  /**
   * For each batch's task: whether the event after its WorkflowTaskStarted is its completion.
   * Reads the history newest first, and only back to the oldest task asked about: a few events,
   * not the whole history with every update's payload. Servers without the reverse read (the
   * time-skipping test server) are read forwards.
   */
  private async taskOutcomes(run: RunWait): Promise<Map<number, TaskOutcome>> {
    const types = new Map<number, number>();
    const oldest = Math.min(...run.entries.map((e) => e.taskStartedEventId));
    const newest = Math.max(...run.entries.map((e) => e.taskStartedEventId));
    const execution = { workflowId: run.workflowId, runId: run.runId };
    const reverse = this.reverse ? this.deps.history.getWorkflowExecutionHistoryReverse?.bind(this.deps.history) : undefined;
    let page: (token?: Uint8Array) => Promise<HistoryPage>;
    let done: () => boolean;
    if (reverse) {
      page = async (nextPageToken) => {
        const res = await reverse({ namespace: this.deps.namespace, execution, maximumPageSize: 16, ...(nextPageToken ? { nextPageToken } : {}) });
        return { events: res.history?.events ?? [], ...(res.nextPageToken?.length ? { next: res.nextPageToken } : {}) };
      };
      done = () => [...types.keys()].some((id) => id <= oldest);
    } else {
      page = async (nextPageToken) => {
        const res = await this.deps.history.getWorkflowExecutionHistory({ namespace: this.deps.namespace, execution, maximumPageSize: 1000, ...(nextPageToken ? { nextPageToken } : {}) });
        return { events: res.history?.events ?? [], ...(res.nextPageToken?.length ? { next: res.nextPageToken } : {}) };
      };
      done = () => types.has(newest + 1);
    }
    let token: Uint8Array | undefined;
    try {
      do {
        const p = await page(token);
        for (const ev of p.events) types.set(Number(ev.eventId), ev.eventType ?? 0);
        token = p.next;
      } while (token && !done());
    } catch (err) {
      if (!reverse || (err as { code?: number }).code !== 12) throw err;
      this.reverse = false; // UNIMPLEMENTED: this server reads forwards only
      return this.taskOutcomes(run);
    }
    const outcomes = new Map<number, TaskOutcome>();
    for (const e of run.entries) {
      const started = types.get(e.taskStartedEventId);
      const next = types.get(e.taskStartedEventId + 1);
      if (next === undefined) outcomes.set(e.taskStartedEventId, 'not-yet');
      else if (started === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED && next === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) outcomes.set(e.taskStartedEventId, 'completed');
      else outcomes.set(e.taskStartedEventId, 'not-completed');
    }
    return outcomes;
  }

  private discard(e: JournalEntry, outcome: string): void {
    this.counts.discarded += 1;
    this.deps.journal.done(e.id, outcome);
    this.deps.logger.warn({ component: 'notice-relay', workflowId: e.workflowId, eventSeq: e.batch.eventSeq, outcome }, '任务未完成，通知不发送 / task not completed: its notices are not sent');
  }

  private release(e: JournalEntry): void {
    const jobs = jobsOf(e.batch);
    if (jobs.length === 0) {
      this.deps.journal.done(e.id, 'empty');
      return;
    }
    this.left.set(e.id, jobs.length);
    const firstAt = Date.parse(e.receivedAt);
    for (const job of jobs) this.ready.push({ entryId: e.id, job, firstAt: Number.isFinite(firstAt) ? firstAt : Date.now(), attempt: 0 });
  }

  private pump(): void {
    const max = this.deps.maxConcurrent ?? 16;
    while (!this.stopped && this.inFlight < max && this.ready.length > 0) void this.run(this.ready.shift() as Pending);
  }

  private async run(p: Pending): Promise<void> {
    this.inFlight += 1;
    try {
      await this.deps.deliver(p.job);
      this.counts.delivered += 1;
      this.settle(p);
    } catch (err) {
      const { policy } = this.deps;
      const delay = Math.min(policy.maximumIntervalMs, policy.initialIntervalMs * policy.backoffCoefficient ** p.attempt);
      const permanent = err instanceof ApplicationFailure && err.nonRetryable;
      const outOfTime = Date.now() + delay - p.firstAt > policy.limitMs;
      const outOfAttempts = policy.maximumAttempts > 0 && p.attempt + 1 >= policy.maximumAttempts;
      if (permanent || outOfTime || outOfAttempts || this.stopped) {
        if (!this.stopped) await this.fail(p, err instanceof Error ? err.message : String(err));
      } else {
        const t = setTimeout(() => {
          this.retries.delete(t);
          this.ready.push({ ...p, attempt: p.attempt + 1 });
          this.pump();
        }, delay);
        t.unref();
        this.retries.add(t);
      }
    } finally {
      this.inFlight -= 1;
      this.pump();
      this.settleIdle();
    }
  }

  private async fail(p: Pending, reason: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.recordFailure({ job: p.job, reason });
        break;
      } catch (err) {
        // The failure record is a line in the delivery log: a failure to write it is the operator's to see.
        this.deps.logger.error({ component: 'notice-relay', job: p.job.key, err: String(err) }, '无法记录送达失败 / cannot record a failed delivery');
        if (attempt >= 5 || this.stopped) return;
        await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
      }
    }
    this.counts.failed += 1;
    this.settle(p);
  }

  private settle(p: Pending): void {
    const n = (this.left.get(p.entryId) ?? 1) - 1;
    if (n > 0) {
      this.left.set(p.entryId, n);
      return;
    }
    this.left.delete(p.entryId);
    this.deps.journal.done(p.entryId, 'settled');
  }
}

/** The worker's `sinks` option that hands every v8 procedure's notices to the relay (never on replay). */
export function relaySinks(relay: NoticeRelay): InjectedSinks<NoticeSinks> {
  return { noticeRelay: { hand: { fn: (info, batch) => relay.hand(info, batch), callDuringReplay: false } } };
}
