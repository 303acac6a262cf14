import { dueKey } from './awaiting';
import type { DocumentRef } from './document';
import type { DomainEvent, EventMap } from './events';
import { currentDraft, type Act, type ProcedureState } from './state';

/** The first state of a procedure, from its ProcedureStarted event. */
function started(e: { at: string; actor: DomainEvent['actor']; data: EventMap['ProcedureStarted'] }): ProcedureState {
  const d = e.data;
  return {
    procedureKey: d.procedureKey,
    title: d.title,
    category: d.category,
    decisionOrgan: d.decisionOrgan,
    sponsorUnit: d.sponsorUnit,
    coSponsorUnits: d.coSponsorUnits,
    legalityOffice: d.legalityOffice,
    proposal: d.proposal,
    catalog: d.catalog,
    attributes: d.attributes,
    requirements: d.requirements,
    policy: d.policy,
    calendarVersion: d.calendarVersion,
    ...(d.amends ? { amends: d.amends } : {}),
    startedAt: e.at,
    startedBy: e.actor,
    stage: d.launchRequested ? 'launch_requested' : 'preparation',
    stageEntries: [{ stage: d.launchRequested ? 'launch_requested' : 'preparation', at: e.at }],
    drafts: [{ version: 1, document: d.draft, reason: '初稿', at: e.at }],
    departments: {},
    participation: { comments: 0, lateComments: 0 },
    hearing: {},
    expert: { opinions: [] },
    risk: { reports: [] },
    legality: { intervals: [], adviserOpinions: [] },
    discussion: { meetings: [] },
    after: { executionReports: [], publicOpinions: 0, evaluationReports: [], amendments: [] },
    refusals: [],
    loadedSchedules: [],
    delayed: false,
    ...(d.delayedDecision ? { delayedDecisionDue: { ...d.delayedDecision } } : {}),
    deadlines: { reminded: [], missed: [] },
    documents: [d.draft],
  };
}

/** Documents an event's data references, in order (R-62: every one is filed). */
function documentsOf(data: unknown): DocumentRef[] {
  const out: DocumentRef[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.sha256 === 'string' && typeof o.mediaType === 'string') out.push(o as unknown as DocumentRef);
      else Object.values(o).forEach(visit);
    }
  };
  visit(data);
  return out;
}

/**
 * The state after one event: pure, total, and the only way state changes, so
 * the state at any instant is the fold of the events up to it. `s` is left untouched.
 */
export function apply(s: ProcedureState | undefined, e: DomainEvent): ProcedureState {
  if (e.type === 'ProcedureStarted') return started(plainCopy(e));
  if (!s) throw new Error(`event ${e.type} before ProcedureStarted`);
  const next = plainCopy(s);
  absorb(next, plainCopy(e));
  return next;
}

/**
 * `apply` for the one state a workflow keeps: `s` becomes the state after `e`, with no copy of
 * the whole state per event (issue #13: replay cost). The event is copied first, so the state
 * never shares an object with an event the caller keeps (history, query answers).
 */
export function applyInPlace(s: ProcedureState, e: DomainEvent): void {
  if (e.type === 'ProcedureStarted') throw new Error('ProcedureStarted starts a state; it is not applied to one');
  absorb(s, plainCopy(e));
}

function absorb(s: ProcedureState, e: DomainEvent): void {
  const act: Act = { at: e.at, actor: e.actor, draftVersion: currentDraft(s).version };
  const stageBefore = s.stage;
  if (e.type !== 'ProcedureArchived') {
    for (const doc of documentsOf(e.data)) {
      if (!s.documents.some((x) => x.sha256 === doc.sha256)) s.documents.push(doc);
    }
  }
  evolve(s, e, act);
  // The dashboard's time spent in each stage (domain/stage-times.ts).
  if (s.stage !== stageBefore) s.stageEntries.push({ stage: s.stage, at: e.at });
}

