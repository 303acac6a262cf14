import { WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { COMMAND_NAMES, ROLES, RULES, commandSpec, type CommandName, type MissingItem } from '../domain';
import { commandUpdates } from '../workflows/messages';
import { actorOf, commandPath, guard, logRefusal, routeRule } from './authorization';
import type { RouteContext } from './context';
import { assertDocumentsStored } from './documents/references';
import { handle, requireJson } from './http';
import { uuidFrom } from './idempotency';
import { toProblem } from './problem';
import { eventSchema } from './procedures.routes';
import { notFoundOrClosed, procedureHandle, reportRefusal } from './procedure-calls';
import type { RouteDoc } from './route-doc';

/*
 * One route per command of the procedure: POST /procedures/{key}/{command-in-kebab-case}.
 * The body is the command's payload exactly as the domain's schema reads it; the API does not
 * parse it itself, the workflow's update validator does (schema, role and unit, stage, gate),
 * so a refused command never enters history and there is one source of truth. The API adds
 * what needs the outside world: the caller's identity, the unit check (403 before Temporal
 * is asked to change anything), stored documents, idempotency and the R-50 refusal report.
 */

export function commandsRouter(ctx: RouteContext): Router {
  const router = Router();
  for (const name of COMMAND_NAMES) {
    router.post(
      `/procedures/:key/${commandPath(name)}`,
      guard(ctx.verify, name),
      requireJson,
      handle(ctx.idempotency, async ({ req, res, idempotency }) => {
        const actor = actorOf(res);
        const { handle: h } = procedureHandle(ctx.client, req);
        // No query first (ARCHITECTURE decision 8): the update's validator checks role and unit against
        // the state it holds, so a query can never make a worker run a fired timer outside a task.
        await assertDocumentsStored(ctx.documents, req.body);
        try {
          const result = await h.executeUpdate(commandUpdates[name], {
            args: [{ actor, payload: req.body as unknown }],
            // The server keeps each update ID's outcome, also after the procedure ends: a repeat gets it back.
            ...(idempotency ? { updateId: uuidFrom(idempotency.key, 'update') } : {}),
          });
          return { status: 200, body: result };
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw await notFoundOrClosed(h, err);
          const problem = toProblem(err);
          // The workflow's own refusals for role or unit (e.g. an expert handing in another's opinion, R-21).
          if (problem.type === 'forbidden') await logRefusal(req, name, actor, problem.detail ?? '');
          if (problem.type === 'step-missing') {
            const missing = (problem.extensions.missing ?? []) as MissingItem[];
            const requestId = idempotency ? uuidFrom(idempotency.key, 'refusal') : undefined;
            await reportRefusal(ctx.client, h, { actor, command: name, missing }, req.log, requestId);
          }
          throw problem;
        }
      }),
    );
  }
  return router;
}

const resultSchema = z.object({
  state: z.looseObject({ procedureKey: z.string(), stage: z.string() }),
  events: z.array(eventSchema),
});

const ruleTitle = (id: string) => RULES.find((r) => r.id === id)?.title;

function commandDoc(name: CommandName): RouteDoc {
  const spec = commandSpec(name);
  const access = routeRule(name).access;
  const roles = access === 'public' ? [] : (Object.keys(access) as (typeof ROLES)[number][]);
  const rules = spec.rules.map((id) => (ruleTitle(id) ? `${id} ${ruleTitle(id)}` : id)).join('；');
  return {
    id: name,
    summary: `${spec.title} / ${name} (${spec.rules.join(', ')})`,
    description: [
      `依据 / rules: ${rules}`,
      `办理角色 / roles: ${roles.join(', ')}${spec.units ? '（须为程序指定的本单位 / own unit only）' : ''}`,
      spec.stages ? `可办理阶段 / stages: ${spec.stages.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n\n'),
    tags: roles,
    params: z.object({ key: z.string() }),
    body: { schema: spec.schema },
    responses: { 200: { description: '已受理：新的状态和记录的事件 / accepted: the new state and the events recorded', schema: resultSchema } },
  };
}

export const commandDocs: RouteDoc[] = COMMAND_NAMES.map(commandDoc);
