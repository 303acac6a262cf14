import { createHash } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  apply,
  check,
  decide,
  defaultCalendar,
  defaultPolicy,
  nextAlarm,
  startProcedure,
  startProcedureSchema,
  type Actor,
  type DocumentRef,
  type DomainEvent,
  type ProcedureState,
  type StartProcedure,
} from '../../domain';
import { procedureWorkflowId } from '../../workflows/ids';
import { procedureStateQuery, type DecisionProcedureInput } from '../../workflows/messages';
import { actors, fullStart, meeting, UNITS } from '../support/fixtures';

/*
 * A procedure far along its way on the dev server, where weeks cannot pass: its domain
 * events are produced by the domain itself (check, decide, apply — exactly what the
 * workflow does) on a 2026 timeline, and the workflow is started with them as its carried
 * events, the same input continue-as-new gives it. Only the fixture is made this way; every
 * request under test goes through the API.
 */

export const bj = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

/** A reference to bytes the test also uploads (so the store knows them). */
export function docOf(name: string): { ref: DocumentRef; bytes: Buffer } {
  const bytes = Buffer.from(`fixture document ${name}`);
  return {
    bytes,
    ref: { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mediaType: 'application/pdf', name: `${name}.pdf` },
  };
}
const doc = (name: string) => docOf(name).ref;

type Step = [name: string, payload: unknown, actor: Actor, at: string];

export function trail(start: StartProcedure, steps: Step[], startAt = bj('2026-03-02', '09:00')): { events: DomainEvent[]; state: ProcedureState } {
  const ctx = (actor: Actor, now: string) => ({ now, actor, calendar: defaultCalendar });
  const first = startProcedure(startProcedureSchema.parse(start), ctx(actors.organ, startAt), defaultPolicy);
  let state = apply(undefined, first);
  const events: DomainEvent[] = [first];
  for (const [name, payload, actor, at] of steps) {
    const parsed = check(name, state, payload, ctx(actor, at));
    for (const e of decide(name, state, parsed, ctx(actor, at))) {
      state = apply(state, e);
      events.push(e);
    }
  }
  return { events, state };
}

/** A disclosable item needing public participation and legality review only. */
export const lightStart = (key: string): StartProcedure =>
  fullStart(key, {
    catalog: { outsideReason: '年度目录编制后新增的事项' },
    draft: doc('draft-v1'),
    attributes: {
      nonDisclosable: false,
      affectsSpecificGroup: false,
      hearing: 'none',
      highlySpecialised: false,
      stabilityRisk: false,
      affectsMarketEntities: false,
      peoplesCongressRemit: false,
      otherDepartments: [],
      wideConcern: true,
    },
  });

const opinions = [{ summary: '建议分步实施', adopted: true }];

/** Every step from the comment period to post-evaluation, on a 2026 timeline. */
export function postEvaluationSteps(): Step[] {
  const { sponsor, adviser, office, organ } = actors;
  return [
    ['openCommentPeriod', { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 }, sponsor, bj('2026-03-02')],
    ['closeCommentPeriod', {}, sponsor, bj('2026-04-03')],
    ['submitParticipationAdoptionReport', { opinions, document: doc('adoption') }, sponsor, bj('2026-04-03', '11:00')],
    ['submitLegalityReview', { legalBasis: '依据', procedureAccount: '已履行公众参与程序' }, sponsor, bj('2026-04-07')],
    ['engageLegalAdvisers', { advisers: [{ personId: adviser.personId, name: adviser.name, firm: adviser.unit }] }, office, bj('2026-04-08', '09:00')],
    ['submitLegalAdviserOpinion', { adviser: adviser.name, document: doc('adviser') }, adviser, bj('2026-04-08')],
    ['giveLegalityOpinion', { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('legality') }, office, bj('2026-04-09')],
    ['recordLegalOpinionAdoption', { opinions }, sponsor, bj('2026-04-10')],
    ['submitToDiscussion', {}, sponsor, bj('2026-04-24')],
    ['recordMeeting', { ...meeting('approve', ['approve', 'approve']), heldAt: bj('2026-04-28'), minutes: doc('minutes') }, organ, bj('2026-04-28', '16:00')],
    ['recordPartyReport', { document: doc('party') }, organ, bj('2026-04-29')],
    ['publishDecision', { channels: ['政府公报'], adoptionExplanation: '见采纳情况说明', document: doc('decided') }, organ, bj('2026-04-30')],
    ['nameExecutingUnit', { unit: UNITS.executor }, organ, bj('2026-05-06')],
    ['orderPostEvaluation', { ground: 'organ_need', evaluatorUnit: UNITS.evaluator, thirdParty: true }, organ, bj('2026-06-01')],
  ];
}

/** The documents the fixture steps reference, to upload before commands name them again. */
export const FIXTURE_DOCS = ['draft-v1', 'explanation', 'adoption', 'adviser', 'legality', 'minutes', 'party', 'decided', 'exec-final'];

/**
 * Resolves once the procedure has nothing left to do on its own: the fixtures' dates lie in the
 * past, so a due date among them (R-63's periodic report) is recorded as missed right after the
 * start. Tests that count history events start counting after that.
 */
export async function settled(h: WorkflowHandle): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const d = await h.describe();
    const idle = d.raw.pendingWorkflowTask === null || d.raw.pendingWorkflowTask === undefined;
    // An alarm already due is a timer the server has yet to fire (domain/deadlines.ts).
    const alarm = nextAlarm(await h.query(procedureStateQuery), defaultCalendar);
    const due = alarm !== undefined && Date.parse(alarm.at) <= Date.now();
    if (idle && !due && d.historyLength === last) return;
    last = d.historyLength;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${h.workflowId} never settled`);
}

/** Starts the procedure on the server with `events` as its record so far. */
export async function startWithEvents(client: Client, taskQueue: string, events: DomainEvent[], version?: number): Promise<WorkflowHandle> {
  const first = events[0];
  if (first?.type !== 'ProcedureStarted') throw new Error('events must begin with ProcedureStarted');
  const { requirements: _r, policy, calendarVersion: _c, ...start } = first.data;
  const input: DecisionProcedureInput = { start, actor: first.actor, policy, calendar: defaultCalendar.toData(), carried: { events }, ...(version === undefined ? {} : { version }) };
  return client.workflow.start('decisionProcedure', { taskQueue, workflowId: procedureWorkflowId(start.procedureKey), args: [input] });
}

/** Executing, with everything filed: the next step may be the close. */
export function archivedExecutingSteps(): Step[] {
  return [
    ...postEvaluationSteps().slice(0, -1),
    // execution complete, so closing does not stop the decision.
    ['submitExecutionReport', { kind: 'final', document: doc('exec-final') }, actors.executor, bj('2026-05-07', '09:00')],
    ['archiveProcedure', { archiveReference: 'DA-2026-009' }, actors.organ, bj('2026-05-07')],
  ];
}
