import type { Actor, Role } from './actor';
import type { ProcedureState } from './state';

/**
 * Who is a party of a procedure (docs/rules.md §1): the units the procedure gives a role, the
 * experts its panel names, the legal advisers the office engaged. The public and auditors
 * are never parties; an auditor reads everything but acts in nothing.
 */

/** The units a role plays in a procedure. */
export function unitsOfRole(s: ProcedureState, role: Role): string[] {
  switch (role) {
    case 'decision_organ':
      return [s.decisionOrgan];
    case 'sponsor':
    case 'sponsor_legal_unit':
      return [s.sponsorUnit, ...s.coSponsorUnits];
    case 'legality_office':
      return [s.legalityOffice];
    case 'executing_unit':
      return s.after.executingUnit ? [s.after.executingUnit.unit] : [];
    case 'evaluator':
      return s.after.postEvaluation ? [s.after.postEvaluation.evaluatorUnit] : [];
    default:
      return [];
  }
}

/** An expert the procedure's panel names. */
export const isPanelExpert = (s: ProcedureState, personId: string): boolean =>
  s.expert.panel?.members.some((m) => m.personId === personId) ?? false;

/** A legal adviser or public lawyer the office engaged for the review. */
export const isEngagedAdviserOf = (s: ProcedureState, personId: string): boolean =>
  (s.legality.engagedAdvisers ?? []).some((a) => a.personId === personId);

/**
 * Whether the actor is responsible for something in this procedure: only their refusals are
 * recorded in its history and may notify anyone (R-50). Outsiders' refusals are not.
 */
export function isResponsibleParty(s: ProcedureState, actor: Actor): boolean {
  switch (actor.role) {
    case 'expert':
      return isPanelExpert(s, actor.personId);
    case 'legal_adviser':
      return isEngagedAdviserOf(s, actor.personId);
    case 'public':
    case 'auditor':
      return false;
    default:
      return unitsOfRole(s, actor.role).includes(actor.unit);
  }
}
