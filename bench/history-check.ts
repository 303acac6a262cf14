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

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

type Event = temporal.api.history.v1.IHistoryEvent;

/**
 * The shape of a replay failure that comes from the SDK, not from the workflow code: a timer
 * fired while the worker holding the procedure was dead, the task waited on that worker's sticky
 * queue until it timed out (SCHEDULE_TO_START), and the task that followed also accepted an
 * update. The SDK then delivered the fired timer and the update in two activations on the first
 * run and in one on replay, so the commands come in another order (bench/RESULTS.md, fault
 * injection). Returns true when the history has that shape.
 */
export function stickyTimeoutUpdateOrder(events: readonly Event[]): boolean {
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.eventType !== T.EVENT_TYPE_TIMER_FIRED) continue;
    let timedOut = false;
    for (let j = i + 1; j < events.length; j++) {
      const e = events[j] as Event;
      if (e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) timedOut = true;
      if (e.eventType !== T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) continue;
      if (!timedOut) break;
      // The commands of that task: up to the next task or anything that is not a command.
      for (let k = j + 1; k < events.length && events[k]?.eventType !== T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED; k++) {
        if (events[k]?.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) return true;
      }
      break;
    }
  }
  return false;
}

export interface ReplayProblem {
  workflowId: string;
  message: string;
  /** The SDK's ordering defect after a sticky timeout (stickyTimeoutUpdateOrder), not our code. */
  sdkOrderAfterStickyTimeout: boolean;
}

/**
 * Replays each procedure's history on the current workflow code: what a worker that lost its
 * cache would do. Returns every procedure that does not replay (nondeterminism).
 */
export async function replayProblems(client: Client, keys: string[]): Promise<ReplayProblem[]> {
  const workflowBundle = await buildWorkflowBundle(quiet);
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
      sdkOrderAfterStickyTimeout: stickyTimeoutUpdateOrder(eventsOf.get(r.workflowId) ?? []),
    });
  }
  return problems;
}
