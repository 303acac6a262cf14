import type { Role } from './actor';
import type { Bilingual } from './errors';
import { policyDayEnd } from './policy-time';
import type { ProcedureState } from './state';

/** A party the procedure waits for: a role and, where known, its unit (never a person). */
export interface Party {
  role: Role;
  unit?: string;
  /** The head (负责人) of the unit rather than its staff in the role: escalations go there. */
  head?: boolean;
  /** One person rather than the unit's staff in the role (R-47: the adviser who gave an opinion). */
  personId?: string;
}

/** Who must act next, by stage (the inbox and the `AwaitingParties` search attribute). */
export function awaitingParties(s: ProcedureState): Party[] {
  switch (s.stage) {
    case 'preparation':
    case 'legality_returned':
      return [{ role: 'sponsor', unit: s.sponsorUnit }];
    case 'legality_review':
      return [{ role: 'legality_office', unit: s.legalityOffice }];
    case 'launch_requested': // the organ approves or refuses the sponsor's launch request
    case 'awaiting_discussion':
    case 'decided':
    case 'published':
    case 'suspended':
      return [{ role: 'decision_organ', unit: s.decisionOrgan }];
    case 'executing':
      return s.after.executingUnit ? [{ role: 'executing_unit', unit: s.after.executingUnit.unit }] : [];
    case 'post_evaluation':
      return s.after.postEvaluation ? [{ role: 'evaluator', unit: s.after.postEvaluation.evaluatorUnit }] : [];
    default:
      return [];
  }
}

/** `role:unit` keywords for the search attribute. */
export function partyKeywords(parties: Party[]): string[] {
  return parties.flatMap((p) => (p.unit ? [p.role, `${p.role}:${p.unit}`] : [p.role]));
}

export interface DueItem {
  item: string;
  ruleId: string;
  dueAt: string;
  party: Party;
  /**
   * A party must act by the date: reminded before, escalated after (domain/deadlines.ts).
   * The end of the comment period is a date, not a duty.
   */
  duty: boolean;
  /**
   * the date rests on a year whose holiday schedule is not loaded; it is recomputed when
   * the schedule arrives. Present only then.
   */
  provisional?: true;
}

/** The duties with a due date (dueItems) as people read them; the notices and the inbox say these. */
export const DUE_ITEM_LABELS: Record<string, Bilingual> = {
  'legality.reply': { zh: '出具合法性审查意见', en: 'giving the legality opinion' },
  'legality.supplement': { zh: '补充合法性审查材料', en: 'supplying what the legality review lacks' },
  'execution.report': { zh: '报告决策执行情况', en: 'reporting on execution' },
  'decision.delayed': { zh: '作出决定（逾期将标记为久拖不决）', en: 'taking the decision (past it, the procedure is flagged as delayed)' },
};

/** The due item, flagged provisional when its date is. */
const withProvisional = (d: DueItem, provisional: boolean | undefined): DueItem => (provisional ? { ...d, provisional: true } : d);

/** Names one due date of one item: an extension or a new submission is a new key, reminded afresh. */
export const dueKey = (d: { item: string; dueAt: string }): string => `${d.item}@${d.dueAt}`;

/**
 * the instant after which an undecided procedure is flagged as delayed (久拖不决): the
 * period computed at the start as R-06 says (recomputed when a year's schedule loads), or, for
 * a procedure pinned to a policy older than that, the plain calendar-day count its timer uses.
 */
export function delayedDecisionAt(s: ProcedureState): string {
  return s.delayedDecisionDue?.endsAt ?? policyDayEnd(s.policy, s.startedAt, s.policy.delayedDecisionDays);
}

export const UNDECIDED_STAGES = ['preparation', 'legality_review', 'legality_returned', 'awaiting_discussion'] as const;
export const isUndecided = (s: ProcedureState): boolean => (UNDECIDED_STAGES as readonly string[]).includes(s.stage);

/**
 * when the executing unit's next periodic report is due, counted from its naming or its
 * last periodic report: as R-06 says, kept in the procedure (`executionReportDue`), or, under a
 * policy pinned before that, the plain calendar-day count. Policies older than the setting have none.
 */
export function executionReportDueAt(s: ProcedureState): string | undefined {
  const every = s.policy.executionReportEveryDays as number | undefined;
  const named = s.after.executingUnit;
  if (every === undefined || !named || (s.stage !== 'executing' && s.stage !== 'post_evaluation')) return undefined;
  if (s.after.executionReportDue) return s.after.executionReportDue.endsAt;
  const last = s.after.executionReports.filter((r) => r.kind === 'periodic').at(-1);
  return policyDayEnd(s.policy, last?.at ?? named.at, every);
}

/** The dates the procedure runs against, nearest first. */
export function dueItems(s: ProcedureState): DueItem[] {
  const out: DueItem[] = [];
  const sponsor = { role: 'sponsor', unit: s.sponsorUnit } as const;
  const period = s.participation.period;
  if (period && !s.participation.closed) {
    out.push(withProvisional({ item: 'participation.periodEnd', ruleId: 'R-12', dueAt: period.endsAt, party: sponsor, duty: false }, period.provisional));
  }
  if (s.stage === 'legality_review') {
    const due = s.legality.officeDueAt;
    if (due) {
      const office = { role: 'legality_office', unit: s.legalityOffice } as const;
      out.push(withProvisional({ item: 'legality.reply', ruleId: 'R-48', dueAt: due, party: office, duty: true }, s.legality.officeDueProvisional));
    }
  }
  if (s.stage === 'legality_returned' && s.legality.supplementDueAt) {
    out.push(withProvisional({ item: 'legality.supplement', ruleId: 'R-41', dueAt: s.legality.supplementDueAt, party: sponsor, duty: true }, s.legality.supplementDueProvisional));
  }
  const report = executionReportDueAt(s);
  if (report && s.after.executingUnit) {
    const due = { item: 'execution.report', ruleId: 'R-63', dueAt: report, party: { role: 'executing_unit', unit: s.after.executingUnit.unit }, duty: true } as const;
    out.push(withProvisional({ ...due, party: { ...due.party } }, s.after.executionReportDue?.provisional));
  }
  if (isUndecided(s) && !s.delayed) {
    const delayed = { item: 'decision.delayed', ruleId: 'R-66', dueAt: delayedDecisionAt(s), party: { role: 'decision_organ', unit: s.decisionOrgan }, duty: true } as const;
    out.push(withProvisional({ ...delayed, party: { ...delayed.party } }, s.delayedDecisionDue?.provisional));
  }
  return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** Due items whose date has passed undone (DeadlineMissed recorded): the Overdue flag. */
export function overdueItems(s: ProcedureState): DueItem[] {
  return dueItems(s).filter((d) => s.deadlines.missed.includes(dueKey(d)));
}
