import type { Role } from './actor';
import { policyDayEnd } from './policy-time';
import type { ProcedureState } from './state';

/** A party the procedure waits for: a role and, where known, its unit (never a person). */
export interface Party {
  role: Role;
  unit?: string;
}

/** Who must act next, by stage (the inbox and the `AwaitingParties` search attribute). */
export function awaitingParties(s: ProcedureState): Party[] {
  switch (s.stage) {
    case 'preparation':
    case 'legality_returned':
      return [{ role: 'sponsor', unit: s.sponsorUnit }];
    case 'legality_review':
      return [{ role: 'legality_office', unit: s.legalityOffice }];
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
}

/** the instant after which an undecided procedure is flagged as delayed (久拖不决). */
export function delayedDecisionAt(s: ProcedureState): string {
  return policyDayEnd(s.policy, s.startedAt, s.policy.delayedDecisionDays);
}

export const UNDECIDED_STAGES = ['preparation', 'legality_review', 'legality_returned', 'awaiting_discussion'] as const;
export const isUndecided = (s: ProcedureState): boolean => (UNDECIDED_STAGES as readonly string[]).includes(s.stage);

/** The dates the procedure runs against, nearest first. */
export function dueItems(s: ProcedureState): DueItem[] {
  const out: DueItem[] = [];
  const period = s.participation.period;
  if (period && !s.participation.closed) {
    out.push({ item: 'participation.periodEnd', ruleId: 'R-12', dueAt: period.endsAt, party: { role: 'sponsor', unit: s.sponsorUnit } });
  }
  if (s.stage === 'legality_review') {
    const due = s.legality.officeDueAt;
    if (due) out.push({ item: 'legality.reply', ruleId: 'R-48', dueAt: due, party: { role: 'legality_office', unit: s.legalityOffice } });
  }
  if (isUndecided(s) && !s.delayed) {
    out.push({ item: 'decision.delayed', ruleId: 'R-66', dueAt: delayedDecisionAt(s), party: { role: 'decision_organ', unit: s.decisionOrgan } });
  }
  return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}
