import type { WorkflowHandle } from '@temporalio/client';
import { procedureWorkflowId } from '../../workflows/ids';
import { loadHolidayScheduleSignal, procedureEventsQuery } from '../../workflows/messages';
import { envNow } from '../support/temporal-env';
import { actors, doc, fullStart, meeting, minimalStart, organHead, UNITS } from '../support/fixtures';
import { review, toExecution } from '../support/minimal-procedure';
import { command, refusal, startProcedureWorkflow, stateOf } from '../support/procedure-client';
import { timeSkippingSuite } from '../support/temporal-env';

const suite = timeSkippingSuite();

const DAY = 24 * 3600 * 1000;
let seq = 0;
const key = (name: string) => `${name}-${Date.now()}-${seq++}`;

const { sponsor, organ, office, adviser, executor, evaluator } = actors;

/** A minimal procedure taken through review and discussion to execution. */
const decided = async (name: string) => toExecution(suite.env, await startProcedureWorkflow(suite.env.client, minimalStart(key(name)), organ));

it('R-11 R-12: the 30-day period cannot close on day 29, can after its end, and is shortened only with a reason given when it opens', async () => {
  const h = await startProcedureWorkflow(suite.env.client, fullStart(key('period')), organ);
  const short = await refusal(command(h, 'openCommentPeriod', sponsor, { explanation: doc('x'), channels: ['网站'], days: 20 }));
  expect(short.details.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([['participation.shortenedReason', 'R-11']]);
  const opened = await command(h, 'openCommentPeriod', sponsor, { explanation: doc('x'), channels: ['网站'], days: 30 });
  const endsAt = Date.parse(opened.state.participation.period!.endsAt);
  await suite.env.sleep(29 * DAY);
  const early = await refusal(command(h, 'closeCommentPeriod', sponsor, {}));
  expect(early.details.missing[0]).toMatchObject({ item: 'participation.periodElapsed', ruleId: 'R-12' });
  await suite.env.sleep(endsAt - (await suite.env.currentTimeMs()) + 1000);
  const closed = await command(h, 'closeCommentPeriod', sponsor, {});
  expect(closed.state.participation.closed).toBeDefined();

  const urgent = await startProcedureWorkflow(suite.env.client, fullStart(key('urgent')), organ);
  const r = await command(urgent, 'openCommentPeriod', sponsor, { explanation: doc('x'), channels: ['网站'], days: 10, shortenedReason: '防汛紧急需要' });
  expect(r.state.participation.period?.shortenedReason).toBe('防汛紧急需要');
});

it('R-44: an unlawful opinion blocks discussion; R-45: exploratory reform goes on only with the legal risk stated', async () => {
  const h = await startProcedureWorkflow(suite.env.client, minimalStart(key('unlawful')), organ);
  await review(h, 'unlawful');
  await suite.env.sleep(21 * DAY);
  const blocked = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  expect(blocked.details.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([['legality.lawfulOpinion', 'R-44']]);

  const x = await startProcedureWorkflow(suite.env.client, minimalStart(key('explore')), organ);
  await command(x, 'submitLegalityReview', sponsor, { legalBasis: '无明确规定', procedureAccount: '已履行程序' });
  await command(x, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(x, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  const unstated = await refusal(command(x, 'giveLegalityOpinion', office, {
    outcome: 'exploratory_reform', authority: '有权', procedure: '合法', substance: '探索', document: doc('op'),
  }));
  expect(unstated.type).toBe('InvalidInput');
  expect(unstated.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['legalRisk']);
  await command(x, 'giveLegalityOpinion', office, {
    outcome: 'exploratory_reform', authority: '有权', procedure: '合法', substance: '探索', legalRisk: '可能与上位法冲突', document: doc('op'),
  });
  await command(x, 'recordLegalOpinionAdoption', sponsor, { opinions: [{ summary: '明示风险', adopted: true }] });
  await suite.env.sleep(21 * DAY);
  const s = (await command(x, 'submitToDiscussion', sponsor, {})).state;
  expect(s.stage).toBe('awaiting_discussion');
});

it('R-53: the head deciding against the majority without a reason is refused; with it, dissent is kept (R-52)', async () => {
  const h = await startProcedureWorkflow(suite.env.client, minimalStart(key('head')), organ);
  await review(h, 'lawful');
  await suite.env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  const bare = await refusal(command(h, 'recordMeeting', organ, meeting('approve', ['reject', 'reject', 'approve'], undefined, await envNow(suite.env))));
  expect(bare.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['headReason']);
  const s = (await command(h, 'recordMeeting', organ, meeting('approve', ['reject', 'reject', 'approve'], '全局利益需要', await envNow(suite.env)))).state;
  const m = s.discussion.meetings[0]!;
  expect(m.headReason).toBe('全局利益需要');
  expect(m.majorityPosition).toBe('reject');
  expect(m.dissenters.map((d) => d.name)).toEqual(['委员1', '委员2']);
});

it('R-32: uncontrollable risk → adjusted draft → re-assessment as controllable → allowed', async () => {
  const start = minimalStart(key('risk'));
  start.attributes.stabilityRisk = true;
  const h = await startProcedureWorkflow(suite.env.client, start, organ);
  const report = (level: string) => ({
    assessor: '某评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['群体性事件'],
    measures: '措施', responsePlan: '预案', level, document: doc(`risk-${level}`),
  });
  await command(h, 'submitRiskReport', sponsor, report('high'));
  await command(h, 'recordRiskControllability', organ, { controllable: false });
  await review(h, 'lawful');
  await suite.env.sleep(21 * DAY);
  const blocked = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  // the adjusted draft, and then the organ's new finding of controllability (waiting on it).
  expect(blocked.details.missing.map((m: { ruleId: string }) => m.ruleId)).toEqual(['R-32', 'R-31']);
  await command(h, 'reviseDraft', sponsor, { document: doc('draft-v2'), reason: '降低风险' });
  // The old legality review does not count for the new draft, nor the old assessment.
  const stillBlocked = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  expect(stillBlocked.details.missing.map((m: { ruleId: string }) => m.ruleId).sort()).toEqual(['R-31', 'R-32', 'R-40', 'R-41', 'R-47']);
  await command(h, 'submitRiskReport', sponsor, report('medium'));
  await command(h, 'recordRiskControllability', organ, { controllable: true });
  await review(h, 'lawful');
  await suite.env.sleep(21 * DAY);
  expect((await command(h, 'submitToDiscussion', sponsor, {})).state.stage).toBe('awaiting_discussion');
});

it('R-54: revise and resubmit requires a new draft and a new legality review', async () => {
  const h = await startProcedureWorkflow(suite.env.client, minimalStart(key('revise')), organ);
  await review(h, 'lawful');
  await suite.env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  await command(h, 'recordMeeting', organ, meeting('revise', ['revise', 'revise'], undefined, await envNow(suite.env)));
  const same = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  expect(same.details.missing.map((m: { item: string }) => m.item)).toEqual(['draft.revised']);
  await command(h, 'reviseDraft', sponsor, { document: doc('draft-v2'), reason: '按会议意见修改' });
  const unreviewed = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  // the new draft is sent for review, reviewed, and the review's adoption recorded.
  expect(unreviewed.details.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([
    ['legality.submission', 'R-41'], ['legality.opinion', 'R-40'], ['legality.adoption', 'R-47'],
  ]);
  await review(h, 'lawful');
  await suite.env.sleep(21 * DAY);
  expect((await command(h, 'submitToDiscussion', sponsor, {})).state.stage).toBe('awaiting_discussion');
});

it('R-64: a third-party evaluator that did the pre-decision assessment is refused; R-65: suspension and resumption', async () => {
  const h = await decided('after');
  await command(h, 'submitExecutionReport', executor, { kind: 'problem', document: doc('problem') });
  const notIndependent = await refusal(command(h, 'orderPostEvaluation', organ, { ground: 'results_short', evaluatorUnit: UNITS.sponsor, thirdParty: true }));
  expect(notIndependent.details).toMatchObject({ code: 'NOT_ALLOWED', ruleIds: ['R-64'] });
  await command(h, 'orderPostEvaluation', organ, { ground: 'results_short', evaluatorUnit: UNITS.evaluator, thirdParty: true });
  const wrongUnit = await refusal(command(h, 'submitEvaluationReport', { ...evaluator, unit: '另一机构' }, { document: doc('eval') }));
  expect(wrongUnit.details.code).toBe('NOT_ALLOWED');
  await command(h, 'submitEvaluationReport', evaluator, { document: doc('eval') });
  // only the head of the decision organ suspends, with the urgent ground recorded.
  const notHead = await refusal(command(h, 'suspendExecution', organ, { reason: '紧急情况', urgentGround: '收费系统故障' }));
  expect(notHead.details.code).toBe('NOT_ALLOWED');
  const suspended = await command(h, 'suspendExecution', organHead, { reason: '紧急情况', urgentGround: '收费系统故障' });
  expect(suspended.state.stage).toBe('suspended');
  const refused = await refusal(command(h, 'nameExecutingUnit', organ, { unit: 'x' }));
  expect(refused.details.code).toBe('INVALID_TRANSITION');
  expect((await command(h, 'resumeExecution', organ, { reason: '情况消除' })).state.stage).toBe('executing');
});

it('R-65: an amendment runs the procedure again as a new workflow linked to the original', async () => {
  const h = await decided('amend');
  const newKey = key('amended');
  // the person who issues the amendment starts the new procedure, not the original starter.
  const amender = { ...organ, personId: 'p-organ-amender', name: '调整决定人' };
  const r = await command(h, 'startAmendment', amender, { reason: '重大调整', procedure: minimalStart(newKey) });
  expect(r.state.after.amendments.map((a) => a.newProcedureKey)).toEqual([newKey]);
  const child = suite.env.client.workflow.getHandle(procedureWorkflowId(newKey));
  const s = await stateOf(child);
  expect(s.amends).toBe(h.workflowId.replace('decision-procedure/', ''));
  expect(s.stage).toBe('preparation');
  expect(s.startedBy).toEqual(amender);
  // the amendment is a procedure like any other: an out-of-scope item is refused before anything starts.
  const scope = await refusal(command(h, 'startAmendment', organ, { reason: '重大调整', procedure: { ...minimalStart(key('amend-scope')), category: 'emergency_response' } }));
  expect(scope.details).toMatchObject({ code: 'OUT_OF_SCOPE', ruleIds: ['R-01'] });
});

it('R-03: a sponsor launches an item outside the catalog as a request; nothing runs until the organ approves', async () => {
  const h = await startProcedureWorkflow(suite.env.client, { ...minimalStart(key('request')), catalog: { outsideReason: '年度目录编制后新增的事项' } }, sponsor);
  expect((await stateOf(h)).stage).toBe('launch_requested');
  const early = await refusal(command(h, 'recordDepartmentConsultation', sponsor, { department: '江城市财政局', agreed: true }));
  expect(early.details).toMatchObject({ code: 'STEP_MISSING', ruleIds: ['R-03'] });
  expect(early.details.missing.map((m: { item: string }) => m.item)).toEqual(['launch.approval']);
  expect((await command(h, 'approveLaunch', organ, {})).state.stage).toBe('preparation');
  expect((await command(h, 'recordDepartmentConsultation', sponsor, { department: '江城市财政局', agreed: true })).state.stage).toBe('preparation');
});

it('R-66: a procedure undecided past the policy limit is flagged as delayed', async () => {
  const h = await startProcedureWorkflow(suite.env.client, minimalStart(key('delayed')), organ);
  // 365 days counted as R-06 says: a last day on a rest day runs to the next working day (a few days at most).
  await suite.env.sleep(371 * DAY);
  const s = await stateOf(h);
  expect(s.delayed).toBe(true);
  const events = await h.query(procedureEventsQuery);
  expect(events.at(-1)).toMatchObject({ type: 'DelayedFlagged', data: { limitDays: 365 } });
});

it('R-03 R-01: only the decision organ starts, and out-of-scope items are refused', async () => {
  const cause = async (h: WorkflowHandle) => {
    const err = await h.result().then(() => undefined, (e: unknown) => e as { cause?: { type?: string; details?: unknown[] } });
    return { type: err?.cause?.type, details: err?.cause?.details?.[0] };
  };
  // a sponsor launches only its own unit's item (the API also checks the catalog entry names it).
  const wrong = await startProcedureWorkflow(suite.env.client, minimalStart(key('wrong')), { ...sponsor, unit: '江城市财政局' });
  expect(await cause(wrong)).toEqual({ type: 'DomainError', details: { code: 'NOT_ALLOWED', ruleIds: ['R-03'], missing: [] } });
  const scope = await startProcedureWorkflow(suite.env.client, { ...minimalStart(key('scope')), category: 'emergency_response' }, organ);
  expect(await cause(scope)).toEqual({ type: 'DomainError', details: { code: 'OUT_OF_SCOPE', ruleIds: ['R-01'], missing: [] } });
});

it('R-06: a deadline in a year with no schedule is provisional and recomputed when the schedule arrives', async () => {
  const h = await startProcedureWorkflow(suite.env.client, fullStart(key('provisional')), organ);
  const now = await suite.env.currentTimeMs();
  const year = new Date(now + 8 * 3600 * 1000).getUTCFullYear() + 1; // Beijing's next year: no schedule loaded
  const today = Date.UTC(year - 1, new Date(now + 8 * 3600 * 1000).getUTCMonth(), new Date(now + 8 * 3600 * 1000).getUTCDate());
  const days = Math.round((Date.UTC(year, 0, 3) - today) / DAY); // the period's last day is 3 January
  const opened = await command(h, 'openCommentPeriod', sponsor, { explanation: doc('x'), channels: ['网站'], days, shortenedReason: days < 30 ? '测试' : undefined });
  expect(opened.state.participation.period).toMatchObject({ provisional: true });

  const off = Array.from({ length: 10 }, (_, i) => `${year}-01-${String(i + 1).padStart(2, '0')}`);
  await h.signal(loadHolidayScheduleSignal, { year, source: '测试用作息安排', off, work: [] });
  const s = await stateOf(h);
  let expected = Date.UTC(year, 0, 11);
  while ([0, 6].includes(new Date(expected).getUTCDay())) expected += DAY;
  expect(s.participation.period).toMatchObject({ provisional: false, lastDay: new Date(expected).toISOString().slice(0, 10) });
  expect(s.loadedSchedules.map((x) => x.year)).toEqual([year]);
  expect(s.calendarVersion).toContain(String(year));
});
