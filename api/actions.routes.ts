import { Router } from 'express';
import { z } from 'zod';
import { STAGES, availableCommands } from '../domain';
import { actorOf, commandPath, guard, requireReader } from './authorization';
import type { RouteContext } from './context';
import { commandFormSchema } from './forms.routes';
import { handle } from './http';
import { procedureCalendar, procedureHandle, procedureLocation, queryState } from './procedure-calls';
import type { RouteDoc } from './route-doc';

/**
 * docs/rules.md §1, R-50: what the caller may do now in a procedure — the buttons of the web
 * application — decided in the domain (availableCommands) on the state GET /procedures/{key}
 * reads, with each command's form and what its gate still lacks. Read only: the command itself
 * is still decided by the workflow's validator when it comes.
 */
export function actionsRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get(
    '/procedures/:key/actions',
    guard(ctx.verify, 'listProcedureActions'),
    handle(null, async ({ req, res }) => {
      const { key, handle: h } = procedureHandle(ctx.client, req);
      const state = await queryState(h);
      requireReader(req, res, state);
      // who heads a unit comes from the directory, as for the commands themselves.
      const actor = await ctx.directory.resolveHead(actorOf(res));
      const now = new Date().toISOString();
      const actions = availableCommands(state, actor, { now, calendar: procedureCalendar(ctx, state) }).map((a) => ({
        command: commandPath(a.name),
        name: a.name,
        title: a.title,
        rules: a.rules,
        href: `${procedureLocation(key)}/${commandPath(a.name)}`,
        schema: commandFormSchema(a.name),
        blockedBy: a.blockedBy,
      }));
      return { status: 200, body: { stage: state.stage, actions } };
    }),
  );
  return router;
}

const missingItemSchema = z.object({
  item: z.string(),
  ruleId: z.string(),
  responsible: z.object({ role: z.string(), unit: z.string().optional() }),
  message: z.string().meta({ description: '中文 / English' }),
  waitingOn: z.string().optional(),
});

export const actionDocs: RouteDoc[] = [
  {
    id: 'listProcedureActions',
    summary: '本人现在可办理的命令 / The commands the caller may take now (R-50)',
    description:
      '按本人角色与单位（及专家名单、受邀法律顾问、行政首长）、程序阶段判断可办理的命令，附其表单（JSON Schema）与提交地址；blockedBy 列出尚缺的前置步骤（以空表单预判，R-50），便于在提交前提示“办理条件”。实际办理仍以提交时程序的校验为准。/ ' +
      'The commands the caller’s role and unit (and panel, engagement, headship) allow in the procedure’s stage, with each form and where to POST it; `blockedBy` lists the steps still missing, judged on an empty form (R-50). The procedure still decides when the command is sent.',
    tags: ['auditor', 'decision_organ', 'sponsor', 'legality_office', 'executing_unit', 'evaluator', 'expert', 'legal_adviser', 'public'],
    params: z.object({ key: z.string() }),
    responses: {
      200: {
        description: '当前阶段与可办理的命令 / the stage and the commands',
        schema: z.object({
          stage: z.enum(STAGES),
          actions: z.array(
            z.object({
              command: z.string().meta({ description: '路径中的命令名，如 submit-to-discussion / the path segment' }),
              name: z.string().meta({ description: '命令名，如 submitToDiscussion / the wire name' }),
              title: z.string(),
              rules: z.array(z.string()),
              href: z.string().meta({ description: 'POST 地址 / where to POST it' }),
              schema: z.looseObject({}).meta({ description: '请求体的 JSON Schema (draft-07) / the body’s JSON Schema' }),
              blockedBy: z.array(missingItemSchema),
            }),
          ),
        }),
      },
    },
  },
];
