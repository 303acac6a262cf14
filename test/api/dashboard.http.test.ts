import { WORKFLOW_VERSION } from '../../workflows/patches';
import type { Actor, StageTime } from '../../domain';
import { actors } from '../support/fixtures';
import { waitFor } from '../foundation/helpers';
import { bj, lightStart, postEvaluationSteps, startWithEvents, trail } from './fixtures';
import { devServerHarness, get, type ApiHarness } from './harness';

/*
 * 看板 (issue #14): time spent in each stage, from the StageEntries search attribute that v10
 * procedures index with their stage — on the real dev server's visibility store.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await devServerHarness();
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const HOUR = 60 * 60 * 1000;
const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);
const answer = async (who: Actor = actors.organ) => {
  const res = await get(h, who, '/dashboard/stage-times');
  return { status: res.status, body: res.body as { procedures: number; withoutEntries: number; truncated: boolean; stages: StageTime[] } };
};

it('GET /dashboard/stage-times: median and worst stay per stage over the organ’s own v10 procedures; auditors see every organ’s; others are refused', async () => {
  const steps = postEvaluationSteps();
  const taskQueue = h.config.temporal.taskQueue;
  // A: the whole way to post-evaluation; B: stopped in legality review; C: another organ's; D: started before v10.
  await startWithEvents(h.client, taskQueue, trail(lightStart('dash-a'), steps).events, WORKFLOW_VERSION);
  await startWithEvents(h.client, taskQueue, trail(lightStart('dash-b'), steps.slice(0, 4)).events, WORKFLOW_VERSION);
  const [startC, ...restC] = trail(lightStart('dash-c'), steps.slice(0, 4)).events;
  if (startC?.type !== 'ProcedureStarted') throw new Error('no start');
  await startWithEvents(h.client, taskQueue, [{ ...startC, data: { ...startC.data, decisionOrgan: '某县人民政府' } }, ...restC], WORKFLOW_VERSION);
  await startWithEvents(h.client, taskQueue, trail(lightStart('dash-d'), steps.slice(0, 4)).events);

  const organ = await waitFor('the organ’s three procedures indexed', async () => {
    const a = await answer();
    return a.body.procedures === 3 && a.body.stages.length > 0 && a.body.withoutEntries === 1 ? a : undefined;
  });
  expect(organ.status).toBe(200);
  expect(organ.body.truncated).toBe(false);
  const byStage = Object.fromEntries(organ.body.stages.map((s) => [s.stage, s]));
  // Preparation: started 2026-03-02 09:00, left at the legality submission of 2026-04-07 10:00 (A and B alike).
  const prep1 = ms(bj('2026-03-02', '09:00'), bj('2026-04-07'));
  // A comes back to preparation at the opinion (04-09) and leaves it at the submission to discussion (04-24).
  const prep2 = ms(bj('2026-04-09'), bj('2026-04-24'));
  expect(byStage.preparation).toMatchObject({ completed: 3, medianMs: prep1, worstMs: prep1, current: 0 });
  // Legality review: A's two days; B is still in it.
  expect(byStage.legality_review).toMatchObject({ completed: 1, medianMs: ms(bj('2026-04-07'), bj('2026-04-09')), worstProcedureKey: 'dash-a', current: 1, longestCurrentProcedureKey: 'dash-b' });
  expect(byStage.legality_review?.longestCurrentMs).toBeGreaterThan(200 * 24 * HOUR);
  expect(byStage.awaiting_discussion).toMatchObject({ completed: 1, medianMs: ms(bj('2026-04-24'), bj('2026-04-28', '16:00')) });
  expect(prep2).toBeLessThan(prep1);
  expect(Object.keys(byStage)).toEqual(['preparation', 'legality_review', 'awaiting_discussion', 'decided', 'published', 'executing', 'post_evaluation']);

  const all = await waitFor('every organ’s procedures for the auditor', async () => {
    const a = await answer(actors.auditor);
    return a.body.procedures === 4 ? a : undefined;
  });
  expect(all.body.stages.find((s) => s.stage === 'legality_review')).toMatchObject({ completed: 1, current: 2 });

  const filtered = await get(h, actors.auditor, `/dashboard/stage-times?decisionOrgan=${encodeURIComponent('某县人民政府')}`);
  expect(filtered.body).toMatchObject({ procedures: 1, withoutEntries: 0 });
  expect((await get(h, actors.organ, `/dashboard/stage-times?decisionOrgan=${encodeURIComponent('某县人民政府')}`)).status).toBe(403);
  expect((await answer(actors.sponsor)).status).toBe(403);
  expect((await answer(actors.office)).status).toBe(403);
}, 120_000);
