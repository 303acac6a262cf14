import type { Notice, NoticeTemplate, Party } from '../domain';

/*
 * The wire shapes of notice delivery, shared by the local activity, the dispatcher workflow
 * (which may only `import type` from activities/) and the delivery activities. Plain JSON.
 */

/**
 * What a procedure hands to `enqueueNotices` for one command: the notices its domain
 * event(s) yield (domain/notices.ts), with enough context to name and render them.
 */
export interface NoticeBatch {
  procedureKey: string;
  title: string;
  /** Index of the domain event in the procedure: with the template and recipient it names the notice. */
  eventSeq: number;
  /** ISO-8601 instant of the event. */
  at: string;
  notices: Notice[];
}

/** One notice for one recipient party: the unit of work of the dispatcher and of `deliverNotice`. */
export interface DeliveryJob {
  /** Stable across retries and re-enqueues: procedure, event, template, party. */
  key: string;
  procedureKey: string;
  title: string;
  eventSeq: number;
  at: string;
  template: NoticeTemplate;
  ruleId: string;
  party: Party;
  data: Record<string, unknown>;
}

/**
 * How long a delivery keeps trying (issue: an outage retries with backoff until success or a
 * policy limit). Both limits apply; whichever is reached first ends the retries.
 */
export interface DeliveryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** Total time from the first attempt (DELIVERY_RETRY_LIMIT). */
  limitMs: number;
  /** 0 = no cap on the number of attempts, only on time. */
  maximumAttempts: number;
}

/** What the dispatcher carries into its next run on continue-as-new. */
export interface DispatcherCarried {
  /** Jobs not yet finished, in order; `startedAt` keeps their retry budget across runs. */
  queue: (DeliveryJob & { startedAt?: number })[];
  /** Keys seen recently, oldest first: a re-enqueued batch is dropped here before any I/O. */
  recent: string[];
  counts: { delivered: number; failed: number };
}

/** The dispatcher workflow's one argument. */
export interface DispatcherInput {
  shard: number;
  policy: DeliveryPolicy;
  /** At most this many deliveries run at once (default 16). */
  maxConcurrent?: number;
  /** Continue as new once the history has this many events, if the server has not suggested it sooner. */
  continueAsNewAfterEvents?: number;
  carried?: DispatcherCarried;
}

/** The dispatcher's status query: what operators and tests read. */
export interface DispatcherStatus {
  queued: number;
  inFlight: number;
  delivered: number;
  failed: number;
  /** Batches' jobs this run dropped as already seen (a repeated hand-over); not carried. */
  duplicatesDropped: number;
  recentFailures: { key: string; procedureKey: string; template: string; reason: string }[];
}

/** How a delivery that reached its limit is recorded for operators. */
export interface DeliveryFailureReport {
  job: DeliveryJob;
  reason: string;
}