/** Plain JSON: a deep copy keeps earlier states (the audit's as-of view) and events untouched. */
function plainCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function evolve(s: ProcedureState, e: DomainEvent, act: Act): void {
  switch (e.type) {
    case 'ProcedureStarted':
      return;
    case 'RequirementsAmended':
      for (const c of e.data.changes) s.requirements[c.step] = { required: c.required, reason: c.reason, ruleId: 'R-04' };
      return;
    case 'DraftRevised':
      s.drafts.push({ version: e.data.version, document: e.data.document, reason: e.data.reason, at: e.at });
      // a submission for the old draft is void; the sponsor must submit the new one.
      if (s.stage === 'legality_review' || s.stage === 'legality_returned') s.stage = 'preparation';
      return;
    case 'DepartmentConsulted':
      s.departments[e.data.department] = { ...act, ...omitUndefined(e.data) };
      return;
    case 'CostBenefitAnalysisRecorded':
      s.costBenefit = { ...act, ...omitUndefined(e.data) };
      return;
    case 'CommentPeriodOpened': {
      // the explanation is kept with the period: the public reads it while the period runs.
      s.participation.period = { ...act, ...omitUndefined(e.data), openedAt: e.at };
      delete s.participation.closed;
      return;
    }
    case 'PublicCommentRecorded':
      s.participation.comments += 1;
      if (e.data.late) s.participation.lateComments += 1;
      return;
    case 'CommentPeriodClosed':
      s.participation.closed = { ...act, draftVersion: s.participation.period?.draftVersion ?? act.draftVersion };
      return;
    case 'ParticipationAdoptionReported':
      s.participation.adoptionReport = { ...act, ...e.data, opinions: e.data.opinions.map(omitUndefined) };
      return;
    case 'GroupConsulted':
      s.groupConsultation = { ...act, groups: e.data.groups, summary: e.data.summary };
      return;
    case 'HearingAnnounced':
      s.hearing = { announcement: { ...act, ...omitUndefined(e.data) } };
      return;
    case 'HearingParticipantsPublished':
      s.hearing.participants = { ...act, list: e.data.participants };
      return;
    case 'HearingMaterialsSent':
      s.hearing.materialsSent = { ...act, sentAt: e.at };
      return;
    case 'HearingRecorded':
      s.hearing.record = { ...act, document: e.data.document };
      return;
    case 'ExpertPanelRecorded':
      s.expert.panel = { ...act, members: e.data.members.map(omitUndefined), selectionRationale: e.data.selectionRationale };
      return;
    case 'ExpertOpinionSubmitted':
      s.expert.opinions.push({ ...act, ...e.data });
      return;
    case 'ExpertAdoptionReported':
      s.expert.adoptionReport = { ...act, ...e.data, opinions: e.data.opinions.map(omitUndefined) };
      return;
    case 'RiskReportSubmitted':
      s.risk.reports.push({ ...act, ...e.data });
      return;
    case 'RiskControllabilityRecorded':
      s.risk.controllability = { ...act, controllable: e.data.controllable, reportIndex: e.data.reportIndex };
      return;
    case 'FairCompetitionReviewed':
      s.fairCompetition = { ...act, ...e.data };
      return;
    case 'FirstLevelLegalityOpinionGiven':
      s.legality.firstLevel = { ...act, ...e.data };
      return;
    case 'LegalityReviewSubmitted':
      s.legality.intervals.push({ submittedAt: e.at, draftVersion: act.draftVersion });
      s.legality.officeDueAt = e.data.dueAt;
      s.legality.officeDueProvisional = e.data.dueProvisional;
      delete s.legality.supplementDueAt;
      delete s.legality.supplementDueProvisional;
      s.stage = 'legality_review';
      return;
    case 'LegalityReviewReturned': {
      const open = s.legality.intervals.at(-1);
      if (open) Object.assign(open, { returnedAt: e.at, missingItems: e.data.missingItems });
      if (e.data.supplementDueAt) s.legality.supplementDueAt = e.data.supplementDueAt;
      if (e.data.supplementProvisional) s.legality.supplementDueProvisional = true;
      s.stage = 'legality_returned';
      return;
    }
    case 'LegalAdvisersEngaged':
      s.legality.engagedAdvisers = [...(s.legality.engagedAdvisers ?? []), ...e.data.advisers.map((a) => ({ ...act, ...omitUndefined(a) }))];
      return;
    case 'LegalAdviserOpinionSubmitted':
      s.legality.adviserOpinions.push({ ...act, ...e.data });
      return;
    case 'LegalityOpinionGiven':
      s.legality.opinion = { ...act, ...omitUndefined(e.data) };
      s.stage = 'preparation';
      return;
    case 'LegalityDeadlineExtended':
      s.legality.extension = { ...act, workingDays: e.data.workingDays, reason: e.data.reason };
      s.legality.officeDueAt = e.data.dueAt;
      s.legality.officeDueProvisional = e.data.dueProvisional;
      return;
    case 'LegalOpinionAdoptionRecorded':
      s.legality.adoption = {
        ...act,
        opinions: e.data.opinions.map(omitUndefined),
        ...(e.data.unrevisedReason ? { unrevisedReason: e.data.unrevisedReason } : {}),
      };
      return;
    default:
      evolveAfter(s, e, act);
  }
}

