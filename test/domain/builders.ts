/*
 * Shared builders for the domain tests: actors, documents, a start payload and
 * `run`, which drives a procedure exactly as the workflow does (check, then
 * decide, then apply). Scenario helpers take a procedure to a known point on a
 * fixed 2026 timeline; every date is chosen by hand against the 2026 notice.
 */
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import {
  DomainError,
  apply,
  check,
  decide,
  defaultCalendar,
  defaultPolicy,
  startProcedure,
  startProcedureSchema,
  type Actor,
  type CommandContext,
  type DocumentRef,
  type DomainEvent,
  type JurisdictionPolicy,
  type ProcedureState,
  type StartProcedure,
} from '../../domain';

export const ORGAN = '江城市人民政府';
export const SPONSOR = '江城市发展和改革委员会';
export const OFFICE = '江城市司法局';
export const EXECUTOR = '江城市交通运输局';
export const EVALUATOR = '江城大学公共政策研究院';

const person = (personId: string, name: string, unit: string, role: Actor['role']): Actor => ({ personId, name, unit, role });

export const actors = {
  organ: person('p-organ-1', '王秘书长', ORGAN, 'decision_organ'),
  /** the head of the decision organ (行政首长). */
  head: { ...person('p-organ-head', '张市长', ORGAN, 'decision_organ'), head: true },
  sponsor: person('p-sponsor-1', '李处长', SPONSOR, 'sponsor'),
  sponsorLegal: person('p-legal-1', '赵科长', SPONSOR, 'sponsor_legal_unit'),
  office: person('p-office-1', '陈局长', OFFICE, 'legality_office'),
  adviser: person('p-adviser-1', '孙律师', '江城律师事务所', 'legal_adviser'),
  expert: person('e-1', '周教授', '江城大学', 'expert'),
  executor: person('p-exec-1', '吴科长', EXECUTOR, 'executing_unit'),
  evaluator: person('p-eval-1', '郑研究员', EVALUATOR, 'evaluator'),
  citizen: person('p-public-1', '刘女士', '个人', 'public'),
  auditor: person('p-audit-1', '钱审计', '江城市审计局', 'auditor'),
  /** A decision-organ person of another government: right role, wrong unit. */
  otherOrgan: person('p-organ-9', '冯主任', '河城市人民政府', 'decision_organ'),
  /** A sponsor person of another department: right role, wrong unit. */
  otherSponsor: person('p-sponsor-9', '何科长', '江城市财政局', 'sponsor'),
} as const;

/** A document reference whose hash is that of its name, so each name is one distinct document. */
export function doc(name: string): DocumentRef {
  return {
    sha256: createHash('sha256').update(name).digest('hex'),
    size: 1024 + name.length,
    mediaType: 'application/pdf',
    name: `${name}.pdf`,
  };
}

export const ctx = (actor: Actor, now: string): CommandContext => ({ now, actor, calendar: defaultCalendar });

/** Beijing wall-clock time, e.g. bj('2026-03-02', '10:00') = '2026-03-02T10:00:00+08:00'. */
export const bj = (date: string, time = '10:00'): string => `${date}T${time}:00+08:00`;

/** Overrides of the start payload; attributes as a client sends them (schema defaults fill the rest). */
export type StartInput = Omit<Partial<StartProcedure>, 'attributes'> & { attributes?: Record<string, unknown> };

/** A start payload as a client sends it (defaults applied by the schema). */
export function startPayload(over: StartInput = {}): unknown {
  return {
    procedureKey: 'JC-2026-007',
    title: '江城市中心城区停车收费调整方案',
    category: 'public_policy',
    decisionOrgan: ORGAN,
    sponsorUnit: SPONSOR,
    legalityOffice: OFFICE,
    proposal: { source: 'department', proposer: SPONSOR, summary: '调整中心城区路内停车收费标准' },
    catalog: { year: 2026, entryId: '2026-07' },
    draft: doc('draft-v1'),
    ...over,
    attributes: { ...(over.attributes ?? {}) },
  };
}

/** Attributes that make R-04 require every step before discussion (and the reports to the Party committee and congress). */
export const ALL_STEPS = {
  affectsSpecificGroup: true,
  hearing: 'required_by_law',
  highlySpecialised: true,
  stabilityRisk: true,
  affectsMarketEntities: true,
  peoplesCongressRemit: true,
  otherDepartments: ['江城市公安局', '江城市财政局'],
};

/** A started procedure: the events so far and the state they fold to. */
export interface Trail {
  state: ProcedureState;
  events: DomainEvent[];
}

