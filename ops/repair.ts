/**
 * Procedures whose workflow task keeps failing, and their repair: Temporal's reset to the last
 * point the current workflow code reproduces, then every command accepted after that point sent
 * again, in order, with its original actor, payload and update ID. A command the procedure would
 * now refuse makes the whole repair refuse, naming it: nothing accepted is dropped silently.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { WorkingCalendar, apply, calendarData, check, decide, fold, type Actor, type DomainEvent, type ProcedureState } from '../domain';
import { extractEvents } from '../audit/events-from-history';
import type { HistoryEvent } from '../audit/history-source';
import { procedureKeyOf } from '../workflows/ids';
import type { CommandInput, DecisionProcedureInput } from '../workflows/messages';

const T = temporal.api.enums.v1.EventType;

/** A procedure whose current workflow task has failed at least `attempt - 1` times. */
export interface FailingProcedure {
  workflowId: string;
  procedureKey: string;
  runId: string;
  attempt: number;
  /** The failure the history recorded for the task (only its first failure is written). */
  failure?: string;
}

/** Running procedures whose pending workflow task is on its second attempt or later. */
export async function failingProcedures(client: Client, minAttempt = 2): Promise<FailingProcedure[]> {
  const out: FailingProcedure[] = [];
  for await (const w of client.workflow.list({ query: "WorkflowType = 'decisionProcedure' AND ExecutionStatus = 'Running'" })) {
    const handle = client.workflow.getHandle(w.workflowId, w.runId);
    const d = await handle.describe();
    const attempt = d.raw.pendingWorkflowTask?.attempt ?? 0;
    if (attempt < minAttempt) continue;
    const events = (await handle.fetchHistory()).events ?? [];
    const failed = [...events].reverse().find((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    const failure = failed?.workflowTaskFailedEventAttributes?.failure?.message ?? undefined;
    out.push({ workflowId: w.workflowId, procedureKey: procedureKeyOf(w.workflowId) ?? w.workflowId, runId: w.runId, attempt, ...(failure ? { failure } : {}) });
  }
  return out;
}

/** A command accepted in the history: what is needed to send it again. */
export interface AcceptedCommand {
  name: string;
  updateId: string;
  actor: Actor;
  payload: unknown;
  /** The history event that accepted it. */
  eventId: number;
  acceptedAt: string;
}

export type RepairPlan =
  | { ok: true; resetToEventId: number; goodTaskStartedId: number; reapply: AcceptedCommand[] }
  | { ok: false; reason: string; command?: AcceptedCommand };

const idOf = (e: HistoryEvent) => Number(e.eventId ?? 0);
const decode = <X>(p: Payload | null | undefined): X | undefined => (p ? defaultPayloadConverter.fromPayload<X>(p) : undefined);

/** Every command (update) accepted in `events`, in order; one whose handler failed changed nothing and is left out. */
export function acceptedCommands(events: readonly HistoryEvent[]): AcceptedCommand[] {
  const failed = new Set(
    events.flatMap((e) => {
      const done = e.workflowExecutionUpdateCompletedEventAttributes;
      return done?.outcome?.failure ? [done.meta?.updateId ?? ''] : [];
    }),
  );
  return events.flatMap((e) => {
    const req = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
    if (!req || failed.has(req.meta?.updateId ?? '')) return [];
    const input = decode<CommandInput>(req.input?.args?.payloads?.[0]);
    if (!input) return [];
    return [{
      name: req.input?.name ?? '',
      updateId: req.meta?.updateId ?? '',
      actor: input.actor,
      payload: input.payload,
      eventId: idOf(e),
      acceptedAt: new Date(optionalTsToMs(e.eventTime) ?? 0).toISOString(),
    }];
  });
}

/** Whether the first `events` replay on `bundle` (the workflow code the workers run). */
async function replays(bundle: WorkflowBundle, workflowId: string, events: HistoryEvent[]): Promise<boolean> {
  try {
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: `repair-${workflowId}` }, { events } as History, workflowId);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last good point: the latest workflow task whose history up to its start replays, i.e.
 * every earlier task's commands are what the code emits. A reset to that task drops what it and
 * every later task recorded, and runs it again on the current code.
 */
async function lastGoodTask(bundle: WorkflowBundle, workflowId: string, events: HistoryEvent[]): Promise<number | undefined> {
  const starts = events.map((e, i) => (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_STARTED ? i : -1)).filter((i) => i >= 0);
  // Replay is monotonic (once a prefix diverges every longer one does): search for the last good start.
  let lo = 0;
  let hi = starts.length - 1;
  let good: number | undefined;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const at = starts[mid] as number;
    if (await replays(bundle, workflowId, events.slice(0, at + 1))) {
      good = at;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return good;
}

/**
 * The repair of one run: where to reset and which accepted commands to send again, checked
 * against the domain (the validators the procedure will run) from the state at that point. Pure
 * but for the replays.
 */
export async function planRepair(bundle: WorkflowBundle, workflowId: string, runId: string, history: History, now: string): Promise<RepairPlan> {
  const events = (history.events ?? []) as HistoryEvent[];
  if (await replays(bundle, workflowId, events)) {
    return { ok: false, reason: '历史可以完整重放，任务失败不是历史分歧所致，须修复代码或环境 / the whole history replays: the failing task is not a divergence; fix the code or the environment' };
  }
  const goodStart = await lastGoodTask(bundle, workflowId, events);
  if (goodStart === undefined) return { ok: false, reason: '没有可以重放的工作流任务 / no workflow task replays' };
  // The reset names the task by the event that finished it (or its start, when it never finished).
  const finish = events.slice(goodStart + 1).find((e) =>
    [T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, T.EVENT_TYPE_WORKFLOW_TASK_FAILED, T.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT].includes(e.eventType as number),
  );
  const startedId = idOf(events[goodStart] as HistoryEvent);
  const resetToEventId = finish ? idOf(finish) : startedId;
  const kept = events.slice(0, goodStart + 1);
  const reapply = acceptedCommands(events.slice(goodStart + 1));

  const input = decode<DecisionProcedureInput>(events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
  if (!input) return { ok: false, reason: '历史不以工作流输入开始 / the history does not start with the workflow input' };
  let state = fold(extractEvents([{ runId, history: { events: kept } as History }]).events.map((r) => r.event)) as ProcedureState;
  for (const c of reapply) {
    const ctx = { now, actor: c.actor, calendar: new WorkingCalendar(calendarData(input.calendar, state)) };
    let evs: DomainEvent[];
    try {
      check(c.name, state, c.payload, ctx);
      evs = decide(c.name, state, c.payload, ctx);
    } catch (err) {
      return {
        ok: false,
        command: c,
        reason: `命令 ${c.name}（更新 ${c.updateId}，${c.acceptedAt} 受理）在重置后会被拒绝，不能重放：${(err as Error).message} / command ${c.name} (update ${c.updateId}) would be refused after the reset`,
      };
    }
    for (const e of evs) state = apply(state, e);
  }
  return { ok: true, resetToEventId, goodTaskStartedId: startedId, reapply };
}

export type RepairOutcome =
  | { repaired: true; workflowId: string; newRunId: string; resetToEventId: number; reapplied: string[] }
  | { repaired: false; workflowId: string; reason: string; command?: string; notReapplied?: AcceptedCommand[] };

/**
 * Repairs one procedure: plans, resets (signals after the point are re-applied by the server,
 * updates are not: this sends them again itself, through the validators), re-applies. With
 * `dryRun` only the plan is returned.
 */
export async function repairProcedure(client: Client, bundle: WorkflowBundle, workflowId: string, opts: { dryRun?: boolean; now?: string } = {}): Promise<RepairOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  const { runId } = await handle.describe();
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const plan = await planRepair(bundle, workflowId, runId, history, opts.now ?? new Date().toISOString());
  if (!plan.ok) return { repaired: false, workflowId, reason: plan.reason, ...(plan.command ? { command: plan.command.name } : {}) };
  if (opts.dryRun) {
    return { repaired: false, workflowId, reason: `演练：将重置到事件 ${plan.resetToEventId} 并重放 ${plan.reapply.length} 个命令 / dry run`, notReapplied: plan.reapply };
  }
  // fromObject: the event ID is an int64 (Long) on the wire.
  const request = temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest.fromObject({
    namespace: client.options.namespace,
    workflowExecution: { workflowId, runId },
    reason: `repair: reset to workflow task ${plan.goodTaskStartedId}, ${plan.reapply.length} command(s) re-applied`,
    workflowTaskFinishEventId: plan.resetToEventId,
    requestId: randomUUID(),
    // Signals after the point come back by the server; updates are sent again here, through the validators.
    resetReapplyExcludeTypes: [temporal.api.enums.v1.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_UPDATE],
  });
  const reset = await client.workflowService.resetWorkflowExecution(request);
  const newRunId = reset.runId ?? '';
  const next = client.workflow.getHandle(workflowId, newRunId);
  const reapplied: string[] = [];
  for (const [i, c] of plan.reapply.entries()) {
    try {
      await next.executeUpdate(c.name, { args: [{ actor: c.actor, payload: c.payload }], updateId: c.updateId });
      reapplied.push(c.name);
    } catch (err) {
      // Checked beforehand, so this is unexpected: report every command not yet applied, with its payload.
      return {
        repaired: false,
        workflowId,
        reason: `已重置，但命令 ${c.name} 重放失败：${(err as Error).message}；其后的命令未重放，见 notReapplied / reset done, but re-applying ${c.name} failed`,
        command: c.name,
        notReapplied: plan.reapply.slice(i),
      };
    }
  }
  return { repaired: true, workflowId, newRunId, resetToEventId: plan.resetToEventId, reapplied };
}
