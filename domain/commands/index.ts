import type { z } from 'zod';
import type { Actor, Role } from '../actor';
import { DomainError, type MissingItem } from '../errors';
import type { DomainEvent } from '../events';
import type { ProcedureState } from '../state';
import { isResponsibleParty } from '../parties';
import * as after from './after';
import * as discussion from './discussion';
import * as expertRisk from './expert-risk';
import * as legality from './legality';
import * as participation from './participation';
import { parseStrict } from '../strict';
import { missing as missingItem, type CommandContext, type CommandSpec } from './spec';
import * as start from './start';

const specs = [
  start.approveLaunch,
  start.refuseLaunch,
  start.amendRequirements,
  start.reviseDraft,
  start.recordCostBenefitAnalysis,
  start.recordDepartmentConsultation,
  participation.openCommentPeriod,
  participation.recordPublicComment,
  participation.closeCommentPeriod,
  participation.submitParticipationAdoptionReport,
  participation.recordGroupConsultation,
  participation.announceHearing,
  participation.publishHearingParticipants,
  participation.sendHearingMaterials,
  participation.recordHearing,
  expertRisk.recordExpertPanel,
  expertRisk.submitExpertOpinion,
  expertRisk.submitExpertAdoptionReport,
  expertRisk.submitRiskReport,
  expertRisk.recordRiskControllability,
  expertRisk.recordFairCompetitionReview,
  legality.giveFirstLevelLegalityOpinion,
  legality.submitLegalityReview,
  legality.returnForSupplement,
  legality.engageLegalAdvisers,
  legality.submitLegalAdviserOpinion,
  legality.giveLegalityOpinion,
  legality.extendLegalityDeadline,
  legality.recordLegalOpinionAdoption,
  discussion.submitToDiscussion,
  discussion.scheduleMeeting,
  discussion.recordMeeting,
  after.recordPartyReport,
  after.recordPeoplesCongressReport,
  after.publishDecision,
  after.archiveProcedure,
  after.nameExecutingUnit,
  after.submitExecutionReport,
  after.recordPublicExecutionOpinion,
  after.orderPostEvaluation,
  after.submitEvaluationReport,
  after.suspendExecution,
  after.resumeExecution,
  after.startAmendment,
  after.closeProcedure,
] as const;

/** Every command of a running procedure, by wire name (never renamed once released). */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = Object.fromEntries(
  specs.map((s) => [s.name, s as unknown as CommandSpec]),
);
export type CommandName = (typeof specs)[number]['name'];
export const COMMAND_NAMES = specs.map((s) => s.name) as CommandName[];

export function commandSpec(name: string): CommandSpec {
  const spec = COMMANDS[name];
  if (!spec) throw new DomainError('INVALID_INPUT', `未知的命令：${name}`);
  return spec;
}

/**
 * The unit a party of this procedure acts for; undefined for those who come from
 * outside it (the public, experts, legal advisers, auditors).
 */
function homeUnit(s: ProcedureState, role: Role): string | undefined {
  switch (role) {
    case 'decision_organ':
      return s.decisionOrgan;
    case 'sponsor':
    case 'sponsor_legal_unit':
      return s.sponsorUnit;
    case 'legality_office':
      return s.legalityOffice;
    case 'executing_unit':
      return s.after.executingUnit?.unit ?? '';
    case 'evaluator':
      return s.after.postEvaluation?.evaluatorUnit ?? '';
    default:
      return undefined;
  }
}

/** The units that may issue the command in the role; undefined: any unit (those who come from outside). */
function unitsFor(spec: CommandSpec, s: ProcedureState, role: Role, payload: unknown): string[] | undefined {
  const home = homeUnit(s, role);
  return spec.units?.(s, payload) ?? (home === undefined ? undefined : [home]);
}

/** what a launch request waits for before anything else can happen in it. */
export function launchApprovalItem(s: ProcedureState): MissingItem {
  return missingItem('launch.approval', 'R-03', 'decision_organ', s.decisionOrgan, {
    zh: '承办单位提出的目录外事项，须经决策机关同意启动',
    en: 'an item outside the catalog launched by the sponsor needs the decision organ\'s approval',
  });
}

/**
 * docs/rules.md §1: a person acts only within their role and unit. A command open to
 * several roles without naming units still binds each party to its own unit.
 */
export function authorize(spec: CommandSpec, s: ProcedureState, actor: Actor, payload: unknown): void {
  if (!spec.roles.includes(actor.role)) {
    throw new DomainError('NOT_ALLOWED', `「${spec.title}」须由${spec.roles.join('/')}办理，当前角色为${actor.role}`, spec.rules);
  }
  const units = unitsFor(spec, s, actor.role, payload);
  if (units && !units.includes(actor.unit)) {
    throw new DomainError('NOT_ALLOWED', `「${spec.title}」须由${units.join('、') || '指定单位'}办理，当前单位为${actor.unit}`, spec.rules);
  }
  // Which holders of the role may act here (the panel's experts, the engaged advisers…), in any stage.
  const refused = spec.admits?.(s, payload, actor);
  if (refused !== undefined) throw new DomainError('NOT_ALLOWED', refused, spec.rules);
}