export const START_AT = bj('2026-03-02', '09:00');

export function start(
  over: StartInput = {},
  opts: { policy?: JurisdictionPolicy; now?: string; actor?: Actor } = {},
): Trail {
  const p = startProcedureSchema.parse(startPayload(over));
  const e = startProcedure(p, ctx(opts.actor ?? actors.organ, opts.now ?? START_AT), opts.policy ?? defaultPolicy);
  return { state: apply(undefined, e), events: [e] };
}

/** check + decide + apply, as the workflow does; returns the new trail. */
export function step(t: Trail, name: string, payload: unknown, actor: Actor, now: string): Trail {
  const c = ctx(actor, now);
  const parsed = check(name, t.state, payload, c);
  const events = decide(name, t.state, parsed, c);
  return { state: events.reduce<ProcedureState>((s, e) => apply(s, e), t.state), events: [...t.events, ...events] };
}

/** The state-only form of `step`: run(state, name, payload, actor, now). */
export function run(state: ProcedureState, name: string, payload: unknown, actor: Actor, now: string): ProcedureState {
  return step({ state, events: [] }, name, payload, actor, now).state;
}

/** The error a call throws; fails the test when it does not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, it returned');
}

export function domainError(fn: () => unknown): DomainError {
  const e = thrown(fn);
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

export function zodError(fn: () => unknown): ZodError {
  const e = thrown(fn);
  if (!(e instanceof ZodError)) throw new Error(`expected a ZodError, got ${String(e)}`);
  return e;
}

/** The paths zod named, as 'a.b.0.c'. */
export const issuePaths = (e: ZodError): string[] => e.issues.map((i) => i.path.join('.'));

/** Whether a refused command would be refused: runs `check` only. */
export function refuse(state: ProcedureState, name: string, payload: unknown, actor: Actor, now: string): DomainError {
  return domainError(() => check(name, state, payload, ctx(actor, now)));
}

export const missingItems = (e: DomainError): string[] => e.missing.map((m) => m.item);

// ---------------------------------------------------------------- scenarios

/*
 * The standard timeline (default attributes: public participation and the
 * legality review are the only steps required before discussion):
 *   Mon 2026-03-02 09:00  start; 10:00 comment period opens, 30 days: last day Wed Apr 1
 *   Thu 2026-04-02 09:00  period closed; Fri Apr 3 adoption report
 *   Tue 2026-04-07 09:00  legality review submitted (Apr 4–6 were the Qingming holiday)
 *     working days Apr 8, 9, 10, 13, 14, 15, 16: the 7th ends at 24:00 on Thu Apr 16
 *   Fri 2026-04-17 09:00  submitted to discussion; Fri Apr 24 meeting
 */
export const T = {
  open: bj('2026-03-02', '10:00'),
  close: bj('2026-04-02', '09:00'),
  participationReport: bj('2026-04-03', '10:00'),
  submitLegality: bj('2026-04-07', '09:00'),
  adviser: bj('2026-04-08', '15:00'),
  opinion: bj('2026-04-10', '16:00'),
  legalAdoption: bj('2026-04-13', '10:00'),
  discussion: bj('2026-04-17', '09:00'),
  meeting: bj('2026-04-24', '09:30'),
  meetingRecorded: bj('2026-04-24', '12:00'),
  partyReport: bj('2026-04-27', '10:00'),
  publish: bj('2026-04-28', '10:00'),
  executingUnit: bj('2026-04-29', '10:00'),
  archive: bj('2026-04-30', '10:00'),
} as const;

export const opinion = (summary: string, adopted = true, reason?: string) =>
  reason === undefined ? { summary, adopted } : { summary, adopted, reason };

export function participate(t: Trail, at: { open: string; close: string; report: string } = {
  open: T.open,
  close: T.close,
  report: T.participationReport,
}, v = 1): Trail {
  t = step(t, 'openCommentPeriod', { explanation: doc(`explanation-v${v}`), channels: ['江城市人民政府网站'], days: 30 }, actors.sponsor, at.open);
  t = step(t, 'closeCommentPeriod', {}, actors.sponsor, at.close);
  return step(t, 'submitParticipationAdoptionReport', {
    opinions: [opinion('降低夜间收费', true), opinion('取消收费', false, '与缓解拥堵的目标不符')],
    document: doc(`participation-adoption-v${v}`),
  }, actors.sponsor, at.report);
}

