import { Router } from 'express';
import { z } from 'zod';
import { STAGES, parseStageEntries, stageTimes } from '../domain';
import { procedureKeyOf } from '../workflows/ids';
import { actorOf, guard, requireOwnUnit, scopeOf } from './authorization';
import type { RouteContext } from './context';
import { handle, parseWith } from './http';
import type { RouteDoc } from './route-doc';
import { LATEST_RUN, listPage, sa, unitFilter, type Clause } from './visibility';

/** Rows read for one answer: beyond this the figures say they are partial (`truncated`). */
export const STAGE_TIMES_MAX_ROWS = 20_000;

const stageTimesQuery = z.object({
  decisionOrgan: unitFilter.optional().meta({ description: '决策机关（决策机关只能查询本机关）/ the decision organ (an organ may ask for itself only)' }),
});

const stageTimeSchema = z.object({
  stage: z.enum(STAGES),
  completed: z.number().int().meta({ description: '已结束的停留次数 / stays that ended' }),
  medianMs: z.number().optional(),
  worstMs: z.number().optional(),
  worstProcedureKey: z.string().optional(),
  current: z.number().int().meta({ description: '目前处于该阶段的程序数 / procedures in the stage now' }),
  longestCurrentMs: z.number().optional(),
  longestCurrentProcedureKey: z.string().optional(),
});

const stageTimesSchema = z.object({
  at: z.string(),
  procedures: z.number().int(),
  withoutEntries: z.number().int().meta({ description: '早于 v10 启动、未记录阶段进入时间的程序数 / procedures started before v10, which do not index their stage entries' }),
  truncated: z.boolean(),
  stages: z.array(stageTimeSchema),
});

/**
 * The dashboard's time spent in each stage (看板): median and worst stay per stage over the
 * caller's procedures, read from the `StageEntries` search attribute of each row (workflow v10):
 * visibility pages only, no history.
 */
export function dashboardRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get(
    '/dashboard/stage-times',
    guard(ctx.verify, 'dashboardStageTimes'),
    handle(null, async ({ req, res }) => {
      const q = parseWith(stageTimesQuery, req.query, 'query');
      const actor = actorOf(res);
      if (scopeOf(res) === 'own') {
        if (q.decisionOrgan !== undefined && q.decisionOrgan !== actor.unit) requireOwnUnit(req, res, []);
        q.decisionOrgan = actor.unit;
      }
      const clauses: Clause[] = [{ field: 'WorkflowType', op: '=', value: 'decisionProcedure' }, LATEST_RUN];
      if (q.decisionOrgan !== undefined) clauses.push({ field: 'DecisionOrgan', op: '=', value: q.decisionOrgan });
      const rows: { procedureKey: string; entries: ReturnType<typeof parseStageEntries> }[] = [];
      let withoutEntries = 0;
      let procedures = 0;
      let token: string | undefined;
      do {
        const page = await listPage(ctx.client, clauses, 1000, token);
        for (const w of page.executions) {
          procedures++;
          const entries = parseStageEntries(w.typedSearchAttributes.get(sa.StageEntries));
          if (entries.length === 0) withoutEntries++;
          else rows.push({ procedureKey: procedureKeyOf(w.workflowId) ?? w.workflowId, entries });
        }
        token = page.nextPageToken;
      } while (token && procedures < STAGE_TIMES_MAX_ROWS);
      const at = new Date().toISOString();
      return { status: 200, body: { at, procedures, withoutEntries, truncated: token !== undefined, stages: stageTimes(rows, at) } };
    }),
  );
  return router;
}

export const dashboardDocs: RouteDoc[] = [
  {
    id: 'dashboardStageTimes',
    summary: '各阶段用时 / Time spent in each stage',
    description:
      '决策机关本机关的、审计人员全部的程序在各阶段的停留时间：已结束停留的中位数与最长者，及目前停留最久者（毫秒）。数据来自检索属性 StageEntries（v10 起记录）。/ ' +
      'For the organ’s own procedures (all of them for auditors): the median and longest stay in each stage among stays that ended, and the longest stay still going on (milliseconds), from the StageEntries search attribute (recorded since v10).',
    tags: ['decision_organ', 'auditor'],
    query: stageTimesQuery,
    responses: { 200: { description: '各阶段用时 / time in each stage', schema: stageTimesSchema } },
  },
];
