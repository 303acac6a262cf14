import type { ChildProcess } from 'node:child_process';
import { temporal } from '@temporalio/proto';
import { spawnWorker } from '../../bench/memory-list.bench';
import { startStack, type Stack } from '../../bench/stack';

/** Ends a child process with SIGKILL (kill -9) and waits until it is gone. */
export const kill9 = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

/**
 * Waits until `leadMs` before the first timer of `events` fires (its start plus its duration), so a
 * fault is injected at a known distance from it, however long the worker took to arm it.
 */
export async function untilBeforeTimer(events: readonly HistoryEvent[], leadMs: number): Promise<void> {
  const timer = events.find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
  if (!timer) throw new Error('no timer started');
  const firesAt = ms(timer.eventTime) + ms(timer.timerStartedEventAttributes?.startToFireTimeout);
  const wait = firesAt - leadMs - Date.now();
  if (wait < 0) throw new Error(`the timer fires in less than ${leadMs} ms: start the procedure with more simulated days`);
  await new Promise((r) => setTimeout(r, wait));
}

/**
 * A test file's stack for fault tests: the embedded dev server and the API in this process, the
 * service's worker as its own process (so it can be killed), simulated days of `dayMs`.
 */
export function workerRig(dayMs: number): { stack: Stack; worker: ChildProcess } {
  const rig = {} as { stack: Stack; worker: ChildProcess };
  beforeAll(async () => {
    rig.stack = await startStack({ dayMs, inProcessWorker: false, quietSdk: false });
    rig.worker = spawnWorker(rig.stack.env);
  }, 120_000);
  afterAll(async () => {
    if (rig.worker) await kill9(rig.worker);
    await rig.stack?.stop();
  });
  return rig;
}
