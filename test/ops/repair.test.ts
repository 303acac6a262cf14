import type { ChildProcess } from 'node:child_process';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { actors } from '../support/fixtures';
import { failingProcedures, repairProcedure } from '../../ops/repair';
import { spawnWorker } from '../../bench/memory-list.bench';
import { driveProcedure, upload, type Driver, type Who } from '../../bench/procedure-driver';
import { bearers, bundle, sleep, startStack, type Stack } from '../../bench/stack';
import { createLogger } from '../../runtime/logger';
import { createWorker } from '../../worker';
import { procedureWorkflowId } from '../../workflows/ids';
import { commandUpdates, loadHolidayScheduleSignal } from '../../workflows/messages';
import { EXTRA_TIMER_BEFORE_MEETING, modifiedWorkflowBundle } from '../audit/incompatible-bundle';
import { kill9 } from '../faults/rig';
import { freePort } from '../foundation/helpers';
import { replayProblems } from '../../bench/history-check';

/*
 * An operator's repair of procedures whose workflow task keeps failing (issue "the record holds",
 * §1). A careless release ran for a while: it slept before applying a meeting's record, and it
 * lost the check of who may record the Party report. Its procedures were decided under it; the
 * fixed release cannot replay them, so each one's next workflow task fails, again and again, and
 * the worker's metric counts it. `repairProcedure` resets each to the last task the fixed code
 * reproduces and sends every command accepted after it again, through the validators; where one
 * would now be refused (the Party report recorded by the sponsor) it refuses the reset and names
 * that command, and nothing changes.
 */
const DAY_MS = 20;
const LOST_CHECK = (source: string): string =>
  EXTRA_TIMER_BEFORE_MEETING(source).replace(
    /(\n\s*)check\(name, state, cmd\.payload, ctxFor\(cmd\.actor\)\);/,
    "$1if (name !== 'recordPartyReport') check(name, state, cmd.payload, ctxFor(cmd.actor));",
  );

let stack: Stack;
let careless: { worker: Worker; running: Promise<void>; close: () => Promise<void> } | undefined;
let fixed: ChildProcess | undefined;
let current: WorkflowBundle;
let metricsUrl: string;
const good = 'repair-good';
const lost = 'repair-lost';

const T = temporal.api.enums.v1.EventType;

beforeAll(async () => {
  stack = await startStack({ dayMs: DAY_MS, inProcessWorker: false, quietSdk: false });
  const [bad, cur] = await Promise.all([modifiedWorkflowBundle(LOST_CHECK), bundle('service')]);
  current = cur;
  const { worker, connection } = await createWorker({ config: stack.config, logger: createLogger('silent'), workflowBundle: bad });
  careless = { worker, running: worker.run(), close: () => connection.close() };
}, 180_000);
afterAll(async () => {
  if (careless) {
    careless.worker.shutdown();
    await careless.running;
    await careless.close();
  }
  if (fixed) await kill9(fixed);
  await stack?.stop();
});

it('repair: reset to the last good task, every command accepted after it re-applied; refused, naming the command, where one cannot be', async () => {
  const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
  const d: Driver = { base: stack.url, auth, dayMs: DAY_MS };
  // Under the careless release: both procedures decided; `good` also records its Party report,
  // `lost` has it recorded by the sponsor, which the lost check let through.
  await driveProcedure(d, good, undefined, 'record-party-report');
  await driveProcedure(d, lost, undefined, 'record-meeting');
  const lostHandle = stack.client.workflow.getHandle(procedureWorkflowId(lost));
  await lostHandle.executeUpdate(commandUpdates.recordPartyReport, { args: [{ actor: actors.sponsor, payload: { document: await upload(d, 'organ', 'lost-party') } }] });

  // The fixed release takes over; each procedure's next task (a signal) fails on its history.
  careless?.worker.shutdown();
  await careless?.running;
  await careless?.close();
  careless = undefined;
  metricsUrl = `http://127.0.0.1:${await freePort()}/metrics`;
  fixed = spawnWorker({ ...stack.env, WORKER_METRICS_ADDRESS: metricsUrl.slice('http://'.length, -'/metrics'.length) });
  for (const key of [good, lost]) await stack.client.workflow.getHandle(procedureWorkflowId(key)).signal(loadHolidayScheduleSignal, {} as never);
  let failing: Awaited<ReturnType<typeof failingProcedures>> = [];
  for (let i = 0; i < 600 && failing.length < 2; i++) {
    await sleep(100);
    failing = await failingProcedures(stack.client);
  }
  expect(failing.map((f) => f.procedureKey).sort()).toEqual([good, lost]);
  expect(failing.every((f) => /[Nn]ondeterminism/.test(f.failure ?? ''))).toBe(true);
  // The worker's metric of failing workflow tasks (WORKER_METRICS_ADDRESS).
  const metrics = await (await fetch(metricsUrl)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('temporal_workflow_task_execution_failed') && l.includes('NonDeterminismError'));
  expect(Number(line?.split(' ').at(-1))).toBeGreaterThanOrEqual(2);

  // The refusal: the Party report by the sponsor would be refused now; nothing is reset.
  const before = await lostHandle.describe();
  const refused = await repairProcedure(stack.client, current, procedureWorkflowId(lost));
  expect(refused).toMatchObject({ repaired: false, command: 'recordPartyReport' });
  expect((await lostHandle.describe()).runId).toBe(before.runId);

  // The repair: reset before the meeting's task, the meeting and the Party report applied again.
  const goodHandle = stack.client.workflow.getHandle(procedureWorkflowId(good));
  const repaired = await repairProcedure(stack.client, current, procedureWorkflowId(good));
  expect(repaired).toMatchObject({ repaired: true, reapplied: ['recordMeeting', 'recordPartyReport'] });
  // The procedure goes on: the next command is accepted, and its history replays on the fixed code.
  const published = await fetch(`${stack.url}/procedures/${good}/publish-decision`, {
    method: 'POST',
    headers: { Authorization: auth.organ, 'Content-Type': 'application/json' },
    // the decided text is published (uploaded as any document is).
    body: JSON.stringify({ channels: ['政府公报'], adoptionExplanation: '说明', document: await upload(d, 'organ', 'decided') }),
  });
  expect(published.status).toBe(200);
  const events = (await goodHandle.fetchHistory()).events ?? [];
  const accepted = events.filter((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name);
  expect(accepted.filter((n) => n === 'recordMeeting')).toHaveLength(1);
  expect(accepted.filter((n) => n === 'recordPartyReport')).toHaveLength(1);
  expect(accepted.at(-1)).toBe('publishDecision');
  expect(await replayProblems(stack.client, [good])).toEqual([]);
  expect((await failingProcedures(stack.client)).map((f) => f.procedureKey)).toEqual([lost]);
}, 300_000);
