import type { Actor, Role } from './actor';
import type { DomainEvent, EventType } from './events';
import { isEngagedAdviserOf, isPanelExpert, unitsOfRole } from './parties';
import type { DocumentRef } from './document';
import { currentDraft, type MeetingRecord, type ProcedureState } from './state';

/*
 * What each role reads of a procedure (docs/rules.md §1; ARCHITECTURE decision 8: each role reads
 * only its own view). Pure: the API picks the view for the caller; nothing here decides
 * whether the caller may read the procedure at all (api/authorization.ts does).
 *
 * - auditor, decision organ: everything (the organ decides on the whole record; R-66).
 * - sponsor, sponsor's legal unit, legality office: everything that prepares the decision, but
 *   of the meetings only their outcome — members' speeches and dissent are the organ's (R-52)
 *   and the auditor's.
 * - executing unit, evaluator: the decision and what follows it (R-61…R-64), the adoption of
 *   public and expert opinions as published; no internal opinions.
 * - expert: the draft, the panel, their own opinions (R-19…R-21).
 * - legal adviser: the draft, the review's submissions and due date, the advisers engaged,
 *   their own opinions (R-43).
 * - the public: what is public — the open comment period with its draft (R-10), the published
 *   decision (R-61); nothing of a non-disclosable item.
 */

export type ViewName = 'full' | 'preparing' | 'executing' | 'expert' | 'legal_adviser' | 'public';

export const VIEW_OF_ROLE: Record<Role, ViewName> = {
  auditor: 'full',
  decision_organ: 'full',
  sponsor: 'preparing',
  sponsor_legal_unit: 'preparing',
  legality_office: 'preparing',
  executing_unit: 'executing',
  evaluator: 'executing',
  expert: 'expert',
  legal_adviser: 'legal_adviser',
  public: 'public',
};

/** The identity of a procedure every view starts with. */
function identity(s: ProcedureState) {
  return {
    procedureKey: s.procedureKey,
    title: s.title,
    category: s.category,
    decisionOrgan: s.decisionOrgan,
    sponsorUnit: s.sponsorUnit,
    coSponsorUnits: s.coSponsorUnits,
    stage: s.stage,
  };
}

/** A meeting as those outside the organ read it: when, which kind, and the outcome. */
const meetingOutcome = (m: MeetingRecord) => ({ meetingType: m.meetingType, heldAt: m.heldAt, outcome: m.outcome, at: m.at });

export interface PublicProcedureView {
  procedureKey: string;
  title: string;
  category: string;
  decisionOrgan: string;
  sponsorUnit: string;
  stage: string;
  /** the open (or ended) comment period with the draft it concerns and its explanation. */
  participation?: { openedAt: string; lastDay: string; endsAt: string; channels: string[]; draft: DocumentRef; explanation: DocumentRef };
  /** */
  publication?: { at: string; channels: string[]; adoptionExplanation?: string; document: ProcedureState['drafts'][number]['document'] };
}

/** Whether anything of the procedure is public: disclosable, and its draft or decision published. */
export const isPubliclyVisible = (s: ProcedureState): boolean =>
  !s.attributes.nonDisclosable && (s.participation.period !== undefined || s.after.publication !== undefined);

/** The draft of a version (the current one if that version is unknown). */
const draftOf = (s: ProcedureState, version: number): DocumentRef => s.drafts.find((d) => d.version === version)?.document ?? currentDraft(s).document;

export function publicProcedureView(s: ProcedureState): PublicProcedureView {
  const { coSponsorUnits: _c, ...id } = identity(s);
  const period = s.participation.period;
  const pub = s.after.publication;
  return {
    ...id,
    ...(period && !s.attributes.nonDisclosable
      ? { participation: { openedAt: period.openedAt, lastDay: period.lastDay, endsAt: period.endsAt, channels: period.channels, draft: draftOf(s, period.draftVersion), explanation: period.explanation } }
      : {}),
    ...(pub && !s.attributes.nonDisclosable
      ? { publication: { at: pub.at, channels: pub.channels, ...(pub.adoptionExplanation ? { adoptionExplanation: pub.adoptionExplanation } : {}), document: pub.document ?? currentDraft(s).document } }
      : {}),
  };
}

/**
 * whether the public may comment at `now`: the item is disclosable, a comment period
 * has opened and not been closed, and `now` lies between its opening and its end (after the end a
 * comment is late, R-12).
 */
export function openForComment(s: ProcedureState, now: string): boolean {
  const period = s.participation.period;
  if (!period || s.attributes.nonDisclosable || s.participation.closed) return false;
  const t = Date.parse(now);
  return Date.parse(period.openedAt) <= t && t < Date.parse(period.endsAt);
}

/** What the public reads of a procedure open for comment: no person, no internal opinion. */
export interface PublicConsultationView {
  procedureKey: string;
  title: string;
  category: string;
  decisionOrgan: string;
  sponsorUnit: string;
  openedAt: string;
  days: number;
  /** The last day to comment (Beijing date); the period ends at `endsAt`. */
  lastDay: string;
  endsAt: string;
  /** the end rests on a year whose holiday schedule is not yet loaded. */
  provisional: boolean;
  /** Where the draft is published and how to comment. */
  channels: string[];
  /** why the period is shorter than the policy's minimum, stated when it opened. */
  shortenedReason?: string;
  draft: DocumentRef;
  explanation: DocumentRef;
}

