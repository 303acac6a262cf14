import { createHash } from 'node:crypto';
import { Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { roleSchema } from '../domain';
import type { DeliveryPolicy, DispatcherInput, NoticeBatch } from './notice-types';

/*
 * The procedure's side of notice delivery. A procedure workflow has a history budget of 150
 * events, so it does not run deliveries itself: one local activity per command hands the
 * notices to a dispatcher workflow, which runs and retries them in its own history.
 */

/** Dispatchers the procedures are spread over: one per shard keeps each history and queue small. */
export const NOTIFICATION_SHARDS = 4;
/** Wire names of the dispatcher (workflows/notification-dispatcher.*): activities may not import workflows/. */
export const DISPATCHER_WORKFLOW_TYPE = 'notificationDispatcher';
export const ENQUEUE_NOTICES_SIGNAL = 'enqueueNotices';

/** The shard of a procedure: stable, so all of its notices go through one dispatcher, in order. */
export function dispatcherShard(procedureKey: string): number {
  return createHash('sha256').update(procedureKey, 'utf8').digest().readUInt32BE(0) % NOTIFICATION_SHARDS;
}

/** The one function that builds a dispatcher's workflow ID. */
export function dispatcherWorkflowId(shard: number): string {
  return `notification-dispatcher-${shard}`;
}

const noticeSchema = z.object({
  template: z.string().min(1),
  ruleId: z.string(),
  recipients: z.array(z.object({
    role: roleSchema,
    unit: z.string().min(1).optional(),
    head: z.boolean().optional(),
    /** One person rather than the unit's staff in the role (R-47: the adviser who gave an opinion). */
    personId: z.string().min(1).max(128).optional(),
  })),
  data: z.record(z.string(), z.unknown()),
});

export interface EnqueueDeps {
  /** Defaults to the worker's own client (activity context). */
  client?: Client;
  policy: DeliveryPolicy;
  /** Defaults to the task queue of the calling workflow: the dispatcher runs beside the procedures. */
  taskQueue?: string;
}

export function createEnqueueActivities(deps: EnqueueDeps) {
  return {
    /**
     * Local activity: signals the procedure's dispatcher with the batch, starting it if it is
     * not running. At-least-once: a retry after a lost reply signals again, and the dispatcher
     * drops the repeat by notice key. A notice of the wrong shape is dropped with a warning
     * rather than failing the call: a procedure must never be blocked by its notices.
     */
    async enqueueNotices(batch: NoticeBatch): Promise<{ dispatcherId: string; notices: number }> {
      // The parsed notices go on, so each recipient is exactly what the schema reads (its personId kept, R-47).
      const notices = batch.notices.flatMap((n) => {
        const parsed = noticeSchema.safeParse(n);
        if (!parsed.success) log.warn('通知格式不正确，已丢弃 / malformed notice dropped', { procedureKey: batch.procedureKey, eventSeq: batch.eventSeq });
        return parsed.success && parsed.data.recipients.length > 0 ? [parsed.data] : [];
      });
      const shard = dispatcherShard(batch.procedureKey);
      const dispatcherId = dispatcherWorkflowId(shard);
      if (notices.length === 0) return { dispatcherId, notices: 0 };
      const ctx = Context.current();
      const client = deps.client ?? ctx.client;
      const input: DispatcherInput = { shard, policy: deps.policy };
      await client.workflow.signalWithStart(DISPATCHER_WORKFLOW_TYPE, {
        workflowId: dispatcherId,
        taskQueue: deps.taskQueue ?? ctx.info.taskQueue,
        signal: ENQUEUE_NOTICES_SIGNAL,
        signalArgs: [{ ...batch, notices }],
        args: [input],
      });
      return { dispatcherId, notices: notices.length };
    },
  };
}

export type EnqueueActivities = ReturnType<typeof createEnqueueActivities>;