function evolveAfter(s: ProcedureState, e: DomainEvent, act: Act): void {
  switch (e.type) {
    case 'SubmittedToDiscussion':
      s.discussion.submitted = act;
      s.stage = 'awaiting_discussion';
      return;
    case 'MeetingScheduled':
      s.discussion.scheduled = { ...act, ...omitUndefined(e.data) };
      return;
    case 'MeetingRecorded': {
      delete s.discussion.scheduled;
      s.discussion.meetings.push({ ...act, ...omitUndefined(e.data) });
      // a decision to stop leaves the stage as it is until the procedure is closed.
      const stage = { approve: 'decided', reject: 'rejected', revise: 'preparation', defer: 'awaiting_discussion', stop: s.stage } as const;
      s.stage = stage[e.data.outcome];
      return;
    }
    case 'PartyReported':
      s.after.partyReport = { ...act, ...e.data };
      return;
    case 'PeoplesCongressReported':
      s.after.congressReport = { ...act, ...e.data };
      return;
    case 'DecisionPublished':
      s.after.publication = { ...act, ...omitUndefined(e.data) };
      s.stage = 'published';
      return;
    case 'ProcedureArchived':
      s.after.archive = { ...act, documents: e.data.documents };
      return;
    case 'ExecutingUnitNamed':
      s.after.executingUnit = { ...act, unit: e.data.unit };
      if (e.data.nextReportDue) s.after.executionReportDue = { ...e.data.nextReportDue };
      s.stage = 'executing';
      return;
    case 'ExecutionReported': {
      const { nextReportDue, ...report } = e.data;
      s.after.executionReports.push({ ...act, ...report });
      if (nextReportDue) s.after.executionReportDue = { ...nextReportDue };
      return;
    }
    case 'PublicExecutionOpinionRecorded':
      s.after.publicOpinions += 1;
      return;
    case 'PostEvaluationOrdered':
      s.after.postEvaluation = { ...act, ...omitUndefined(e.data) };
      s.stage = 'post_evaluation';
      return;
    case 'EvaluationReported':
      s.after.evaluationReports.push({ ...act, ...omitUndefined(e.data) });
      s.stage = 'executing';
      return;
    case 'ExecutionSuspended':
      s.after.suspension = { ...act, reason: e.data.reason, ...(e.data.urgentGround ? { urgentGround: e.data.urgentGround } : {}) };
      s.stage = 'suspended';
      return;
    case 'ExecutionResumed': {
      // back into a post-evaluation whose report is still awaited (the latest one ordered).
      const ordered = s.after.postEvaluation;
      const awaited = ordered && !s.after.evaluationReports.some((r) => Date.parse(r.at) >= Date.parse(ordered.at));
      s.stage = awaited ? 'post_evaluation' : 'executing';
      return;
    }
    case 'AmendmentStarted':
      s.after.amendments.push({ at: e.at, newProcedureKey: e.data.newProcedureKey, reason: e.data.reason });
      return;
    case 'ProcedureClosed':
      s.stage = 'closed';
      return;
    case 'LaunchApproved':
      s.stage = 'preparation';
      return;
    case 'LaunchRefused':
      s.stage = 'closed';
      return;
    case 'CommandRefused':
      s.refusals.push({ at: e.at, actor: e.actor, command: e.data.command, missing: e.data.missing });
      return;
    case 'DelayedFlagged':
      s.delayed = true;
      return;
    case 'DeadlineApproaching':
      s.deadlines.reminded.push(dueKey(e.data));
      return;
    case 'DeadlineMissed':
      s.deadlines.missed.push(dueKey(e.data));
      return;
    case 'HolidayScheduleLoaded': {
      s.loadedSchedules.push(e.data.schedule);
      s.calendarVersion = e.data.calendarVersion;
      const p = s.participation.period;
      if (p && e.data.participationEnd) Object.assign(p, e.data.participationEnd);
      if (e.data.officeDue) {
        s.legality.officeDueAt = e.data.officeDue.endsAt;
        s.legality.officeDueProvisional = e.data.officeDue.provisional;
      }
      if (e.data.delayedDecision) s.delayedDecisionDue = { ...e.data.delayedDecision };
      if (e.data.executionReportDue) s.after.executionReportDue = { ...e.data.executionReportDue };
      if (e.data.supplementDue) {
        s.legality.supplementDueAt = e.data.supplementDue.endsAt;
        if (e.data.supplementDue.provisional) s.legality.supplementDueProvisional = true;
        else delete s.legality.supplementDueProvisional;
      }
      return;
    }
    default:
      return;
  }
}

/** Optional fields stay absent rather than `undefined`, so the state is plain JSON. */
function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The state after a sequence of events (ARCHITECTURE decision 3). */
export function fold(events: readonly DomainEvent[]): ProcedureState | undefined {
  let s: ProcedureState | undefined;
  for (const e of events) {
    if (e.type === 'ProcedureStarted' || !s) s = apply(s, e);
    else applyInPlace(s, e);
  }
  return s;
}