export interface LegalityTimes {
  submit: string;
  adviser: string;
  opinion: string;
  adoption: string;
}
export const LEGALITY_TIMES: LegalityTimes = {
  submit: T.submitLegality,
  adviser: T.adviser,
  opinion: T.opinion,
  adoption: T.legalAdoption,
};

export function legalityOpinion(outcome = 'lawful', v = 1): Record<string, unknown> {
  return {
    outcome,
    authority: '市人民政府有权制定停车收费政策',
    procedure: '已履行公众参与程序',
    substance: '内容不违反上位法',
    ...(outcome === 'exploratory_reform' ? { legalRisk: '国家尚无明确规定，存在被上级机关纠正的风险' } : {}),
    document: doc(`legality-opinion-v${v}`),
  };
}

/** the office engages the adviser of the fixtures (once per procedure). */
export function engageAdviser(t: Trail, at: string): Trail {
  if ((t.state.legality.engagedAdvisers ?? []).some((a) => a.personId === actors.adviser.personId)) return t;
  return step(t, 'engageLegalAdvisers', { advisers: [{ personId: actors.adviser.personId, name: actors.adviser.name, firm: actors.adviser.unit }] }, actors.office, at);
}

/** Submission, a legal adviser's opinion, the office's opinion, and its adoption record. */
export function reviewLegality(t: Trail, at: LegalityTimes = LEGALITY_TIMES, outcome = 'lawful'): Trail {
  const v = t.state.drafts.length;
  t = step(t, 'submitLegalityReview', {
    legalBasis: '《价格法》第十八条；《江城市停车管理条例》',
    procedureAccount: '已公开征求意见30日并提交采纳情况',
    documents: [doc(`legality-submission-v${v}`)],
  }, actors.sponsor, at.submit);
  t = engageAdviser(t, at.adviser);
  t = step(t, 'submitLegalAdviserOpinion', { adviser: '孙律师', document: doc(`adviser-opinion-v${v}`) }, actors.adviser, at.adviser);
  t = step(t, 'giveLegalityOpinion', legalityOpinion(outcome, v), actors.office, at.opinion);
  return step(t, 'recordLegalOpinionAdoption', {
    opinions: [opinion('明确收费标准的调整周期', true)],
  }, actors.sponsor, at.adoption);
}

/** Steps an item's attributes require besides participation and legality, done before the comment period. */
export type Prepare = (t: Trail) => Trail;

/**
 * A procedure every required step of which is done, submitted to discussion.
 * `prepare` does the steps beyond participation and legality that `over.attributes` require.
 */
export function submitted(over: StartInput = {}, policy?: JurisdictionPolicy, prepare: Prepare = (t) => t): Trail {
  let t = prepare(start(over, policy ? { policy } : {}));
  t = participate(t);
  t = reviewLegality(t);
  return step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
}

export type Position = 'approve' | 'reject' | 'revise' | 'defer' | 'stop';

/** A meeting record: members in order, the head last; `positions` are the members' (not the head's). */
export function meeting(positions: Position[], head: Position, over: Record<string, unknown> = {}): Record<string, unknown> {
  const speeches = [
    ...positions.map((position, i) => ({
      personId: `m-${i + 1}`,
      name: `组成人员${i + 1}`,
      isHead: false,
      position,
      statement: `我的意见是${position}`,
    })),
    { personId: 'head', name: '市长', isHead: true, position: head, statement: `决定${head}` },
  ];
  return {
    meetingType: 'executive',
    heldAt: T.meeting,
    membersTotal: speeches.length,
    attendees: speeches.length,
    speeches,
    outcome: head,
    minutes: doc('minutes-1'),
    ...over,
  };
}

/** Approved at the meeting. */
export function decided(over: StartInput = {}, prepare?: Prepare, policy?: JurisdictionPolicy): Trail {
  return step(submitted(over, policy, prepare), 'recordMeeting', meeting(['approve', 'approve', 'reject'], 'approve'), actors.organ, T.meetingRecorded);
}

/** Published and handed to the executing unit. */
export function executing(over: StartInput = {}, prepare?: Prepare, policy?: JurisdictionPolicy): Trail {
  let t = decided(over, prepare, policy);
  t = step(t, 'recordPartyReport', { document: doc('party-report') }, actors.organ, T.partyReport);
  t = step(t, 'publishDecision', { channels: ['江城市人民政府公报', '江城市人民政府网站', '江城日报'], document: doc('decision-final'), adoptionExplanation: '公众意见、专家论证意见的采纳情况见附件' }, actors.organ, T.publish);
  return step(t, 'nameExecutingUnit', { unit: EXECUTOR }, actors.organ, T.executingUnit);
}
