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

export interface ReplayProblem {
  workflowId: string;
  message: string;
}

/**
 * Replays each procedure's history on the current workflow code: what a worker that lost its
 * cache would do. Returns every procedure that does not replay (nondeterminism): each one is a
 * failure of the fault run, whatever its shape.
 */
export async function replayProblems(client: Client, keys: string[]): Promise<ReplayProblem[]> {
  const workflowBundle = await buildWorkflowBundle();
  async function* histories() {
    for (const key of keys) {
      const workflowId = procedureWorkflowId(key);
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      yield { workflowId, history };
    }
  }
  const problems: ReplayProblem[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'history-check' }, histories())) {
    if (!r.error) continue;
    problems.push({
      workflowId: r.workflowId,
      message: r.error.message.replace(/^.*?Nondeterminism error: /s, '').slice(0, 200),
    });
  }
  return problems;
}
