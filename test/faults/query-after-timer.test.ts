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
import { procedureEventsQuery } from '../../workflows/messages';

/*
 * The crash path that left histories unable to replay (bench/RESULTS.md, fault injection):
 *  1. the worker is killed (kill -9) while a procedure's deadline timer is pending;
 *  2. the timer fires; its workflow task waits on the dead worker's sticky queue;
 *  3. a read queries the procedure: the server hands the query alone to a fresh worker, whose
 *     Core runs the fired timer's activation live, outside any workflow task, and keeps the
 *     commands that activation emits in the cached run (a query task completes nothing);
 *  4. a command arrives: its update is accepted after those held commands.
 * On replay the timer and the update are one activation and the update comes first, so a
 * workflow that emitted anything when its timer fired no longer replays. The workflow waits
 * until its clock has reached the alarm's time before it emits anything (a query task's clock
 * still reads the previous task's time) and drops the run; the next task replays it from history.
 */
const DAY_MS = 40; // the R-66 reminder fires ≈ 14 s after the start, whatever the worker's first task takes
const KEY = 'query-after-timer';

const rig = workerRig(DAY_MS);

const T = temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;
const isType = (e: Event, t: keyof typeof T) => e.eventType === T[t];

const idle = (evs: Event[]) =>
  evs.filter((e) => isType(e, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED')).length ===
  evs.filter((e) => isType(e, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED') || isType(e, 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT') || isType(e, 'EVENT_TYPE_WORKFLOW_TASK_FAILED')).length;

/**
 * Starts procedure `key`, kills the worker once the alarm's timer is armed, queries the procedure
 * while no worker runs, lets the timer fire, and starts a fresh worker, which answers the query.
 */
async function crashAndQuery(key: string) {
  const auth = (await bearers(rig.stack.config, actors)) as Record<Who, string>;
  const d: Driver = { base: rig.stack.url, auth, dayMs: DAY_MS };
  const draft = await upload(d, 'sponsor', `${key}-draft`);
  const explanation = await upload(d, 'sponsor', `${key}-explanation`);
  const created = await fetch(`${rig.stack.url}/procedures`, {
    method: 'POST',
    headers: { Authorization: auth.organ, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...lightStart(key), draft, jurisdiction: 'sim' }),
  });
  expect(created.status).toBe(201);
  const handle = rig.stack.client.workflow.getHandle(procedureWorkflowId(key));
  const events = async () => (await handle.fetchHistory()).events ?? [];
  const until = async (what: string, ok: (evs: Event[]) => boolean, tries = 600) => {
    for (let i = 0; i < tries; i++) {
      if (ok(await events())) return;
      await sleep(50);
    }
    throw new Error(`timed out waiting for ${what}: ${(await events()).map((e) => T[e.eventType ?? 0]).join(' ')}`);
  };
  // The worker has finished the procedure's first tasks (its notices) and armed the alarm's timer.
  await until('the alarm timer', (evs) => evs.some((e) => isType(e, 'EVENT_TYPE_TIMER_STARTED')) && idle(evs));
  // Killed three seconds before the timer fires.
  await untilBeforeTimer(await events(), 3_000);
  await kill9(rig.worker);
  // A read of the procedure (GET /procedures/{key} queries it) right after the kill, while the
  // dead worker's sticky queue still counts as polled: the server hands the query to the task
  // queues, where it waits for a worker; meanwhile the timer fires, and its task waits on the
  // sticky queue. (A read sent seconds later finds the sticky poller gone and clears the
  // stickiness, so the timer's own task reaches the fresh worker first, which is harmless.)
  const read = fetch(`${rig.stack.url}/procedures/${key}`, { headers: { Authorization: auth.organ } });
  await until('the alarm timer to fire', (evs) => evs.some((e) => isType(e, 'EVENT_TYPE_TIMER_FIRED')));
  // A fresh worker takes the query, whose history now ends with the fired timer.
  rig.worker = spawnWorker(rig.stack.env);
  const answer = await read;
  const read503 = { status: answer.status, retryAfter: answer.headers.get('retry-after') };
  const settled = async () => {
    await until('the tasks to settle', (evs) => idle(evs) || evs.some((e) => isType(e, 'EVENT_TYPE_WORKFLOW_TASK_FAILED')));
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((e) => isType(e, 'EVENT_TYPE_WORKFLOW_TASK_FAILED'))).toEqual([]);
    const recorded = (await handle.query(procedureEventsQuery)).map((e) => e.type);
    const workflowBundle = await buildWorkflowBundle();
    await expect(Worker.runReplayHistory({ workflowBundle, replayName: key }, history, procedureWorkflowId(key))).resolves.toBeUndefined();
    return recorded;
  };
  return { auth, explanation, settled, read: read503 };
}

/**
 * Each event recorded exactly once. R-66's delay flag falls due under a second after its reminder
 * (40 ms days), so it is recorded too when the recovery took that long — once, like the others.
 */
function expectOnce(recorded: string[], expected: string[]) {
  expect(recorded.filter((t) => t !== 'DelayedFlagged').sort()).toEqual(expected);
  expect(recorded.filter((t) => t === 'DelayedFlagged').length).toBeLessThanOrEqual(1);
}

it('R-66: kill -9, the alarm fires, a query on a fresh worker, then a command: the history replays', async () => {
  const { auth, explanation, settled, read } = await crashAndQuery(KEY);
  // Where the query met the fired timer, the fresh worker declined to run the timer outside its
  // task and the read is told to retry (503, Retry-After: 2); where the server handed the timer's
  // own task to the fresh worker first, the read is answered. Which one the server does is not the
  // test's to pin: measured, the first about half the time (on the code before the guard that
  // case left a history that no longer replays, which the checks below catch).
  expect(read.status === 200 || (read.status === 503 && read.retryAfter === '2')).toBe(true);
  console.log(`query-after-timer: the read was answered ${read.status}`);
  const opened = await fetch(`${rig.stack.url}/procedures/${KEY}/open-comment-period`, {
    method: 'POST',
    headers: { Authorization: auth.sponsor, 'Content-Type': 'application/json' },
    body: JSON.stringify({ explanation, channels: ['网站'], days: 30 }),
  });
  expect(opened.status).toBe(200);
  // The alarm (R-66's reminder) fired in a workflow task — the command's, after the command, or its
  // own, when that reached the fresh worker first — and both are recorded once.
  expectOnce(await settled(), ['CommentPeriodOpened', 'DeadlineApproaching', 'ProcedureStarted']);
}, 180_000);

it('R-66: the same crash with no command after it: the due alarm still fires, and the history replays', async () => {
  const { settled, read } = await crashAndQuery(`${KEY}-alone`);
  // The read is answered, or told to retry when its query met the fired timer (the case above,
  // whose timing this one does not pin): never an error.
  expect(read.status === 200 || (read.status === 503 && read.retryAfter === '2')).toBe(true);
  // The fired timer's own task reaches the fresh worker once the dead worker's sticky queue times out.
  expectOnce(await settled(), ['DeadlineApproaching', 'ProcedureStarted']);
}, 180_000);
