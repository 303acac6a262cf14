import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  upsertMemo,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  COMMAND_NAMES,
  WorkingCalendar,
  calendarData,
  holidayScheduleSchema,
  loadSchedule,
  type HolidaySchedule,
  actorSchema,
  applyInPlace,
  check,
  commandSpec,
  decide,
  alarmKey,
  delayedDecisionAt,
  fireAlarms,
  fold,
  pendingAlarms,
  isUndecided,
  startProcedure,
  startProcedureSchema,
  type Actor,
  type CommandContext,
  type DomainEvent,
  type MissingItem,
  type ProcedureState,
  type Alarm,
} from '../domain';
import { toFailure } from './failures';
import { procedureWorkflowId } from './ids';
import {
  commandUpdates,
  procedureEventsQuery,
  procedureStateQuery,
  loadHolidayScheduleSignal,
  reportRefusalSignal,
  type CommandInput,
  type DecisionProcedureInput,
  type RefusalReport,
} from './messages';
import { NoticeOutbox } from './notice-outbox';
import { AlarmBeforeItsTask, keepDeadlineTimers } from './deadline-timers';
import { PATCHES, alarmsWaitForClock, noticesBySink, patchesWithoutMarkers, stageEntriesIndexed, timersKept } from './patches';
import { SearchAttributeSync } from './search';


/**
 * 重大行政决策程序: one workflow per procedure. Commands arrive as updates whose
 * validators run the domain's schema, role and gate, so a refused command never
 * enters history; accepted ones are recorded as domain events whose fold is the state.
 */
