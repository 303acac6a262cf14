import { Router } from 'express';
import { z } from 'zod';
import { DomainError, instantSchema, planPeriods } from '../domain';
import { guard } from './authorization';
import type { RouteContext } from './context';
import { handle, parseWith } from './http';
import { invalidInput } from './problem';
import type { RouteDoc } from './route-doc';

/*
 * Planning: when each statutory period would end if it opened
 * at a given instant in a jurisdiction, and whether that end is provisional. Read only and
 * about no procedure: the same pure function (domain/planning.ts) serves the audit.
 */

const planningQuery = z.object({
  from: instantSchema.meta({
    description: '期间开始的行为时刻（R-14 各项为听证举行时刻），ISO 8601 含时区 / the instant of the act that opens the period (for R-14: the hearing), ISO 8601 with offset',
    example: '2026-09-20T10:00:00+08:00',
  }),
  jurisdiction: z.string().min(1).max(64).optional().meta({ description: '辖区，缺省为服务的默认辖区 / jurisdiction; default: the service’s default' }),
  commentDays: z.coerce.number().int().min(1).max(3650).optional().meta({ description: '征求意见期限（日），不少于政策最低值，缺省即最低值 / comment period in days, at least the policy minimum (R-11); default: the minimum' }),
});

const plannedPeriodSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  name: z.string(),
  nameEn: z.string(),
  counting: z.enum(['calendar', 'working', 'before-hearing']),
  policyField: z.string(),
  days: z.number().int().nullable().meta({ description: '所用政策数值；null 表示政策无数值（“事先”）/ the figure used; null: the policy has none ("in advance")' }),
  endsAt: z.string().meta({ description: '期间届满时刻（R-14 为最迟时刻）/ the instant the period is over (R-14: the latest instant for the act)' }),
  endsAtBeijing: z.string().meta({ description: 'endsAt，北京时间 / endsAt in Beijing time (+08:00)' }),
  lastDay: z.string(),
  provisional: z.boolean().meta({ description: '涉及尚未载入节假日安排的年份，载入后重算（R-06）/ rests on a year whose holiday schedule is not loaded (R-06)' }),
  provisionalYears: z.array(z.number().int()),
});
const planSchema = z.object({
  from: z.string(),
  jurisdiction: z.string(),
  policyVersion: z.string(),
  calendarVersion: z.string(),
  periods: z.array(plannedPeriodSchema),
});

export function planningRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get(
    '/planning/periods',
    guard(ctx.verify, 'planPeriods'),
    handle(null, async ({ req }) => {
      // An unencoded "+08:00" arrives as " 08:00" (the query string's "+" is a space): read it as meant.
      const raw = req.query.from;
      const query = typeof raw === 'string' ? { ...req.query, from: raw.replace(/ (\d{2}:\d{2})$/, '+$1') } : req.query;
      const q = parseWith(planningQuery, query, 'query');
      let rules: ReturnType<RouteContext['rules']>;
      try {
        rules = ctx.rules(q.jurisdiction);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'INVALID_INPUT') throw invalidInput([{ path: 'query.jurisdiction', message: err.message }]);
        throw err;
      }
      try {
        return { status: 200, body: planPeriods(rules, q.from, q.commentDays === undefined ? {} : { commentDays: q.commentDays }) };
      } catch (err) {
        if (err instanceof DomainError && err.ruleIds.includes('R-11')) throw invalidInput([{ path: 'query.commentDays', message: err.message }]);
        throw err;
      }
    }),
  );
  return router;
}

export const planningDocs: RouteDoc[] = [
  {
    id: 'planPeriods',
    summary: '规划法定期间 / Plan the statutory periods',
    description:
      '若期间于 `from` 开始，各法定期间何时届满：征求意见期限（R-11）、合法性审查时间（R-42）、答复期限（R-48）、听证各项提前时间（R-14，自听证时刻倒算）；' +
      '届满日在尚未载入节假日安排的年份时标为 provisional（R-06）。只读，不涉及任何程序。/ ' +
      'When each statutory period ends if it opens at `from` (R-11, R-42, R-48; R-14 lead times counted back from the hearing at `from`), ' +
      'and whether that end is provisional because a year’s holiday schedule is not loaded (R-06). Read only; about no procedure.',
    tags: ['planning'],
    query: planningQuery,
    responses: { 200: { description: '各法定期间 / every statutory period', schema: planSchema } },
  },
];
