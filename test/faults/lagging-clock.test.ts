import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { actors } from '../support/fixtures';
import { lightStart } from '../api/fixtures';
import { spawnWorker } from '../../bench/memory-list.bench';
import { upload, type Driver, type Who } from '../../bench/procedure-driver';
import { bearers, sleep } from '../../bench/stack';
import { kill9, untilBeforeTimer, workerRig } from './rig';
import { buildWorkflowBundle } from '../../runtime/workflow-bundle';
import { procedureWorkflowId } from '../../workflows/ids';
import { procedureStateQuery } from '../../workflows/messages';

/*
 * A worker killed while a procedure's deadline timer is pending. The timer fires with no
 * worker; its task waits on the dead worker's sticky queue until that times out, then a new
 * worker runs it, and the history it wrote replays. (`npm run faults` once saw such a task run
 * on a clock that lagged behind the alarm: that was a query's activation, outside the task,
 * covered by test/faults/query-after-timer.test.ts.)
 */
const DAY_MS = 40; // the R-66 reminder fires ≈ 14 s after the start, whatever the worker's first task takes
const KEY = 'lagging-clock';

const rig = workerRig(DAY_MS);

const T = temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;
const isType = (e: Event, t: 'TIMER_STARTED' | 'TIMER_FIRED' | 'WORKFLOW_TASK_STARTED' | 'WORKFLOW_TASK_COMPLETED' | 'WORKFLOW_TASK_TIMED_OUT') => e.eventType === T[`EVENT_TYPE_${t}`];

it('R-66: an alarm that fires while the worker is dead is replayed as the new worker ran it', async () => {
  const auth = (await bearers(rig.stack.config, actors)) as Record<Who, string>;
  const d: Driver = { base: rig.stack.url, auth, dayMs: DAY_MS };
  const draft = await upload(d, 'sponsor', `${KEY}-draft`);
  const created = await fetch(`${rig.stack.url}/procedures`, {
    method: 'POST',
    headers: { Authorization: auth.organ, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...lightStart(KEY), draft, jurisdiction: 'sim' }),
  });
  expect(created.status).toBe(201);
  const handle = rig.stack.client.workflow.getHandle(procedureWorkflowId(KEY));
  const events = async () => (await handle.fetchHistory()).events ?? [];
  // Let the worker finish the procedure's first tasks (its notices), then kill it.
  for (let i = 0; i < 100 && !(await events()).some((e) => isType(e, 'TIMER_STARTED')); i++) await sleep(100);
  // Killed three seconds before the timer fires: its task then waits on the dead worker's sticky queue.
  await untilBeforeTimer(await events(), 3_000);
  // The server sends a task to a sticky queue only if that queue's worker began a poll in the
  // last 10 s (matching's stickyPollerUnavailableWindow); otherwise straight to the normal queue,
  // with no timeout. A query answered by the worker just before the kill makes it poll again.
  await handle.query(procedureStateQuery);
  await kill9(rig.worker);
  // The R-66 timer fires with no worker; its task times out on the dead worker's sticky queue.
  for (let i = 0; i < 150 && !(await events()).some((e) => isType(e, 'TIMER_FIRED')); i++) await sleep(100);
  expect((await events()).some((e) => isType(e, 'TIMER_FIRED'))).toBe(true);
  rig.worker = spawnWorker(rig.stack.env);
  // The new worker runs the retried task: a task completes after the timer fired.
  let history = await handle.fetchHistory();
  for (let i = 0; i < 600; i++) {
    const evs = history.events ?? [];
    const fired = evs.findIndex((e) => isType(e, 'TIMER_FIRED'));
    if (fired >= 0 && evs.slice(fired).some((e) => isType(e, 'WORKFLOW_TASK_COMPLETED'))) break;
    await sleep(100);
    history = await handle.fetchHistory();
  }
  const evs = history.events ?? [];
  const fired = evs.findIndex((e) => isType(e, 'TIMER_FIRED'));
  expect(evs.slice(fired).some((e) => isType(e, 'WORKFLOW_TASK_COMPLETED'))).toBe(true);
  // The path this test exists for: the retried task really ran after a timed-out attempt.
  expect(evs.slice(fired).some((e) => isType(e, 'WORKFLOW_TASK_TIMED_OUT'))).toBe(true);

  const workflowBundle = await buildWorkflowBundle();
  const replay = (h: typeof history) => Worker.runReplayHistory({ workflowBundle, replayName: 'lagging-clock' }, h, procedureWorkflowId(KEY));
  await expect(replay(history)).resolves.toBeUndefined();
  // The clock a task reads is its own start, after the timer fired. A clock behind the alarm is
  // what a query's activation reads: test/faults/query-after-timer.test.ts covers that path.

}, 180_000);