export async function decisionProcedure(input: DecisionProcedureInput): Promise<ProcedureState> {
  const events: DomainEvent[] = [...(input.carried?.events ?? [])];
  let calendar = new WorkingCalendar(calendarData(input.calendar, fold(events)));
  const ctxFor = (actor: Actor): CommandContext => ({ now: new Date().toISOString(), actor, calendar });
  if (events.length === 0) {
    try {
      const ctx = ctxFor(input.actor);
      events.push(startProcedure(startProcedureSchema.parse(input.start), input.receivedAt ? { ...ctx, now: input.receivedAt } : ctx, input.policy));
    } catch (err) {
      throw toFailure(err);
    }
  }
  // One state, changed in place by each event (no copy of it per event: replay cost, issue #13).
  const state = fold(events) as ProcedureState;
  // Bumped whenever the state or the calendar changes: the deadline watchers' condition() checks
  // read the pending alarms from `alarms()`, worked out once per change, not once per check.
  let revision = 0;
  let alarmsSeen: { revision: number; alarms: Alarm[] } | undefined;
  const alarms = (): Alarm[] => {
    if (alarmsSeen?.revision !== revision) alarmsSeen = { revision, alarms: pendingAlarms(state, calendar) };
    return alarmsSeen.alarms;
  };
  // v7: the patched changes are on without markers (workflows/patches.ts); older runs keep theirs.
  const markerless = patchesWithoutMarkers(input.version);
  const since = (patch: string): boolean => markerless || patched(patch);
  const search = new SearchAttributeSync(stageEntriesIndexed(input.version), workflowInfo().typedSearchAttributes);
  const outbox = new NoticeOutbox(markerless, noticesBySink(input.version));
  let lastRefusalKey = '';

  /** Records `evs` and returns the copies kept: neither they nor the state share an object with `evs`. */
  const record = (evs: DomainEvent[]): DomainEvent[] => {
    const kept = JSON.parse(JSON.stringify(evs)) as DomainEvent[];
    for (const e of kept) {
      applyInPlace(state, e);
      events.push(e);
    }
    revision++;
    search.sync(state);
    return kept;
  };
  /**
   * Events no update returns (the start, refusals, timers, schedules) are also
   * written to the memo, so every domain event can be read from the history
   * itself (ARCHITECTURE decision 3: the audit folds them).
   */
  const recordOwn = (evs: DomainEvent[]): void => {
    record(evs);
    if (since(PATCHES.domainEventsInMemo)) for (const e of evs) upsertMemo({ domainEvent: e });
  };
  // The start's event is the input's to read (the audit computes it as here); v7 writes no copy.
  if (!input.carried && !markerless && patched(PATCHES.domainEventsInMemo)) upsertMemo({ domainEvent: events[0] });
  if (!input.carried) outbox.add(events, state, 0);

  // Handlers before the first await (STYLE).
  setHandler(procedureStateQuery, () => state);
  setHandler(procedureEventsQuery, () => events);
  for (const name of COMMAND_NAMES) {
    setHandler(
      commandUpdates[name],
      async (cmd: CommandInput) => {
        // The validator admitted the command; the handler only applies it, so a later
        // change of a gate cannot make a recorded history fail to replay.
        const ctx = ctxFor(cmd.actor);
        const payload: unknown = commandSpec(name).schema.parse(cmd.payload);
        const evs = decide(name, state, payload, ctx);
        for (const e of evs) if (e.type === 'AmendmentStarted') await startAmendment(state, payload, cmd.actor, input);
        const seq = events.length;
        const kept = record(evs);
        outbox.add(kept, state, seq);
        return { stage: state.stage, events: kept };
      },
      {
        validator: (cmd: CommandInput) => {
          try {
            actorSchema.parse(cmd?.actor);
            check(name, state, cmd.payload, ctxFor(cmd.actor));
          } catch (err) {
            throw toFailure(err);
          }
        },
      },
    );
  }
  // the API reports a refusal for missing steps; it is recorded, and each
  // responsible party notified once per distinct missing set.
  setHandler(reportRefusalSignal, (r: RefusalReport) => {
    const parsed = actorSchema.safeParse(r?.actor);
    if (!parsed.success || !Array.isArray(r.missing) || r.missing.length === 0) return;
    const missing: MissingItem[] = r.missing;
    const refused: DomainEvent = { type: 'CommandRefused', at: new Date().toISOString(), actor: parsed.data, data: { command: r.command, missing } };
    const seq = events.length;
    recordOwn([refused]);
    const key = `${r.command}|${missing.map((m) => m.item).sort().join(',')}`;
    if (key === lastRefusalKey) return;
    lastRefusalKey = key;
    if (outbox.fromDomain()) outbox.add([refused], state, seq);
    else outbox.addLegacy(refusalNotice(state, r.command, missing, seq));
  });

  // a schedule published later recomputes provisional deadlines, as a recorded event.
  setHandler(loadHolidayScheduleSignal, (schedule: HolidaySchedule) => {
    const parsed = holidayScheduleSchema.safeParse(schedule);
    if (!parsed.success || calendar.hasSchedule(parsed.data.year)) return;
    const withIt = { ...state, loadedSchedules: [...state.loadedSchedules, parsed.data] };
    let next: WorkingCalendar;
    try {
      next = new WorkingCalendar(calendarData(input.calendar, withIt));
    } catch {
      return; // an inconsistent schedule is ignored; the operator's command reports it
    }
    const data = loadSchedule(state, calendar, next, parsed.data);
    if (!data) return;
    recordOwn([{ type: 'HolidayScheduleLoaded', at: new Date().toISOString(), actor: systemActor(state), data }]);
    calendar = next;
    revision++;
  });

  search.sync(state);
  const recordAlarm = (evs: DomainEvent[]): void => {
    const seq = events.length;
    recordOwn(evs);
    outbox.add(evs, state, seq);
  };
  if (timersKept(input.version)) void keepDeadlineTimers(() => state, () => calendar, alarms, recordAlarm, systemActor);
  else if (since(PATCHES.deadlineAlarms)) void watchDeadlines(() => state, () => calendar, alarms, recordAlarm, alarmsWaitForClock(input.version));
  else void watchDelayedDecision(() => state, recordAlarm);
  const limit = input.continueAsNewAfterEvents ?? 2000;
  const historyFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= limit;
  for (;;) {
    await condition(() => outbox.pending || state.stage === 'closed' || historyFull());
    await outbox.drain();
    if (state.stage === 'closed') break;
    if (historyFull()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof decisionProcedure>({ ...input, carried: { events } });
    }
  }
  await condition(allHandlersFinished);
  return state;
}

/**
 * Reminders before each duty's due date, escalation after it, R-66's delay flag
 * (domain/deadlines.ts). One durable timer on the nearest alarm, re-armed only when
 * the nearest alarm changes, so a procedure's history grows by a few events only.
 * v4–v8; v9 keeps its timers (workflows/deadline-timers.ts).
 */
