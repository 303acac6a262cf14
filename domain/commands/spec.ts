import type { z } from 'zod';
import type { Actor, Role } from '../actor';
import type { WorkingCalendar } from '../calendar';
import { bilingual, type Bilingual, type MissingItem } from '../errors';
import type { DomainEvent, EventType, EventData } from '../events';
import type { ProcedureState, Stage } from '../state';
import { currentDraft } from '../state';

/** What a command is decided against: the caller passes time in (domain has no clock). */
export interface CommandContext {
  now: string;
  actor: Actor;
  calendar: WorkingCalendar;
}

/** One command of the procedure: its schema, who may issue it, its gate and the events it yields. */
export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  /** zh-CN name shown to people. */
  title: string;
  rules: string[];
  schema: S;
  roles: Role[];
  /** Units the actor must belong to; undefined means the actor's own unit in this procedure, if the role has one (authorize). */
  units?: (s: ProcedureState, p: z.infer<S>) => string[];
  /**
   * Who among the role's holders may act, beyond role and unit (docs/rules.md §1): e.g. only an
   * expert the panel names, only an engaged legal adviser. Returns why
   * the actor is refused (403), or undefined. Validator side only: never on replay.
   */
  admits?: (s: ProcedureState, p: z.infer<S>, actor: Actor) => string | undefined;
  /**
   * The part of `admits` that does not read the payload: whether this person may issue the
   * command at all (an expert the panel names, an adviser the office engaged). `availableCommands`
   * asks it before any form is filled in; `admits` still decides when the command comes.
   */
  admitsPerson?: (s: ProcedureState, actor: Actor) => string | undefined;
  /** Stages in which the command makes sense; outside them it is an invalid transition. */
  stages?: Stage[];
  /** Every missing prerequisite; empty means allowed. */
  gate?: (s: ProcedureState, p: z.infer<S>, ctx: CommandContext) => MissingItem[];
  /** The events the command yields; throws DomainError on substance it cannot accept. */
  decide: (s: ProcedureState, p: z.infer<S>, ctx: CommandContext) => DomainEvent[];
}

export function defineCommand<S extends z.ZodType, N extends string>(
  spec: CommandSpec<S> & { name: N },
): CommandSpec<S> & { name: N } {
  return spec;
}

export function event<T extends EventType>(type: T, ctx: CommandContext, data: EventData<T>): DomainEvent {
  return { type, at: ctx.now, actor: ctx.actor, data } as DomainEvent;
}

/** One missing step, what it says in both languages (`中文 / English` on the wire), and who must act. */
export function missing(
  item: string,
  ruleId: string,
  role: Role,
  unit: string | undefined,
  text: Bilingual,
): MissingItem {
  const message = bilingual(text);
  return unit === undefined ? { item, ruleId, responsible: { role }, message } : { item, ruleId, responsible: { role, unit }, message };
}

export const sponsorUnits = (s: ProcedureState): string[] => [s.sponsorUnit];
export const organUnits = (s: ProcedureState): string[] => [s.decisionOrgan];
export const officeUnits = (s: ProcedureState): string[] => [s.legalityOffice];

/** The current draft version, which every act is stamped with. */
export const draftVersion = (s: ProcedureState): number => currentDraft(s).version;

/** Stages before the decision, where the sponsor prepares the draft. */
export const PREPARING: Stage[] = ['preparation', 'legality_review', 'legality_returned'];
