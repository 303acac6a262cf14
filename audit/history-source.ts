import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { procedureWorkflowId } from '../workflows/ids';

/*
 * ARCHITECTURE decision 3: history is the record. A procedure is one workflow ID, but
 * continue-as-new (a procedure executed for years) splits it into a chain of runs, each with
 * its own history; the audit reads every run it can still get, oldest first.
 */

export type HistoryEvent = NonNullable<History['events']>[number];

/** One run of a procedure's workflow and its full history. */
export interface RunHistory {
  runId: string;
  history: History;
}

/** Every run of a procedure still held by the server, oldest first, and what could not be read. */
export interface ProcedureRuns {
  procedureKey: string;
  workflowId: string;
  runs: RunHistory[];
  /** Runs named by a later run (`continuedExecutionRunId`) whose history the server no longer holds. */
  missingRuns: string[];
  /** The workflow's status as the server reports it (RUNNING, COMPLETED…). */
  status: string;
}

export class ProcedureNotFoundError extends Error {
  constructor(readonly procedureKey: string) {
    super(`未找到决策程序 ${procedureKey} / no such procedure`);
    this.name = 'ProcedureNotFoundError';
  }
}

export const startedAttributes = (h: History) => h.events?.[0]?.workflowExecutionStartedEventAttributes ?? undefined;

/**
 * The run chain of one procedure: the latest run, then each run it continued from. A run
 * older than the namespace's retention is gone from the server; it is listed in
 * `missingRuns` and the events it held are still known from the next run's carried input.
 */
export async function fetchProcedureRuns(client: Client, procedureKey: string): Promise<ProcedureRuns> {
  const workflowId = procedureWorkflowId(procedureKey);
  let description;
  try {
    description = await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ProcedureNotFoundError(procedureKey);
    throw err;
  }
  const runs: RunHistory[] = [];
  const missingRuns: string[] = [];
  let runId: string | undefined = description.runId;
  const seen = new Set<string>();
  while (runId && !seen.has(runId)) {
    seen.add(runId);
    let history: History;
    try {
      history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      missingRuns.push(runId);
      break;
    }
    runs.unshift({ runId, history });
    runId = startedAttributes(history)?.continuedExecutionRunId ?? undefined;
  }
  return { procedureKey, workflowId, runs, missingRuns, status: description.status.name };
}
