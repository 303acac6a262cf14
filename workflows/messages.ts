import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  CalendarData,
  CommandName,
  HolidaySchedule,
  DomainEvent,
  JurisdictionPolicy,
  MissingItem,
  ProcedureState,
  StartProcedure,
} from '../domain';
import { COMMAND_NAMES } from '../domain/commands';

/** The workflow's one argument (STYLE: one object argument per workflow). */
export interface DecisionProcedureInput {
  start: StartProcedure;
  /** The decision organ's member who started it. */
  actor: Actor;
  /** Pinned for the procedure's life (ARCHITECTURE decision 6). */
  policy: JurisdictionPolicy;
  calendar: CalendarData;
  /**
   * When the API accepted the start: the start event is stamped with it, so the API can answer
   * with the very event the workflow records, in every process and on every repeat.
   */
  receivedAt?: string;
  /** The workflow version the procedure started under (workflows/patches.ts); absent before v6. */
  version?: number;
  /** Set by continue-as-new: the domain events so far, whose fold is the state. */
  carried?: { events: DomainEvent[] };
  /**
   * Continue as new once the history has this many events (default 2,000), so a
   * procedure executed for years keeps a bounded history.
   */
  continueAsNewAfterEvents?: number;
}

/** Every command arrives as an update carrying who acts and what they submit. */
export interface CommandInput {
  actor: Actor;
  payload: unknown;
}

/** An update's answer: the new stage and the accepted events, never the whole state (ARCHITECTURE decision 8). */
export interface CommandResult {
  stage: ProcedureState['stage'];
  /** The events the command recorded (their instants are the workflow's clock). */
  events: DomainEvent[];
}

/** What the API reports when a command was refused for missing steps. */
export interface RefusalReport {
  actor: Actor;
  command: string;
  missing: MissingItem[];
}

export const procedureStateQuery = defineQuery<ProcedureState>('procedureState');
export const procedureEventsQuery = defineQuery<DomainEvent[]>('procedureEvents');
export const reportRefusalSignal = defineSignal<[RefusalReport]>('reportRefusal');
/** a year's official holiday schedule, published after the procedure started. */
export const loadHolidayScheduleSignal = defineSignal<[HolidaySchedule]>('loadHolidaySchedule');

/** One update per command; the update's name is the command's wire name. */
export const commandUpdates = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, defineUpdate<CommandResult, [CommandInput]>(name)]),
) as Record<CommandName, ReturnType<typeof defineUpdate<CommandResult, [CommandInput]>>>;

/**
 * The name of the error a procedure raises when a query's activation sees a fired alarm before
 * its workflow task (workflows/decision-procedure.workflow.ts): that query fails once, and the
 * API answers 503 with Retry-After, since the next read finds the alarm handled.
 */
export const ALARM_BEFORE_ITS_TASK = 'AlarmBeforeItsTask';

/** Failure types the workflow raises in validators; the API maps them to HTTP. */
export const FAILURE_TYPES = {
  invalidInput: 'InvalidInput', // 400, details: [{ issues }]
  domain: 'DomainError', // details: [{ code, ruleIds, missing }]
} as const;
