import type { Party } from './awaiting';
import type { MissingItem } from './errors';
import type { DomainEvent } from './events';
import type { ProcedureState } from './state';

/**
 * What is sent, to whom, when (issue: notifications). Each domain event that a
 * party must know of yields notices; the texts are rendered from templates
 * (zh-CN first) where they are delivered. Pure: the table is data.
 */
export type NoticeTemplate =
  | 'stepAssigned' // 步骤开启或交办
  | 'stepsMissing' // R-50 提交被退回：缺少前置步骤
  | 'commentPeriodOpened'
  | 'commentPeriodClosed'
  | 'hearingAnnounced'
  | 'hearingMaterialsSent'
  | 'legalitySubmitted'
  | 'legalityReturned'
  | 'legalityOpinionGiven'
  | 'legalOpinionFeedback' // to each adviser or lawyer who gave an opinion
  | 'discussionRequested' // to be put on a meeting's agenda
  | 'decisionTaken'
  | 'decisionPublished'
  | 'executionAssigned'
  | 'postEvaluationOrdered'
  | 'executionSuspended'
  | 'procedureDelayed'
  | 'meetingScheduled' // the meeting that will discuss the draft
  | 'deadlineReminder' // a duty's due date is near (policy reminderWorkingDaysBefore)
  | 'executionReportDue' // the periodic execution report is due soon
  | 'deadlineEscalated'; // a duty's due date passed: to the unit's head and the decision organ

export interface Notice {
  template: NoticeTemplate;
  ruleId: string;
  recipients: Party[];
  /** What the template shows; never more than the recipients may see. */
  data: Record<string, unknown>;
}

const sponsor = (s: ProcedureState): Party => ({ role: 'sponsor', unit: s.sponsorUnit });
const organ = (s: ProcedureState): Party => ({ role: 'decision_organ', unit: s.decisionOrgan });
const office = (s: ProcedureState): Party => ({ role: 'legality_office', unit: s.legalityOffice });
const executor = (s: ProcedureState): Party[] =>
  s.after.executingUnit ? [{ role: 'executing_unit', unit: s.after.executingUnit.unit }] : [];

