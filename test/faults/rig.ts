import type { ChildProcess } from 'node:child_process';
import { spawnWorker } from '../../bench/memory-list.bench';
import { startStack, type Stack } from '../../bench/stack';

/** Ends a child process with SIGKILL (kill -9) and waits until it is gone. */
export const kill9 = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

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
