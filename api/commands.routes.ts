import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Router } from 'express';
import { z } from 'zod';
import { COMMAND_NAMES, ROLES, RULES, STAGES, commandSpec, eventsVisibleTo, type Actor, type CommandName, type MissingItem, type StartProcedure } from '../domain';
import { commandUpdates } from '../workflows/messages';
import { assertCatalogEntry } from './catalog-entry';
import { actorOf, commandPath, guard, logRefusal, routeRule } from './authorization';
import type { RouteContext } from './context';
import { assertDocumentsStored } from './documents/references';
import { handle, requireJson } from './http';
import { uuidFrom } from './idempotency';
import { ApiProblem, toProblem } from './problem';
import { eventSchema } from './procedures.routes';
import { notFoundOrClosed, procedureHandle, reportRefusal } from './procedure-calls';
import type { RouteDoc } from './route-doc';
import { nearestNames } from './suggest';

/*
 * One route per command of the procedure: POST /procedures/{key}/{command-in-kebab-case}.
 * The body is the command's payload exactly as the domain's schema reads it; the API does not
 * parse it itself, the workflow's update validator does (schema, role and unit, stage, gate),
 * so a refused command never enters history and there is one source of truth. The API adds
 * what needs the outside world: the caller's identity, the unit check (403 before Temporal
 * is asked to change anything), stored documents, idempotency and the R-50 refusal report.
 */

/**
 * Whether a STEP_MISSING refusal's actor is a responsible party of the procedure (the
 * validator says so, workflows/failures.ts). Absent (older workers): treated as responsible.
 */
function actorResponsible(err: unknown): boolean {
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) return true;
  const details = err.cause.details?.[0] as { actorResponsible?: unknown } | undefined;
  return details?.actorResponsible !== false;
}

/** a public comment's receipt time is the server's, never the caller's. */
function payloadOf(name: CommandName, actor: Actor, body: unknown): unknown {
  if (name !== 'recordPublicComment' || actor.role !== 'public' || typeof body !== 'object' || body === null) return body;
  return { ...body, receivedAt: new Date().toISOString() };
}

/** POST /procedures/{key}/{name}: the shape of a command's path. */
const UNKNOWN_COMMAND = /^\/procedures\/[^/]+\/([^/]+)\/?$/i;

export function commandsRouter(ctx: RouteContext): Router {
  const router = Router();
  for (const name of COMMAND_NAMES) {
    router.post(
      `/procedures/:key/${commandPath(name)}`,
      guard(ctx.verify, name),
      requireJson,
      handle(ctx.idempotency, async ({ req, res, idempotency }) => {
        // who is the head of the unit comes from the directory, never from the token.
        const actor = await ctx.directory.resolveHead(actorOf(res));
        const { handle: h } = procedureHandle(ctx.client, req);
        // No query first (ARCHITECTURE decision 8): the update's validator checks role and unit against
        // the state it holds, so a query can never make a worker run a fired timer outside a task.
        await assertDocumentsStored(ctx.documents, req.body);
        // the procedure an amendment starts names an entry of a published catalog, as
        // any start does; the catalog is another workflow, so it is read here, before the update.
        if (name === 'startAmendment') {
          const parsed = commandSpec(name).schema.safeParse(req.body);
          if (parsed.success) await assertCatalogEntry(ctx.client, (parsed.data as { procedure: StartProcedure }).procedure);
        }
        try {
          const result = await h.executeUpdate(commandUpdates[name], {
            args: [{ actor, payload: payloadOf(name, actor, req.body) }],
            // The server keeps each update ID's outcome, also after the procedure ends: a repeat gets it back.
            ...(idempotency ? { updateId: uuidFrom(idempotency.key, 'update') } : {}),
          });
          // ARCHITECTURE decision 8: the new stage and the accepted events the caller's role may read.
          return { status: 200, body: { stage: result.stage, events: eventsVisibleTo(result.events, actor) } };
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw await notFoundOrClosed(h, err);
          const problem = toProblem(err);
          // A 500 says nothing of the internals to the caller; the operator's log keeps the cause.
          if (problem.status >= 500) req.log.error({ err, command: name }, '命令未能送达程序 / the command could not reach the procedure');
          // The workflow's own refusals for role or unit (e.g. an expert handing in another's opinion, R-21).
          if (problem.type === 'forbidden') await logRefusal(req, name, actor, problem.detail ?? '');
          if (problem.type === 'step-missing' && !actorResponsible(err)) {
            // An outsider (the public, an expert no panel names…): logged here only — not written
            // into the procedure's history, and nobody is notified (docs/rules.md §3).
            await logRefusal(req, name, actor, problem.detail ?? '', 409);
          } else if (problem.type === 'step-missing') {
            const missing = (problem.extensions.missing ?? []) as MissingItem[];
            const requestId = idempotency ? uuidFrom(idempotency.key, 'refusal') : undefined;
            await reportRefusal(ctx.client, h, { actor, command: name, missing }, req.log, requestId);
          }
          throw problem;
        }
      }),
    );
  }
  // Any other name: 404 naming the nearest commands (a typo, or a camelCase name), answered and
  // logged by the error handlers like every other problem. A middleware, not a route: it serves
  // nothing, so the OpenAPI description rightly leaves it out.
  const paths = COMMAND_NAMES.map(commandPath);
  router.use((req, _res, next) => {
    const m = req.method === 'POST' ? UNKNOWN_COMMAND.exec(req.path) : null;
    if (!m) return next();
    let asked: string;
    try {
      asked = decodeURIComponent(m[1] as string).slice(0, 100);
    } catch {
      asked = (m[1] as string).slice(0, 100);
    }
    // `openCommentPeriod` is meant as `open-comment-period`.
    const near = nearestNames(/[A-Z]/.test(asked) ? commandPath(asked) : asked, paths);
    const detail =
      near.length > 0
        ? `没有名为「${asked}」的命令；您是否要找：${near.join('、')} / no command named ${asked}; did you mean: ${near.join(', ')}`
        : `没有名为「${asked}」的命令；命令列表见 /openapi.json / no command named ${asked}; the commands are listed at /openapi.json`;
    next(new ApiProblem('not-found', detail, { suggestions: near }));
  });
  return router;
}

const resultSchema = z.object({
  stage: z.enum(STAGES).meta({ description: '命令受理后的阶段 / the stage after the command' }),
  events: z.array(eventSchema).meta({ description: '本命令记录的、调用者角色可读的事件 / the events the command recorded that the caller’s role may read' }),
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
    responses: { 200: { description: '已受理：新的阶段和记录的事件（按角色过滤）/ accepted: the new stage and the events recorded (those the caller’s role may read)', schema: resultSchema } },
  };
}

export const commandDocs: RouteDoc[] = COMMAND_NAMES.map(commandDoc);
