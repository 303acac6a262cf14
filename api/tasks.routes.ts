import { Router } from 'express';
import { z } from 'zod';
import { awaitedFrom, type Actor, type AwaitedItem } from '../domain';
import { procedureKeyOf, procedureWorkflowId } from '../workflows/ids';
import { actorOf, guard } from './authorization';
import { mapBounded } from './concurrency';
import type { RouteContext } from './context';
import { handle, parseWith } from './http';
import { procedureCalendar, procedureLocation, queryState } from './procedure-calls';
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
  /** What the procedure waits for from the caller's role and unit (domain/awaited.ts). */
  awaiting: z
    .array(
      z.object({
        item: z.string(),
        ruleId: z.string(),
        message: z.string().meta({ description: '中文 / English' }),
        dueAt: z.string().optional(),
      }),
    )
    .optional(),
  /** The procedure could not be asked just now: the row is listed without `awaiting`. */
  awaitingUnavailable: z.literal(true).optional(),
});

/** Rows whose procedure is asked at once; one slow procedure costs its own row at most this long. */
const AWAITING_CONCURRENCY = 8;
const AWAITING_QUERY_MS = 5_000;

/**
 * What each procedure of the page waits for from the caller: one query per row (the state is
 * not in the search attributes), a few at a time. A procedure that does not answer in time
 * leaves its row as the list has it, flagged, rather than failing the list.
 */
async function withAwaiting<T extends { procedureKey: string }>(ctx: RouteContext, actor: Actor, rows: T[]) {
  const now = new Date().toISOString();
  return mapBounded(rows, AWAITING_CONCURRENCY, async (row): Promise<T & ({ awaiting: AwaitedItem[] } | { awaitingUnavailable: true })> => {
    try {
      const handle = ctx.client.workflow.getHandle(procedureWorkflowId(row.procedureKey));
      const state = await ctx.client.withDeadline(Date.now() + AWAITING_QUERY_MS, () => queryState(handle));
      return { ...row, awaiting: awaitedFrom(state, { role: actor.role, unit: actor.unit }, { calendar: procedureCalendar(ctx, state), now }) };
    } catch (err) {
      ctx.logger.warn({ err, procedureKey: row.procedureKey }, '待办的等待事项暂不可得 / could not ask the procedure what it awaits');
      return { ...row, awaitingUnavailable: true };
    }
  });
}

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
      const rows = await withAwaiting(ctx, actor, items);
      return { status: 200, body: { items: rows, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
    }),
  );
  return router;
}

export const taskDocs: RouteDoc[] = [
  {
    id: 'myTasks',
    summary: '我的待办 / My tasks',
    description:
      '等待本人角色与单位办理的程序，含最近的法定期限与是否逾期；`awaiting` 列出程序等待本人办理的事项（规则编号、说明、期限）。程序暂时无法查询时该项不含 `awaiting`，并标 `awaitingUnavailable: true`。/ ' +
      'Procedures waiting for the caller’s role and unit, with the nearest due date and an overdue flag; `awaiting` lists what each waits for from the caller (rule, message, due date). A procedure that cannot be asked just now is listed without it, flagged `awaitingUnavailable: true`.',
    tags: ['sponsor', 'legality_office', 'decision_organ', 'executing_unit', 'evaluator'],
    query: tasksQuery,
    responses: { 200: { description: '待办 / tasks', schema: z.object({ items: z.array(taskSchema), nextPageToken: z.string().optional() }) } },
  },
];
