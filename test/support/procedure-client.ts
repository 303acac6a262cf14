import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defaultCalendar, defaultPolicy, fold, startProcedure, type Actor, type CommandName, type JurisdictionPolicy, type MissingItem, type ProcedureState, type StartProcedure } from '../../domain';
import { procedureWorkflowId } from '../../workflows/ids';
import { commandUpdates, procedureStateQuery, type CommandResult } from '../../workflows/messages';
import { WORKFLOW_VERSION, stageEntriesIndexed } from '../../workflows/patches';
import { searchAttributesAtStart } from '../../workflows/search';
import { TASK_QUEUE } from './temporal-env';

export async function startProcedureWorkflow(
  client: Client,
  start: StartProcedure,
  actor: Actor,
  policy: JurisdictionPolicy = defaultPolicy,
  taskQueue = TASK_QUEUE,
  /** As the API starts one: received at this instant (the server's clock), its search attributes set at the start. */
  receivedAt?: string,
): Promise<WorkflowHandle> {
  const first = receivedAt === undefined ? undefined : startProcedure(start, { now: receivedAt, actor, calendar: defaultCalendar }, policy);
  return client.workflow.start('decisionProcedure', {
    taskQueue,
    workflowId: procedureWorkflowId(start.procedureKey),
    args: [{ start, actor, policy, calendar: defaultCalendar.toData(), version: WORKFLOW_VERSION, ...(receivedAt === undefined ? {} : { receivedAt }) }],
    ...(first ? { typedSearchAttributes: searchAttributesAtStart(fold([first]) as ProcedureState, stageEntriesIndexed(WORKFLOW_VERSION)) } : {}),
  });
}

/**
 * Runs a command as an update. The update answers with the stage and the events only
 * (ARCHITECTURE decision 8); tests read the whole state by a query right after it.
 */
export async function command(h: WorkflowHandle, name: CommandName, actor: Actor, payload: unknown): Promise<CommandResult & { state: ProcedureState }> {
  const result = await h.executeUpdate(commandUpdates[name], { args: [{ actor, payload }] });
  return { ...result, state: await h.query(procedureStateQuery) };
}

export const stateOf = (h: WorkflowHandle) => h.query(procedureStateQuery);

/** The typed failure a rejected update carries: its type and first detail. */
/** What a rejected update's failure carries (workflows/failures.ts). */
export interface RefusalDetails {
  code?: string;
  ruleIds?: string[];
  missing: MissingItem[];
  issues: { path: string[]; message: string }[];
}

export async function refusal(p: Promise<unknown>): Promise<{ type: string | undefined; message: string; details: RefusalDetails }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return { type: err.cause.type ?? undefined, message: err.cause.message, details: err.cause.details?.[0] as RefusalDetails };
    }
    throw err;
  }
  throw new Error('expected the command to be refused');
}