/** The notices an event yields, given the state after it. */
export function noticesFor(e: DomainEvent, s: ProcedureState): Notice[] {
  const n = (template: NoticeTemplate, ruleId: string, recipients: Party[], data: Record<string, unknown> = {}): Notice[] => [
    { template, ruleId, recipients, data },
  ];
  switch (e.type) {
    case 'ProcedureStarted':
      // a launch request waits for the organ (its inbox, awaitingParties); drafting is assigned on approval.
      if (s.stage === 'launch_requested') return [];
      return n('stepAssigned', 'R-03', [sponsor(s)], { step: 'drafting', requirements: requiredSteps(s) });
    case 'LaunchApproved':
      return n('stepAssigned', 'R-03', [sponsor(s)], { step: 'drafting', requirements: requiredSteps(s) });
    case 'CommandRefused': {
      const byParty = new Map<string, { party: Party; items: MissingItem[] }>();
      for (const m of e.data.missing) {
        const k = `${m.responsible.role}:${m.responsible.unit ?? ''}`;
        const entry: { party: Party; items: MissingItem[] } = byParty.get(k) ?? { party: m.responsible, items: [] };
        entry.items.push(m);
        byParty.set(k, entry);
      }
      return [...byParty.values()].map((x) => ({
        template: 'stepsMissing' as const,
        ruleId: 'R-50',
        recipients: [x.party],
        data: { command: e.data.command, items: x.items.map((m) => ({ item: m.item, ruleId: m.ruleId, message: m.message })) },
      }));
    }
    case 'CommentPeriodOpened':
      return n('commentPeriodOpened', 'R-10', [sponsor(s), organ(s)], { lastDay: e.data.lastDay, endsAt: e.data.endsAt, provisional: e.data.provisional });
    case 'CommentPeriodClosed':
      return n('commentPeriodClosed', 'R-13', [sponsor(s)], { comments: s.participation.comments, lateComments: s.participation.lateComments });
    case 'HearingAnnounced':
      return n('hearingAnnounced', 'R-14', [sponsor(s), organ(s)], { hearingAt: e.data.hearingAt, place: e.data.place });
    case 'HearingMaterialsSent':
      return n('hearingMaterialsSent', 'R-14', [sponsor(s)], { documents: e.data.documents.map((d) => d.name) });
    case 'LegalityReviewSubmitted':
      return n('legalitySubmitted', 'R-41', [office(s)], { dueLastDay: e.data.dueLastDay, dueAt: e.data.dueAt });
    case 'LegalityReviewReturned':
      return n('legalityReturned', 'R-41', [sponsor(s)], { missingItems: e.data.missingItems });
    case 'LegalityOpinionGiven':
      return n('legalityOpinionGiven', 'R-44', [sponsor(s), organ(s)], { outcome: e.data.outcome });
    case 'LegalOpinionAdoptionRecorded': {
      // each adviser or public lawyer an opinion is attributed to learns whether it was
      // adopted and, where not, why: one notice per person, with their own opinions only.
      const byAdviser = new Map<string, { summary: string; adopted: boolean; reason?: string }[]>();
      for (const o of e.data.opinions) {
        if (!o.adviserPersonId) continue;
        byAdviser.set(o.adviserPersonId, [...(byAdviser.get(o.adviserPersonId) ?? []), { summary: o.summary, adopted: o.adopted, ...(o.reason ? { reason: o.reason } : {}) }]);
      }
      return [...byAdviser].map(([personId, opinions]) => {
        const unit = s.legality.adviserOpinions.find((x) => x.actor.personId === personId)?.actor.unit;
        const party: Party = unit === undefined ? { role: 'legal_adviser', personId } : { role: 'legal_adviser', unit, personId };
        return { template: 'legalOpinionFeedback' as const, ruleId: 'R-47', recipients: [party], data: { opinions } };
      });
    }
    case 'SubmittedToDiscussion':
      return n('discussionRequested', 'R-50', [organ(s)]);
    case 'MeetingRecorded':
      return n('decisionTaken', 'R-54', [sponsor(s), office(s)], { outcome: e.data.outcome });
    case 'DecisionPublished':
      return n('decisionPublished', 'R-61', [sponsor(s), ...executor(s)], { exempt: Boolean(e.data.exemptGround) });
    case 'ExecutingUnitNamed':
      return n('executionAssigned', 'R-63', [{ role: 'executing_unit', unit: e.data.unit }, sponsor(s)]);
    case 'PostEvaluationOrdered':
      return n('postEvaluationOrdered', 'R-64', [{ role: 'evaluator', unit: e.data.evaluatorUnit }, ...executor(s)], { ground: e.data.ground });
    case 'ExecutionSuspended':
      return n('executionSuspended', 'R-65', [...executor(s), sponsor(s)], { reason: e.data.reason });
    case 'MeetingScheduled':
      return n('meetingScheduled', 'R-51', [sponsor(s), office(s)], { meetingType: e.data.meetingType, scheduledAt: e.data.scheduledAt });
    case 'DeadlineApproaching': {
      const d = e.data;
      const template = d.item === 'execution.report' ? 'executionReportDue' : 'deadlineReminder';
      // R-66's date concerns the sponsor as much as the organ.
      const to = d.item === 'decision.delayed' ? [d.party, sponsor(s)] : [d.party];
      return n(template, d.ruleId, to, { item: d.item, dueAt: d.dueAt });
    }
    case 'DeadlineMissed': {
      const d = e.data;
      const head: Party = { ...d.party, head: true };
      const to = samePartyAs(d.party, organ(s)) ? [d.party, head] : [d.party, head, organ(s)];
      return n('deadlineEscalated', d.ruleId, to, { item: d.item, dueAt: d.dueAt, responsible: d.party });
    }
    case 'DelayedFlagged':
      return n('procedureDelayed', 'R-66', [organ(s), sponsor(s)], { limitDays: e.data.limitDays });
    default:
      return [];
  }
}

const samePartyAs = (a: Party, b: Party): boolean => a.role === b.role && a.unit === b.unit && !a.head === !b.head;

function requiredSteps(s: ProcedureState): string[] {
  return Object.entries(s.requirements)
    .filter(([, r]) => r.required)
    .map(([step]) => step);
}
