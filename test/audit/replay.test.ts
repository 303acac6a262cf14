import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import { fetchProcedureRuns } from '../../audit/history-source';
import { replayAll, replayProcedure, replayProcedureRuns } from '../../audit/replay';
import { renderReplay, renderSummary } from '../../audit/replay-report';
import { historyFromObject } from '../replay/history-file';
import { actors, doc } from '../support/fixtures';
import { command, startProcedureWorkflow } from '../support/procedure-client';
import { driveStandardProcedure, standardStart } from '../support/standard-procedure';
import { startWorker, timeSkippingEnv, workflowBundle } from '../support/temporal-env';
import { EXTRA_TIMER_BEFORE_MEETING, modifiedWorkflowBundle } from './incompatible-bundle';

/*
 * Issue #6 §2: the recorded history replays on the workflow code (Worker.runReplayHistory), and
 * a deliberately incompatible change of that code is caught, with the first diverging history
 * event and the command being applied there. Bulk mode replays every procedure, or a filtered
 * set, and sums up.
 */
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let current: WorkflowBundle;
let incompatible: WorkflowBundle;
const decided = `audit-replay-decided-${Date.now()}`;
const undecided = `audit-replay-undecided-${Date.now()}`;

beforeAll(async () => {
  env = await timeSkippingEnv();
  ({ worker, run: running } = await startWorker(env));
  [current, incompatible] = await Promise.all([workflowBundle(), modifiedWorkflowBundle(EXTRA_TIMER_BEFORE_MEETING)]);
  await (await driveStandardProcedure(env, decided)).result();
  const h = await startProcedureWorkflow(env.client, standardStart(undecided), actors.organ);
  await command(h, 'openCommentPeriod', actors.sponsor, { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 });
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

it('R-62: a recorded history replays on the current workflow code', async () => {
  const r = await replayProcedure(env.client, decided, current);
  expect(r).toMatchObject({ procedureKey: decided, ok: true, missingRuns: [] });
  expect(r.runs).toHaveLength(1);
  expect(r.runs[0]?.historyEvents).toBeGreaterThan(50);
  expect(renderReplay(r)).toContain('重放通过 / replay OK');
}, 60_000);

it('R-62: an incompatible change of the workflow code is caught at the first diverging history event, naming the command', async () => {
  const runs = await fetchProcedureRuns(env.client, decided);
  const events = runs.runs[0]?.history.events ?? [];
  const meetingAccepted = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'recordMeeting');
  // The modified code sleeps before applying the meeting: the event after its acceptance is not reproduced.
  const expected = Number(meetingAccepted?.eventId) + 1;

  const r = await replayProcedureRuns(runs, incompatible);
  expect(r.ok).toBe(false);
  expect(r.runs[0]?.divergence).toMatchObject({ nondeterminism: true, eventId: expected, command: 'recordMeeting' });
  expect(renderReplay(r)).toContain(`history event #${expected}`);
  // A procedure never decided does not reach the changed code: it still replays.
  expect((await replayProcedure(env.client, undecided, incompatible)).ok).toBe(true);
}, 60_000);

it('bulk: every procedure, or those of one stage, with progress reported and a summary', async () => {
  const progress: [number, number][] = [];
  const all = await replayAll(env.client, { bundle: incompatible, onProgress: (done, total) => progress.push([done, total]) });
  expect(all.total).toBeGreaterThanOrEqual(2);
  expect(all.failed.map((f) => f.procedureKey)).toEqual([decided]);
  expect(all.ok).toBe(all.total - 1);
  expect(progress[0]).toEqual([0, all.total]);
  expect(progress.at(-1)).toEqual([all.total, all.total]);
  expect(renderSummary(all)).toContain(`失败 / failed: 1`);

  const closed = await replayAll(env.client, { bundle: current, filter: { stage: 'closed' } });
  expect(closed).toMatchObject({ total: 1, ok: 1, failed: [] });
  const preparing = await replayAll(env.client, { bundle: incompatible, filter: { stage: 'preparation' } });
  expect(preparing.failed).toEqual([]);
  expect(preparing.total).toBeGreaterThanOrEqual(1);
}, 120_000);

it('the committed histories of earlier releases replay offline, and fail on the incompatible code', async () => {
  const dir = path.join(__dirname, '..', 'replay', 'histories');
  const run = (name: string) => ({ runId: name, history: historyFromObject(JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>) });
  const procedure = { procedureKey: 'committed', workflowId: 'decision-procedure/committed', status: 'COMPLETED', missingRuns: [] };
  const ok = await replayProcedureRuns({ ...procedure, runs: [run('standard-procedure-v1'), run('standard-procedure-v2'), run('standard-procedure-v3')] }, current);
  expect(ok.runs.map((r) => r.ok)).toEqual([true, true, true]);
  const bad = await replayProcedureRuns({ ...procedure, runs: [run('standard-procedure-v2'), run('standard-procedure-v2-refusal')] }, incompatible);
  expect(bad.runs.map((r) => [r.ok, r.divergence?.command])).toEqual([[false, 'recordMeeting'], [true, undefined]]);
}, 60_000);
