import { defaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import {
  WorkingCalendar,
  actorSchema,
  calendarData,
  delayedDecisionAt,
  fold,
  startProcedure,
  startProcedureSchema,
  type DomainEvent,
  type ProcedureState,
} from '../domain';
import type { CommandResult, DecisionProcedureInput, RefusalReport } from '../workflows/messages';
import type { HistoryEvent, RunHistory } from './history-source';

/*
 * Every domain event of a procedure, read from its workflow histories (ARCHITECTURE decision 3):
 *  - an accepted command: the update's completion carries `{state, events}`;
 *  - events recorded outside an update (start, refusals, the R-66 timer, holiday schedules):
 *    the memo key `domainEvent`, one WorkflowPropertiesModified event each (since the
 *    `domain-events-in-memo` patch) — but the start since v7, whose input carries all of it,
 *    receipt time included: the start is computed from the input as the workflow did;
 *  - histories written before that patch (v1) lack them: the start is derived from the
 *    workflow's input, a refusal from its `reportRefusal` signal and the delay flag from the
 *    fired timer, by the same domain functions the workflow ran, at the instant the workflow
 *    read (the start of the workflow task that handled them); a holiday schedule's effect
 *    cannot be derived and is reported as a gap;
 *  - continue-as-new: a later run's input carries every event so far; it is checked against
 *    the earlier runs, and stands in for runs the server no longer holds.
 */

export type EventSourceKind = 'update' | 'memo' | 'input' | 'derived' | 'carried';

export interface EventSource {
  runId: string;
  /** The history event the domain event was read from (for 'derived', what it was derived from). */
  historyEventId: number;
  how: EventSourceKind;
  /** The command (update name) that recorded it. */
  command?: string;
  updateId?: string;
}

export interface RecordedEvent {
  event: DomainEvent;
  source: EventSource;
}

export interface ExtractedEvents {
  events: RecordedEvent[];
  /** What the history could not tell, or where two records disagree. zh-CN first. */
  notes: string[];
  /** The final state the workflow returned, when it has completed. */
  result?: ProcedureState;
}

const id = (e: HistoryEvent): number => Number(e.eventId ?? 0);
const timeOf = (e: HistoryEvent): string => new Date(optionalTsToMs(e.eventTime) ?? 0).toISOString();
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether everything `recorded` says is also in `folded`. Fields the state gained in later
 * versions of the domain are absent from an older workflow's result, and are not a mismatch.
 */
function agrees(recorded: unknown, folded: unknown): boolean {
  if (Array.isArray(recorded)) {
    return Array.isArray(folded) && recorded.length === folded.length && recorded.every((v, i) => agrees(v, folded[i]));
  }
  if (recorded && typeof recorded === 'object') {
    if (!folded || typeof folded !== 'object') return false;
    return Object.entries(recorded).every(([k, v]) => agrees(v, (folded as Record<string, unknown>)[k]));
  }
  return recorded === folded;
}

interface Pending {
  order: number;
  recorded: RecordedEvent;
}

/** Reads one run. `known` is every event before this run (from earlier runs), if they were read. */
function readRun(run: RunHistory, known: RecordedEvent[] | undefined, conv: PayloadConverter, notes: string[]) {
  const events = run.history.events ?? [];
  const decode = <T>(p: Payload | null | undefined): T | undefined => (p ? conv.fromPayload<T>(p) : undefined);
  const input = decode<DecisionProcedureInput>(events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
  if (!input) throw new Error(`run ${run.runId}: the history does not start with the workflow's input`);

  /**
   * The workflow task that handled the history event at `index`: the workflow's clock there is
   * the start of the attempt that completed (a failed or timed-out attempt is retried), and its
   * completion orders what it recorded.
   */
  const taskAfter = (index: number): { time: string; order: number } => {
    let started: HistoryEvent | undefined;
    for (let i = index + 1; i < events.length; i++) {
      const e = events[i] as HistoryEvent;
      if (e.workflowTaskStartedEventAttributes) started = e;
      if (started && e.workflowTaskCompletedEventAttributes) return { time: timeOf(started), order: id(e) };
    }
    return { time: started ? timeOf(started) : timeOf(events[index] as HistoryEvent), order: Number.MAX_SAFE_INTEGER };
  };

  const out: Pending[] = [];
  const push = (order: number, event: DomainEvent, source: Omit<EventSource, 'runId'>) =>
    out.push({ order, recorded: { event, source: { runId: run.runId, ...source } } });

  /** Update id → command name, from each acceptance (its completion carries only the id). */
  const accepted = new Map<string, string>();
  const memo: Pending[] = [];
  const signals: { index: number; name: string; input: unknown }[] = [];
  const timers: number[] = [];
  events.forEach((e, index) => {
    const acc = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (acc?.acceptedRequest?.meta?.updateId) {
      accepted.set(acc.acceptedRequest.meta.updateId, acc.acceptedRequest.input?.name ?? '');
    }
    const done = e.workflowExecutionUpdateCompletedEventAttributes;
    if (done?.outcome?.success) {
      const updateId = done.meta?.updateId ?? '';
      const result = decode<CommandResult>(done.outcome.success.payloads?.[0]);
      const command = accepted.get(updateId);
      for (const ev of result?.events ?? []) push(id(e), ev, { historyEventId: id(e), how: 'update', updateId, ...(command ? { command } : {}) });
    }
    const fields = e.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields;
    const fromMemo = decode<DomainEvent>(fields?.domainEvent);
    if (fromMemo) memo.push({ order: id(e), recorded: { event: fromMemo, source: { runId: run.runId, historyEventId: id(e), how: 'memo' } } });
    const sig = e.workflowExecutionSignaledEventAttributes;
    if (sig) signals.push({ index, name: sig.signalName ?? '', input: decode(sig.input?.payloads?.[0]) });
    if (e.timerFiredEventAttributes) timers.push(index);
  });

  // The first event: read from the memo, or derived as the workflow computed it (v1).
  let first: DomainEvent | undefined = input.carried?.events[0] ?? known?.[0]?.event;
  if (!input.carried) {
    const started = memo.find((m) => m.recorded.event.type === 'ProcedureStarted');
    if (started) first = started.recorded.event;
    else if ((input.version ?? 0) >= 7) {
      // v7 writes no copy: exactly the workflow's own computation, from its input (receipt time
      // included; a start without one, as a child amendment's, is stamped with its first task's).
      const task = taskAfter(0);
      const calendar = new WorkingCalendar(calendarData(input.calendar, undefined));
      first = startProcedure(startProcedureSchema.parse(input.start), { now: input.receivedAt ?? task.time, actor: input.actor, calendar }, input.policy);
      push(task.order, first, { historyEventId: 1, how: 'input' });
    } else {
      const task = taskAfter(0);
      const calendar = new WorkingCalendar(calendarData(input.calendar, undefined));
      first = startProcedure(startProcedureSchema.parse(input.start), { now: task.time, actor: input.actor, calendar }, input.policy);
      push(task.order, first, { historyEventId: 1, how: 'derived' });
      notes.push(`第 1 号历史事件：启动事件由工作流输入推导（v1 历史，备注中无此记录）/ event 1: ProcedureStarted derived from the workflow input (v1 history)`);
    }
  } else if (!known) {
    input.carried.events.forEach((ev) => push(0, ev, { historyEventId: 1, how: 'carried' }));
  } else if (!same(known.map((r) => r.event), input.carried.events)) {
    notes.push(`运行 ${run.runId} 承接的事件与此前运行的历史不一致 / the events carried into run ${run.runId} differ from the earlier runs' histories`);
  }

  // Memo events: each derived v1 candidate below is dropped when the memo holds the same event.
  const unmatched = [...memo];
  /** The id of the first workflow task completion after `order` (the end of that task's commands). */
  const nextTaskAfter = (order: number): number => {
    const next = events.find((e) => id(e) > order && e.workflowTaskCompletedEventAttributes);
    return next ? id(next) : Number.MAX_SAFE_INTEGER;
  };
  /**
   * A memo event stands for the candidate when it has the candidate's type and time, or, for a
   * timer's alarm, was written by the task that handled the timer (an alarm is stamped with its
   * own time since `alarms-at-own-time`, not the task's).
   */
  const fromMemoOrDerive = (type: DomainEvent['type'], at: string, order: number, derive: () => DomainEvent | undefined, from: number, byTask = false) => {
    const inTask = (m: Pending) => byTask && m.order > order && m.order < nextTaskAfter(order);
    const i = unmatched.findIndex((m) => m.recorded.event.type === type && (m.recorded.event.at === at || inTask(m)));
    if (i >= 0) {
      out.push(...unmatched.splice(i, 1));
      return 'memo';
    }
    const ev = derive();
    if (!ev) return 'none';
    push(order, ev, { historyEventId: from, how: 'derived' });
    return 'derived';
  };
  for (const s of signals) {
    const task = taskAfter(s.index);
    const eventId = id(events[s.index] as HistoryEvent);
    if (s.name === 'reportRefusal') {
      // The same filter as the workflow's handler: malformed reports were ignored.
      const r = s.input as RefusalReport | undefined;
      const actor = actorSchema.safeParse(r?.actor);
      if (!r || !actor.success || !Array.isArray(r.missing) || r.missing.length === 0) continue;
      fromMemoOrDerive('CommandRefused', task.time, task.order, () => ({ type: 'CommandRefused', at: task.time, actor: actor.data, data: { command: r.command, missing: r.missing } }), eventId);
    } else if (s.name === 'loadHolidaySchedule') {
      if (fromMemoOrDerive('HolidayScheduleLoaded', task.time, task.order, () => undefined, eventId) === 'none') {
        notes.push(
          `第 ${eventId} 号历史事件：节假日安排信号的效果未记入备注（工作流忽略了它，或为 v1 历史），无法由历史推导 / event ${eventId}: the effect of this loadHolidaySchedule signal is not in the memo (ignored by the workflow, or a v1 history) and cannot be derived`,
        );
      }
    }
  }
  // R-66's timer flags the procedure as delayed when it fires. Other timers (a local activity's
  // retry backoff) are told apart by when this one was due: the start plus the policy's limit.
  const s = first?.type === 'ProcedureStarted' ? first : undefined;
  const byId = new Map(events.map((e) => [id(e), e]));
  const isDelayTimer = (fired: HistoryEvent): boolean => {
    if (!s) return false;
    const started = byId.get(Number(fired.timerFiredEventAttributes?.startedEventId ?? 0));
    const attrs = started?.timerStartedEventAttributes;
    // It names the task's completion (the time-skipping server names the task's start instead).
    const named = byId.get(Number(attrs?.workflowTaskCompletedEventId ?? 0));
    const taskStarted = named?.workflowTaskStartedEventAttributes ? named : byId.get(Number(named?.workflowTaskCompletedEventAttributes?.startedEventId ?? 0));
    if (!attrs || !taskStarted) return false;
    // The workflow waited max(0, due - now), `now` being the start of the task that set the timer.
    const now = optionalTsToMs(taskStarted.eventTime) ?? 0;
    const wait = optionalTsToMs(attrs.startToFireTimeout) ?? 0;
    const due = Date.parse(delayedDecisionAt(fold([s]) as ProcedureState));
    return Math.abs(now + wait - due) < 1 || (wait <= 1 && now >= due);
  };
  for (const index of timers) {
    const fired = events[index] as HistoryEvent;
    const task = taskAfter(index);
    fromMemoOrDerive('DelayedFlagged', task.time, task.order, () =>
      s && isDelayTimer(fired)
        ? {
            type: 'DelayedFlagged',
            at: task.time,
            actor: { personId: 'system', name: '系统', unit: s.data.decisionOrgan, role: 'decision_organ' },
            data: { startedAt: s.at, limitDays: s.data.policy.delayedDecisionDays },
          }
        : undefined,
      id(fired),
      true,
    );
  }
  out.push(...unmatched);
  out.sort((a, b) => a.order - b.order);

  const completed = events.at(-1)?.workflowExecutionCompletedEventAttributes;
  const result = decode<ProcedureState>(completed?.result?.payloads?.[0]);
  return { events: out.map((p) => p.recorded), result };
}

/** Every domain event of a procedure, in the order the workflow recorded them. */
export function extractEvents(runs: RunHistory[], opts: { missingRuns?: string[]; converter?: PayloadConverter } = {}): ExtractedEvents {
  const notes: string[] = [];
  for (const r of opts.missingRuns ?? []) {
    notes.push(`运行 ${r} 的历史已不在服务器上（超过保留期），其事件取自下一运行承接的输入 / the history of run ${r} is gone (retention); its events come from the next run's carried input`);
  }
  let all: RecordedEvent[] | undefined;
  let result: ProcedureState | undefined;
  runs.forEach((run) => {
    const read = readRun(run, all, opts.converter ?? defaultPayloadConverter, notes);
    all = [...(all ?? []), ...read.events];
    result = read.result;
  });
  const events = all ?? [];
  if (result && !agrees(result, fold(events.map((r) => r.event)))) {
    notes.push('由历史事件折叠得到的状态与工作流返回的最终状态不一致 / the fold of the events differs from the final state the workflow returned');
  }
  return { events, notes, ...(result ? { result } : {}) };
}
