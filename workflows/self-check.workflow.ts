import type { Duration } from '@temporalio/common';
import { log, sleep, workflowInfo } from '@temporalio/workflow';

/** Input of {@link selfCheck}; `sleep` is a duration such as `'2s'` or `'30 days'`, or milliseconds. */
export interface SelfCheckInput {
  sleep: Duration;
}

export interface SelfCheckResult {
  workflowId: string;
  /** Workflow time (ISO-8601) when the check began and when its timer fired. */
  startedAt: string;
  finishedAt: string;
  /** Workflow time that passed across the timer; equals the requested duration on a healthy server. */
  sleptMs: number;
}

/**
 * A small real workflow an operator runs after installing (`npm run self-check`) to see the
 * whole chain work: the server stores a durable timer, a worker picks up the task, the timer
 * fires and the result comes back. The foundation tests run it too, including a 30-day sleep
 * on the time-skipping server.
 */
export async function selfCheck(input: SelfCheckInput): Promise<SelfCheckResult> {
  // Date.now() inside a workflow is the deterministic workflow clock, not the host's.
  const started = Date.now();
  log.info('自检开始,进入持久计时器 / self-check sleeping on a durable timer', { sleep: String(input.sleep) });
  await sleep(input.sleep);
  const finished = Date.now();
  log.info('自检完成 / self-check finished', { sleptMs: finished - started });
  return {
    workflowId: workflowInfo().workflowId,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    sleptMs: finished - started,
  };
}
