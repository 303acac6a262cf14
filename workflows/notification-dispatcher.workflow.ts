import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type {
  DeliveryJob,
  DeliveryPolicy,
  DispatcherCarried,
  DispatcherInput,
  DispatcherStatus,
  NoticeBatch,
} from '../activities/notice-types';
import { jobsOf } from './notice-jobs';
import { dispatcherStatusQuery, enqueueNoticesSignal } from './notification-dispatcher.messages';

// Shared with the notice relay (runtime/notice-relay.ts); imported from here by older callers.
export { jobKey, jobsOf } from './notice-jobs';

/** Keys remembered for dropping a re-enqueued batch; older repeats are caught by the delivery log. */
const RECENT_KEYS = 2000;
/** Failures the status query lists. */
const RECENT_FAILURES = 20;
/** How long a rotation waits for running deliveries before carrying them into the next run. */
const DRAIN_WAIT = '5 minutes';

/** A job with the instant its first attempt was scheduled: the retry limit counts from there, across runs. */
type QueuedJob = DeliveryJob & { startedAt?: number };

const { recordDeliveryFailure } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  // Writing one line to the log: retried until it succeeds, so no failure goes unrecorded.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The delivery activity with the policy's backoff and what is left of the job's time budget. */
function deliverWithin(policy: DeliveryPolicy, remainingMs: number) {
  return proxyActivities<Activities>({
    scheduleToCloseTimeout: remainingMs,
    startToCloseTimeout: Math.min(remainingMs, 120_000),
    retry: {
      initialInterval: policy.initialIntervalMs,
      backoffCoefficient: policy.backoffCoefficient,
      maximumInterval: policy.maximumIntervalMs,
      ...(policy.maximumAttempts > 0 ? { maximumAttempts: policy.maximumAttempts } : {}),
    },
  }).deliverNotice;
}

/** The messages of a failure and its causes, outermost first: the timeout and the last attempt's error. */
function reasonOf(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined; e && parts.length < 4; e = e.cause as typeof e) {
    if (e.message) parts.push(e.message);
  }
  return parts.join(' ← ') || String(err);
}

/**
 * 通知分发: receives procedures' notices by signal and delivers each (notice × party) as an
 * activity with backoff, several at once, so a slow or failing channel never holds up a
 * procedure (whose own history stays within its budget). A job that reaches the policy limit
 * is recorded for operators. Continues as new when the history grows, carrying its queue,
 * its counters and the keys it has seen.
 */
export async function notificationDispatcher(input: DispatcherInput): Promise<void> {
  const queue: QueuedJob[] = [...(input.carried?.queue ?? [])];
  const recent: string[] = [...(input.carried?.recent ?? [])];
  const seen = new Set(recent);
  const counts = { ...(input.carried?.counts ?? { delivered: 0, failed: 0 }) };
  const inFlight = new Map<string, QueuedJob>();
  let duplicatesDropped = 0;
  const recentFailures: DispatcherStatus['recentFailures'] = [];
  const maxConcurrent = input.maxConcurrent ?? 16;

  const remember = (key: string) => {
    seen.add(key);
    recent.push(key);
    if (recent.length > RECENT_KEYS) seen.delete(recent.shift() as string);
  };

  // Handlers before the first await (STYLE).
  setHandler(enqueueNoticesSignal, (batch: NoticeBatch) => {
    for (const job of jobsOf(batch)) {
      if (seen.has(job.key)) {
        duplicatesDropped += 1;
        continue;
      }
      remember(job.key);
      queue.push(job);
    }
  });
  setHandler(dispatcherStatusQuery, () => ({ queued: queue.length, inFlight: inFlight.size, ...counts, duplicatesDropped, recentFailures }));

  const fail = async (job: QueuedJob, reason: string) => {
    counts.failed += 1;
    recentFailures.push({ key: job.key, procedureKey: job.procedureKey, template: job.template, reason });
    if (recentFailures.length > RECENT_FAILURES) recentFailures.shift();
    log.warn('通知达到重试上限 / notice reached the retry limit', { key: job.key, reason });
    const { startedAt: _startedAt, ...plain } = job;
    await recordDeliveryFailure({ job: plain, reason });
  };

  const run = async (job: QueuedJob) => {
    inFlight.set(job.key, job);
    try {
      job.startedAt ??= Date.now();
      const remaining = input.policy.limitMs - (Date.now() - job.startedAt);
      if (remaining <= 0) {
        await fail(job, '重试时限已到 / retry limit reached');
        return;
      }
      const { startedAt: _startedAt, ...plain } = job;
      try {
        await deliverWithin(input.policy, remaining)(plain);
        counts.delivered += 1;
      } catch (err) {
        await fail(job, reasonOf(err));
      }
    } catch (err) {
      // Only a cancelled dispatcher gets here (the failure record retries without limit);
      // an unhandled rejection would fail every workflow task from now on.
      log.error('通知分发中断 / dispatch interrupted', { key: job.key, reason: reasonOf(err) });
    } finally {
      inFlight.delete(job.key);
    }
  };

  const historyLimit = input.continueAsNewAfterEvents ?? 10_000;
  const rotate = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;
  const canStart = () => queue.length > 0 && inFlight.size < maxConcurrent;

  for (;;) {
    await condition(() => canStart() || rotate());
    if (rotate()) break;
    while (canStart()) void run(queue.shift() as QueuedJob);
  }
  // Deliveries still running after the wait are carried and started again in the next run,
  // with the time they have used; the delivery log makes the repeat harmless.
  await condition(() => inFlight.size === 0, DRAIN_WAIT);
  await condition(allHandlersFinished);
  const carried: DispatcherCarried = { queue: [...inFlight.values(), ...queue], recent, counts };
  await continueAsNew<typeof notificationDispatcher>({ ...input, carried });
}