/**
 * Everything that must hold before a command is accepted: shape, role and unit,
 * stage, and the gate. Returns the parsed payload; throws ZodError or DomainError.
 * The workflow's update validators call this, so a refused command never enters history.
 */
export function check(name: string, s: ProcedureState, payload: unknown, ctx: CommandContext): unknown {
  const spec = commandSpec(name);
  // Strict: a field the command does not know is refused here (the handler's lenient parse
  // still replays recorded payloads that carry one).
  const p: unknown = parseStrict(spec.schema as z.ZodType, payload);
  authorize(spec, s, ctx.actor, p);
  // nothing happens in a launch request until the decision organ approves it.
  if (s.stage === 'launch_requested' && !spec.stages?.includes('launch_requested')) {
    throw new DomainError('STEP_MISSING', `「${spec.title}」须待决策机关同意启动 / the decision organ has not approved the launch`, ['R-03'], [
      launchApprovalItem(s),
    ], isResponsibleParty(s, ctx.actor));
  }
  if (spec.stages && !spec.stages.includes(s.stage)) {
    throw new DomainError('INVALID_TRANSITION', `当前阶段（${s.stage}）不能办理「${spec.title}」`, spec.rules);
  }
  const missing: MissingItem[] = spec.gate?.(s, p, ctx) ?? [];
  if (missing.length > 0) {
    const ruleIds = [...new Set(missing.map((m) => m.ruleId))];
    throw new DomainError('STEP_MISSING', `「${spec.title}」缺少前置步骤`, ruleIds, missing, isResponsibleParty(s, ctx.actor));
  }
  // Substance checks in decide (R-20, R-64…) also run here, so they refuse synchronously too.
  spec.decide(s, p, ctx);
  return p;
}

/** One command a person may take now, and what its gate still lacks. */
export interface AvailableCommand {
  name: CommandName;
  title: string;
  rules: string[];
  /**
   * The gate's missing items for a payload not yet filled in (the schema's defaults, or `{}`):
   * what must happen first, so a form can say so before it is sent ("提请集体讨论的条件").
   * Empty also when the gate cannot answer without the payload.
   */
  blockedBy: MissingItem[];
}

/** The payload of a form not yet filled in: what the schema makes of `{}` (its defaults), else `{}`. */
function emptyPayload(spec: CommandSpec): unknown {
  const parsed = spec.schema.safeParse({});
  return parsed.success ? parsed.data : {};
}

/** A rule's answer, or undefined when it cannot answer without the payload (it throws). */
function unlessItThrows<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * docs/rules.md §1, R-03, R-50: the commands `actor` may take now in `s`, decided as `check`
 * decides them — role, unit, who among the role's holders (`admitsPerson`, else `admits`),
 * stage, and a launch request's wait for approval — each with what its gate still lacks. The
 * payload is not known yet: a unit or admission rule that cannot answer without it counts as
 * allowed; the workflow's validator decides when the command comes. A closed procedure takes none.
 */
export function availableCommands(s: ProcedureState, actor: Actor, ctx: Omit<CommandContext, 'actor'>): AvailableCommand[] {
  if (s.stage === 'closed') return [];
  const out: AvailableCommand[] = [];
  for (const name of COMMAND_NAMES) {
    const spec = commandSpec(name);
    if (!spec.roles.includes(actor.role)) continue;
    // in a launch request only what its stages name (the organ's approval or refusal).
    if (spec.stages ? !spec.stages.includes(s.stage) : s.stage === 'launch_requested') continue;
    const p = emptyPayload(spec);
    const units = unlessItThrows(() => unitsFor(spec, s, actor.role, p));
    if (units && !units.includes(actor.unit)) continue;
    const refused = spec.admitsPerson ? spec.admitsPerson(s, actor) : unlessItThrows(() => spec.admits?.(s, p, actor));
    if (refused !== undefined) continue;
    const blockedBy = unlessItThrows(() => spec.gate?.(s, p, { ...ctx, actor })) ?? [];
    out.push({ name, title: spec.title, rules: spec.rules, blockedBy });
  }
  return out;
}

/** The events an accepted command yields (call after `check`). */
export function decide(name: string, s: ProcedureState, payload: unknown, ctx: CommandContext): DomainEvent[] {
  return commandSpec(name).decide(s, payload, ctx);
}

export type { CommandContext, CommandSpec } from './spec';
export { startProcedure, startProcedureSchema, type StartProcedure } from './start';