async function watchDeadlines(
  get: () => ProcedureState,
  cal: () => WorkingCalendar,
  pending: () => Alarm[],
  record: (e: DomainEvent[]) => void,
  waitForClock: boolean,
): Promise<void> {
  for (;;) {
    const s = get();
    if (s.stage === 'closed') return;
    const alarm = pending()[0];
    const key = alarmKey(alarm);
    const moved = () => alarmKey(pending()[0]) !== key;
    if (!alarm) {
      await condition(moved);
      continue;
    }
    const due = Date.parse(alarm.at);
    if (await condition(moved, Math.max(1, due - Date.now()))) continue;
    // The timer fired, so the alarm is due, and the clock says so in every workflow task. It
    // does not when a query handed the procedure to a worker that had it not cached, with a
    // history ending in the fired timer: Core then runs this activation live, outside any task,
    // on the previous task's clock, and would keep what it emits for the next task, after that
    // task's update (a replay has the timer and the update in one activation, update first).
    // Emit nothing there: fail the activation, so the worker drops the run and the next task
    // replays it from history, timer and update together (alarmsWaitForClock, workflows/patches.ts).
    if (waitForClock && Date.now() < due) throw new AlarmBeforeItsTask(alarm.at);
    // What fires is decided at the alarm's own time (PATCHES), so a reminder the worker was down
    // for is still sent late, its expiry right after.
    const at = waitForClock || patched(PATCHES.alarmsAtOwnTime) ? alarm.at : new Date().toISOString();
    const fired = fireAlarms(get(), cal(), at, systemActor(get()));
    if (fired.length > 0) record(fired);
    else await condition(moved, '1 hour'); // only before the patch, on a lagging clock; never spin
  }
}

/**
 * R-66 as released first (procedures started before PATCHES.deadlineAlarms): a
 * procedure still undecided when the policy's limit passes is flagged as delayed
 * (久拖不决). One durable timer, cancelled by the decision.
 */
async function watchDelayedDecision(get: () => ProcedureState, record: (e: DomainEvent[]) => void): Promise<void> {
  const s = get();
  if (!isUndecided(s) || s.delayed) return;
  const wait = Math.max(0, Date.parse(delayedDecisionAt(s)) - Date.now());
  const decided = await condition(() => !isUndecided(get()), wait);
  if (decided) return;
  const now = get();
  record([{ type: 'DelayedFlagged', at: new Date().toISOString(), actor: systemActor(now), data: { startedAt: now.startedAt, limitDays: now.policy.delayedDecisionDays } }]);
}

/** Acts of the procedure itself (timers) are recorded under the decision organ's unit. */
function systemActor(s: ProcedureState): Actor {
  return { personId: 'system', name: '系统', unit: s.decisionOrgan, role: 'decision_organ' };
}

function refusalNotice(s: ProcedureState, command: string, missing: MissingItem[], seq: number) {
  const byParty = new Map<string, { recipient: MissingItem['responsible']; items: MissingItem[] }>();
  for (const m of missing) {
    const k = `${m.responsible.role}:${m.responsible.unit ?? ''}`;
    const entry = byParty.get(k) ?? { recipient: m.responsible, items: [] };
    entry.items.push(m);
    byParty.set(k, entry);
  }
  return {
    procedureKey: s.procedureKey,
    title: s.title,
    eventId: `refusal-${seq}`,
    at: new Date().toISOString(),
    template: 'stepsMissing' as const,
    command,
    commandTitle: COMMAND_NAMES.includes(command as never) ? commandSpec(command).title : command,
    deliveries: [...byParty.values()].map((d) => ({
      recipient: d.recipient,
      items: d.items.map((m) => ({ item: m.item, ruleId: m.ruleId, message: m.message })),
    })),
  };
}

/**
 * a major adjustment runs the procedure again as a new workflow linked to the original,
 * started by the person who issued the amendment.
 */
async function startAmendment(s: ProcedureState, payload: unknown, actor: Actor, input: DecisionProcedureInput): Promise<void> {
  const p = payload as { procedure: DecisionProcedureInput['start'] };
  await startChild(decisionProcedure, {
    workflowId: procedureWorkflowId(p.procedure.procedureKey),
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [{ start: { ...p.procedure, amends: s.procedureKey }, actor, policy: s.policy, calendar: input.calendar, ...(input.version ? { version: input.version } : {}) }],
  });
}
