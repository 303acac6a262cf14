/**
 * The bare baseline's HTTP route, mounted in the benchmark's API process (bench/stack.ts, through
 * startApi's `routes`), so the bare side crosses the same HTTP layer as a procedure's commands:
 * the same express app (helmet, request log, JSON body parsing with its depth check), the same
 * bearer verification (api/auth), the same error handlers, and one Temporal client call per
 * request. What it leaves out is the service itself: role and unit checks, the directory,
 * document checks, idempotency, the procedure's workflow.
 *
 *   POST /bench/bare               {id, k, pad}  starts bareWorkflow(k, pad)          → 201
 *   POST /bench/bare/{id}/step     {pad}         executeUpdate(bareStep, pad)         → 200 {steps}
 *
 * The driver (bench/load.ts) pads `pad` so each body has the JSON byte size of the matching
 * body of the standard procedure (the create, then each command).
 */
import { Router, type RequestHandler } from 'express';
import type { ApiContext } from '../api/server';
import { bearerPrincipal } from '../api/auth/authenticate';
import { createTokenVerifier } from '../api/auth/tokens';
import { bareStep, bareWorkflow } from './bare.workflow';

export const bareWorkflowId = (id: string) => `bare-${id}`;

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The route module (startApi's `routes`), starting bare workflows on `taskQueue`. */
export function bareHttpRoutes(taskQueue: string): (ctx: ApiContext) => RequestHandler {
  return (ctx) => {
    const verify = createTokenVerifier(ctx.config.auth);
    const router = Router();
    const authenticated: RequestHandler = (req, _res, next) => {
      bearerPrincipal(req, verify).then(() => next(), next);
    };
    router.post('/bench/bare', authenticated, async (req, res, next) => {
      try {
        const body = req.body as { id?: unknown; k?: unknown; pad?: unknown };
        const id = text(body.id);
        await ctx.client.workflow.start(bareWorkflow, { taskQueue, workflowId: bareWorkflowId(id), args: [Number(body.k), text(body.pad)] });
        res.status(201).json({ id });
      } catch (err) {
        next(err);
      }
    });
    router.post('/bench/bare/:id/step', authenticated, async (req, res, next) => {
      try {
        const handle = ctx.client.workflow.getHandle(bareWorkflowId(String(req.params.id)));
        const steps = await handle.executeUpdate(bareStep, { args: [text((req.body as { pad?: unknown }).pad)] });
        res.status(200).json({ steps });
      } catch (err) {
        next(err);
      }
    });
    return router;
  };
}
