import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { actsAcross, delayedProcedures } from '../../audit/accountability';
import { ApiRefusalLog, refusalEntry } from '../../audit/api-refusal-log';
import { tempDir } from '../foundation/helpers';
import { actors, doc, meeting, minimalStart, organHead, UNITS } from '../support/fixtures';
import { command, startProcedureWorkflow } from '../support/procedure-client';
import { envNow, startWorker, timeSkippingEnv } from '../support/temporal-env';

/*
 * Issue #6 §5, R-66 [D§38]: every act of a person or a unit across procedures — decided,
 * reviewed, dissented, suspended — read from the histories, and the procedures flagged as
 * delayed (久拖不决). The time-skipping server lets a decision (7 working days of legality
 * review, R-42) and a year without one happen in a test; its listing is the older open/closed
 * one (the dev-server test covers the visibility query).
 */
const DAY = 24 * 3600 * 1000;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const stamp = Date.now();
const decided = `audit-acts-decided-${stamp}`;
const delayed = `audit-acts-delayed-${stamp}`;
const log = new ApiRefusalLog(path.join(tempDir('audit-log'), 'api-refusals.jsonl'));
const { organ, sponsor, office, adviser, executor } = actors;

beforeAll(async () => {
  env = await timeSkippingEnv();
  ({ worker, run: running } = await startWorker(env));
  // Decided with one member dissenting, then executed and suspended.
  const h = await startProcedureWorkflow(env.client, minimalStart(decided), organ);
  await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  await command(h, 'giveLegalityOpinion', office, { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('op') });
  await command(h, 'recordLegalOpinionAdoption', sponsor, { opinions: [{ summary: '审查意见', adopted: true }] });
  await env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  await command(h, 'recordMeeting', organ, meeting('approve', ['approve', 'reject', 'approve'], undefined, await envNow(env)));
  await command(h, 'recordPartyReport', organ, { document: doc('party') });
  await command(h, 'publishDecision', organ, { exemptGround: '涉及国家秘密', document: doc('decided-text') });
  await command(h, 'nameExecutingUnit', organ, { unit: UNITS.executor });
  await command(h, 'submitExecutionReport', executor, { kind: 'problem', document: doc('problem') });
  await command(h, 'suspendExecution', organHead, { reason: '执行中出现重大问题，先行暂停', urgentGround: '可能引发群体性事件' });
  await log.append(refusalEntry({ method: 'POST', originalUrl: `/procedures/${decided}/record-meeting` }, { status: 403, route: 'recordMeeting', actor: office, reason: '角色不符', at: await envNow(env) }));
  // Returned by the office, then left undecided for more than a year.
  const d = await startProcedureWorkflow(env.client, minimalStart(delayed), organ);
  await command(d, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  await command(d, 'returnForSupplement', office, { missingItems: ['风险评估说明'] });
  await env.sleep(370 * DAY);
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const summary = (acts: Awaited<ReturnType<typeof actsAcross>>) => acts.map((a) => `${a.procedureKey === decided ? 'D' : 'L'}:${a.kind}:${a.eventType}`);

it('R-66: the head decided and suspended; the dissenting member dissented; the other members spoke', async () => {
  const mayor = await actsAcross(env.client, { personId: organ.personId });
  expect(summary(mayor)).toEqual([
    'D:acted:ProcedureStarted',
    'D:decided:MeetingRecorded', // recorded the meeting
    'D:decided:MeetingRecorded', // and, as head, decided
    'D:acted:PartyReported',
    'D:acted:DecisionPublished',
    'D:acted:ExecutingUnitNamed',
    'D:suspended:ExecutionSuspended',
    'L:acted:ProcedureStarted',
  ]);
  expect(mayor.find((a) => a.kind === 'suspended')).toMatchObject({ detail: '执行中出现重大问题，先行暂停', ruleIds: ['R-65'], title: minimalStart(decided).title });
  const dissenter = await actsAcross(env.client, { personId: 'm-1' });
  expect(dissenter).toEqual([expect.objectContaining({ procedureKey: decided, kind: 'dissented', person: { personId: 'm-1', name: '委员2' }, detail: 'reject：意见2' })]);
  expect(summary(await actsAcross(env.client, { personId: 'm-0' }))).toEqual(['D:spoke:MeetingRecorded']);
}, 60_000);

it('R-66: the legality office reviewed in both procedures, and its refused attempt is listed too; acts by unit', async () => {
  const reviewer = await actsAcross(env.client, { personId: office.personId }, { refusals: log });
  // engaging the legal advisers is the office's act too.
  expect(summary(reviewer)).toEqual(['D:acted:LegalAdvisersEngaged', 'D:reviewed:LegalityOpinionGiven', 'D:refused:ApiRefused', 'L:reviewed:LegalityReviewReturned']);
  const byUnit = await actsAcross(env.client, { unit: UNITS.office });
  expect(summary(byUnit)).toEqual(['D:acted:LegalAdvisersEngaged', 'D:reviewed:LegalityOpinionGiven', 'L:reviewed:LegalityReviewReturned']);
  const organUnit = await actsAcross(env.client, { unit: UNITS.organ });
  expect(organUnit.filter((a) => a.kind === 'delayed').map((a) => a.procedureKey)).toEqual([delayed]);
  // Only within a filter: the procedures of one stage.
  expect(summary(await actsAcross(env.client, { unit: UNITS.office }, { filter: { stage: 'suspended' } }))).toEqual(['D:acted:LegalAdvisersEngaged', 'D:reviewed:LegalityOpinionGiven']);
}, 60_000);

it('R-66: the delayed list holds the procedure left undecided past its limit, with when it was flagged', async () => {
  const list = await delayedProcedures(env.client, await envNow(env));
  expect(list).toEqual([
    expect.objectContaining({ procedureKey: delayed, stage: 'legality_returned', limitDays: 365, decisionOrgan: UNITS.organ, flaggedAt: expect.any(String) }),
  ]);
  const item = list[0];
  expect(Date.parse(item?.flaggedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(item?.dueAt ?? ''));
}, 60_000);