/** The consultation as the public reads it; undefined unless the procedure is open for comment at `now`. */
export function publicConsultationView(s: ProcedureState, now: string): PublicConsultationView | undefined {
  const period = s.participation.period;
  if (!period || !openForComment(s, now)) return undefined;
  const { coSponsorUnits: _c, stage: _s, ...id } = identity(s);
  return {
    ...id,
    openedAt: period.openedAt,
    days: period.days,
    lastDay: period.lastDay,
    endsAt: period.endsAt,
    provisional: period.provisional,
    channels: period.channels,
    ...(period.shortenedReason ? { shortenedReason: period.shortenedReason } : {}),
    draft: draftOf(s, period.draftVersion),
    explanation: period.explanation,
  };
}

function preparingView(s: ProcedureState) {
  return {
    ...s,
    discussion: { ...s.discussion, meetings: s.discussion.meetings.map(meetingOutcome) },
  };
}

function executingView(s: ProcedureState) {
  const approved = s.discussion.meetings.filter((m) => m.outcome === 'approve').at(-1);
  const a = s.after;
  return {
    ...identity(s),
    legalityOffice: s.legalityOffice,
    startedAt: s.startedAt,
    ...(s.amends ? { amends: s.amends } : {}),
    decidedDraft: currentDraft(s),
    ...(approved ? { decidedAt: approved.heldAt } : {}),
    participationAdoption: s.participation.adoptionReport?.opinions,
    expertAdoption: s.expert.adoptionReport?.opinions,
    after: {
      ...(a.publication ? { publication: a.publication } : {}),
      ...(a.executingUnit ? { executingUnit: a.executingUnit } : {}),
      executionReports: a.executionReports,
      publicOpinions: a.publicOpinions,
      ...(a.postEvaluation ? { postEvaluation: a.postEvaluation } : {}),
      evaluationReports: a.evaluationReports,
      ...(a.suspension ? { suspension: a.suspension } : {}),
      amendments: a.amendments,
    },
    delayed: s.delayed,
  };
}

function expertView(s: ProcedureState, actor: Actor) {
  const panel = s.expert.panel;
  return {
    ...identity(s),
    drafts: s.drafts,
    currentDraft: currentDraft(s),
    expert: {
      ...(panel ? { panel: { members: panel.members, selectionRationale: panel.selectionRationale, at: panel.at, draftVersion: panel.draftVersion } } : {}),
      ownOpinions: s.expert.opinions.filter((o) => o.personId === actor.personId),
    },
  };
}

function legalAdviserView(s: ProcedureState, actor: Actor) {
  const l = s.legality;
  return {
    ...identity(s),
    legalityOffice: s.legalityOffice,
    currentDraft: currentDraft(s),
    legality: {
      intervals: l.intervals,
      ...(l.officeDueAt ? { officeDueAt: l.officeDueAt } : {}),
      engagedAdvisers: (l.engagedAdvisers ?? []).map(({ personId, name, firm }) => ({ personId, name, ...(firm ? { firm } : {}) })),
      ownOpinions: l.adviserOpinions.filter((o) => o.actor.personId === actor.personId),
    },
  };
}

/** The procedure as the actor's role reads it. */
export function procedureViewFor(s: ProcedureState, actor: Actor): object {
  switch (VIEW_OF_ROLE[actor.role]) {
    case 'full':
      return s;
    case 'preparing':
      return preparingView(s);
    case 'executing':
      return executingView(s);
    case 'expert':
      return expertView(s, actor);
    case 'legal_adviser':
      return legalAdviserView(s, actor);
    case 'public':
      return publicProcedureView(s);
  }
}

/** Whether the actor may read the procedure at all beyond its role's table row: outsiders by person. */
export function readsProcedure(s: ProcedureState, actor: Actor): boolean {
  switch (actor.role) {
    case 'auditor':
      return true;
    case 'expert':
      return isPanelExpert(s, actor.personId);
    case 'legal_adviser':
      return isEngagedAdviserOf(s, actor.personId);
    case 'public':
      return isPubliclyVisible(s);
    default:
      return unitsOfRole(s, actor.role).includes(actor.unit);
  }
}

/** Events of the decision's own deliberation: the organ's and the auditor's. */
const ORGAN_ONLY: ReadonlySet<EventType> = new Set(['MeetingRecorded']);
/** What those who carry out and evaluate the decision read (R-61…R-64). */
const EXECUTING: ReadonlySet<EventType> = new Set<EventType>([
  'ProcedureStarted',
  'DecisionPublished',
  'ExecutingUnitNamed',
  'ExecutionReported',
  'PublicExecutionOpinionRecorded',
  'PostEvaluationOrdered',
  'EvaluationReported',
  'ExecutionSuspended',
  'ExecutionResumed',
  'AmendmentStarted',
  'ProcedureClosed',
  'DeadlineApproaching',
  'DeadlineMissed',
]);

/** Whether the actor's role may read this event of a procedure. */
export function eventVisibleTo(e: DomainEvent, actor: Actor): boolean {
  const own = e.actor.personId === actor.personId;
  switch (VIEW_OF_ROLE[actor.role]) {
    case 'full':
      return true;
    case 'preparing':
      return !ORGAN_ONLY.has(e.type);
    case 'executing':
      return EXECUTING.has(e.type);
    case 'expert':
      return e.type === 'ExpertPanelRecorded' || e.type === 'DraftRevised' || (own && e.type === 'ExpertOpinionSubmitted');
    case 'legal_adviser':
      return e.type === 'LegalAdvisersEngaged' || e.type === 'LegalityReviewSubmitted' || (own && e.type === 'LegalAdviserOpinionSubmitted');
    case 'public':
      // The receipt of one's own comment or execution opinion.
      return own && (e.type === 'PublicCommentRecorded' || e.type === 'PublicExecutionOpinionRecorded');
  }
}

export const eventsVisibleTo = (events: readonly DomainEvent[], actor: Actor): DomainEvent[] => events.filter((e) => eventVisibleTo(e, actor));
