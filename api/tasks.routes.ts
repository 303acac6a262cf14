import { Router } from 'express';
import { z } from 'zod';
import { procedureKeyOf } from '../workflows/ids';
import { actorOf, guard } from './authorization';
import type { RouteContext } from './context';
import { handle, parseWith } from './http';
import { procedureLocation } from './procedure-calls';
import type { RouteDoc } from './route-doc';
import { listPage, pageTokenSchema, sa } from './visibility';

const tasksQuery = z.object({
  /** Only the tasks whose due date has passed (the Overdue search attribute). */
  overdue: z.enum(['true', 'false']).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  pageToken: pageTokenSchema.optional(),
});

export const taskSchema = z.object({
  procedureKey: z.string(),
  href: z.string(),
  stage: z.string().optional(),
  /** The nearest statutory deadline of the procedure, if any. */
  dueAt: z.string().optional(),
  /** A duty's due date has passed undone (escalated); cleared when it is done. */
  overdue: z.boolean(),
  delayed: z.boolean(),
});

/**
 * The caller's inbox (我的待办): every running procedure that waits for the caller's
 * role and unit, answered from the AwaitingParties and NextDeadline search attributes —
 * one visibility query, no scan of the workflows.
 */
export function tasksRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get(
    '/me/tasks',
    guard(ctx.verify, 'myTasks'),
    handle(null, async ({ req, res }) => {
      const q = parseWith(tasksQuery, req.query, 'query');
      const actor = actorOf(res);
      const page = await listPage(
        ctx.client,
        [
          { field: 'WorkflowType', op: '=', value: 'decisionProcedure' },
          { field: 'ExecutionStatus', op: '=', value: 'Running' },
          { field: 'AwaitingParties', op: '=', value: `${actor.role}:${actor.unit}` },
          ...(q.overdue ? [{ field: 'Overdue' as const, op: '=' as const, value: q.overdue === 'true' }] : []),
        ],
        q.pageSize,
        q.pageToken,
      );
      const items = page.executions
        .map((w) => {
          const key = procedureKeyOf(w.workflowId) ?? w.workflowId;
          const due = w.typedSearchAttributes.get(sa.NextDeadline);
          const stage = w.typedSearchAttributes.get(sa.ProcedureStage);
          return {
            procedureKey: key,
            href: procedureLocation(key),
            ...(stage ? { stage } : {}),
            ...(due ? { dueAt: due.toISOString() } : {}),
            // Set by the workflow's timer when a duty's date passes undone (domain/deadlines.ts);
            // the end of a comment period is a date, not a duty, and makes nothing overdue.
            overdue: w.typedSearchAttributes.get(sa.Overdue) ?? false,
            delayed: w.typedSearchAttributes.get(sa.Delayed) ?? false,
          };
        })
        // Nearest due first; those without a due date last.
        .sort((a, b) => (a.dueAt ? Date.parse(a.dueAt) : Infinity) - (b.dueAt ? Date.parse(b.dueAt) : Infinity));
      return { status: 200, body: { items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
    }),
  );
  return router;
}

export const taskDocs: RouteDoc[] = [
  {
    id: 'myTasks',
    summary: '我的待办 / My tasks',
    description: '等待本人角色与单位办理的程序，含最近的法定期限与是否逾期。/ Procedures waiting for the caller’s role and unit, with the nearest due date and an overdue flag.',
    tags: ['sponsor', 'legality_office', 'decision_organ', 'executing_unit', 'evaluator'],
    query: tasksQuery,
    responses: { 200: { description: '待办 / tasks', schema: z.object({ items: z.array(taskSchema), nextPageToken: z.string().optional() }) } },
  },
];
