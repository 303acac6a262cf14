/**
 * What the fault runs check in a procedure's history: every command (update) accepted and
 * completed exactly once, and the workflow completed.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { procedureWorkflowId } from '../workflows/ids';
import { Worker } from '@temporalio/worker';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';

const T = temporal.api.enums.v1.EventType;

export interface HistoryCheck {
  key: string;
  events: number;
  completed: boolean;
  /** Update name → times accepted. */
  accepted: Record<string, number>;
  duplicates: string[];
  signals: string[];
}

export async function checkHistory(client: Client, key: string): Promise<HistoryCheck> {
  const history = await client.workflow.getHandle(procedureWorkflowId(key)).fetchHistory();
  const accepted: Record<string, number> = {};
  const signals: string[] = [];
  let completed = false;
  for (const e of history.events ?? []) {
    if (e.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
      const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '?';
      accepted[name] = (accepted[name] ?? 0) + 1;
    }
    if (e.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) signals.push(e.workflowExecutionSignaledEventAttributes?.signalName ?? '?');
    if (e.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) completed = true;
  }
  return {
    key,
    events: history.events?.length ?? 0,
    completed,
    accepted,
    duplicates: Object.entries(accepted)
      .filter(([, n]) => n > 1)
      .map(([name]) => name),
    signals,
  };
}

type Event = temporal.api.history.v1.IHistoryEvent;

/**
 * The shape of a replay failure that comes from the SDK, not from the workflow code. A worker
 * without the procedure in its cache (just started, or taking over from a killed one) runs a task
 * that carries both a fired timer and an update: on that first run the SDK delivers the timer in
 * one activation and the update in a later one, so the update is accepted after the timer's
 * commands; on replay it delivers both in one activation, where an update is accepted first, and
 * the commands no longer match (bench/RESULTS.md, fault injection). Within one activation an
 * update's acceptance is always the task's first command, so an acceptance that follows other
 * commands of a task that handled a fired timer is that split delivery. Returns true when the
 * history has it.
 */
export function splitTimerUpdateDelivery(events: readonly Event[]): boolean {
  let timerFired = false;
  for (let j = 0; j < events.length; j++) {
    const type = events[j]?.eventType;
    if (type === T.EVENT_TYPE_TIMER_FIRED) timerFired = true;
    if (type !== T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) continue;
    if (timerFired) {
      // The task's commands: the events it wrote, up to the next task.
      const commands: (number | null | undefined)[] = [];
      for (let k = j + 1; k < events.length && events[k]?.eventType !== T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED; k++) commands.push(events[k]?.eventType);
      const first = commands.indexOf(T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
      if (first > 0 && !commands.slice(0, first).includes(T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)) return true;
    }
    timerFired = false;
  }
  return false;
}

export interface ReplayProblem {
  workflowId: string;
  message: string;
  /** The SDK's split delivery of a fired timer and an update (splitTimerUpdateDelivery), not our code. */
  sdkSplitTimerUpdate: boolean;
}

/**
 * Replays each procedure's history on the current workflow code: what a worker that lost its
 * cache would do. Returns every procedure that does not replay (nondeterminism).
 */
export async function replayProblems(client: Client, keys: string[]): Promise<ReplayProblem[]> {
  const workflowBundle = await buildWorkflowBundle();
  const eventsOf = new Map<string, readonly Event[]>();
  async function* histories() {
    for (const key of keys) {
      const workflowId = procedureWorkflowId(key);
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      eventsOf.set(workflowId, history.events ?? []);
      yield { workflowId, history };
    }
  }
  const problems: ReplayProblem[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'history-check' }, histories())) {
    if (!r.error) continue;
    problems.push({
      workflowId: r.workflowId,
      message: r.error.message.replace(/^.*?Nondeterminism error: /s, '').slice(0, 200),
      sdkSplitTimerUpdate: splitTimerUpdateDelivery(eventsOf.get(r.workflowId) ?? []),
    });
  }
  return problems;
}
