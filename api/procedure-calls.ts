import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import type { Request } from 'express';
import type { AppLogger } from '../runtime/logger';
import { procedureKeySchema } from '../domain/commands/start';
import { WorkingCalendar, calendarData, defaultCalendar, type ProcedureState } from '../domain';
import { procedureWorkflowId } from '../workflows/ids';
import { procedureStateQuery, reportRefusalSignal, type RefusalReport } from '../workflows/messages';
import type { RouteContext } from './context';
import { ApiProblem } from './problem';

/** A procedure's workflow by the `key` path parameter; a key that cannot exist is simply not found. */
export function procedureHandle(client: Client, req: Request): { key: string; handle: WorkflowHandle } {
  const parsed = procedureKeySchema.safeParse(req.params.key);
  if (!parsed.success) throw new ApiProblem('not-found', '未找到该决策程序 / no such procedure');
  return { key: parsed.data, handle: client.workflow.getHandle(procedureWorkflowId(parsed.data)) };
}

export const procedureLocation = (key: string) => `/procedures/${encodeURIComponent(key)}`;

export async function queryState(handle: WorkflowHandle): Promise<ProcedureState> {
  return handle.query(procedureStateQuery);
}

/**
 * The working calendar a procedure counts on: its jurisdiction's, with the schedules it
 * loaded since it started, as its workflow holds it. A jurisdiction no longer configured falls
 * back to the national calendar: a read, not a count that decides anything.
 */
export function procedureCalendar(ctx: Pick<RouteContext, 'rules'>, s: ProcedureState): WorkingCalendar {
  let pinned: WorkingCalendar;
  try {
    pinned = ctx.rules(s.policy.jurisdiction).calendar;
  } catch {
    pinned = defaultCalendar;
  }
  return new WorkingCalendar(calendarData(pinned.toData(), s));
}

/** How a workflow ended, in words for people (no Temporal status names in answers). */
const ENDED: Record<string, [string, string]> = {
  COMPLETED: ['已经办结', 'is closed'],
  TERMINATED: ['已被运维人员终止', 'was terminated by an operator'],
  CANCELLED: ['已被取消', 'was cancelled'],
  FAILED: ['因系统错误而中止', 'stopped on a system error'],
  TIMED_OUT: ['已超过运行时限', 'ran out of time'],
};

/**
 * Why an update found no workflow: the procedure never existed (404), or it has ended (409,
 * nothing more can be done in it). Temporal answers "not found" for both.
 */
export async function notFoundOrClosed(handle: WorkflowHandle, err: WorkflowNotFoundError, what = '决策程序'): Promise<ApiProblem> {
  try {
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      const how = ENDED[status.name] ?? ['已经结束', 'has ended'];
      return new ApiProblem('procedure-closed', `该${what}${how[0]}，不能再办理 / it ${how[1]}: nothing more can be done in it`);
    }
  } catch (describeErr) {
    if (!(describeErr instanceof WorkflowNotFoundError)) throw describeErr;
  }
  return new ApiProblem('not-found', `未找到该${what} / ${err.message}`);
}

/**
 * a command refused for missing steps is reported to the procedure, which records the
 * refusal and notifies each responsible party. With an idempotency key the signal's request
 * ID is derived from it, so the server drops a repeat and the refusal is recorded once.
 */
export async function reportRefusal(
  client: Client,
  handle: WorkflowHandle,
  report: RefusalReport,
  logger: AppLogger,
  requestId?: string,
): Promise<void> {
  try {
    if (!requestId) {
      await handle.signal(reportRefusalSignal, report);
      return;
    }
    await client.workflowService.signalWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId: handle.workflowId },
      identity: client.options.identity,
      requestId,
      signalName: reportRefusalSignal.name,
      input: { payloads: await encodeToPayloads(client.options.loadedDataConverter, report) },
    });
  } catch (err) {
    // The refusal answer still goes out; a lost report is an operator's concern, not the caller's.
    logger.error({ err, workflowId: handle.workflowId, command: report.command }, 'R-50 refusal report failed');
  }
}

/**
 * Starts a workflow whose ID is a business key, so a second start is refused (409). A repeat
 * with the same Idempotency-Key finds its own first start in the memo and gets that instead,
 * even in another API process or after a restart.
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  opts: { workflowId: string; taskQueue: string; args: unknown[]; typedSearchAttributes?: SearchAttributePair[]; memo?: Record<string, unknown> },
  idempotency?: { key: string; fingerprint: string },
  receivedAt: string = new Date().toISOString(),
): Promise<{ handle: WorkflowHandle; receivedAt: string }> {
  const { memo: extraMemo, ...rest } = opts;
  const keyMemo = idempotency ? { idempotencyKey: idempotency.key, idempotencyFingerprint: idempotency.fingerprint, receivedAt } : {};
  try {
    const handle = await client.workflow.start(workflowType, {
      ...rest,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(extraMemo || idempotency ? { memo: { ...extraMemo, ...keyMemo } } : {}),
    });
    return { handle, receivedAt };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError) || !idempotency) throw err;
    const handle = client.workflow.getHandle(opts.workflowId);
    const { memo } = await handle.describe();
    if (memo?.idempotencyKey !== idempotency.key) throw err;
    if (memo.idempotencyFingerprint !== idempotency.fingerprint) {
      throw new ApiProblem('idempotency-key-reused', '该幂等键已用于内容不同的请求 / this key was used for a different request');
    }
    // The first start's receipt time: its answer is the one every repeat gets.
    return { handle, receivedAt: typeof memo.receivedAt === 'string' ? memo.receivedAt : receivedAt };
  }
}
