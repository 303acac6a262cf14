import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { safeParseStrict } from '../domain';
import { actorOf, ruleOf } from './authorization';
import {
  IdempotencyStore,
  REPLAYED_HEADER,
  fingerprintOf,
  idempotencyKeyOf,
  scopedKey,
  type HttpResult,
} from './idempotency';
import { ApiProblem, fieldErrors, invalidInput, toProblem } from './problem';
import { PENDING_REFUSAL, recordRefusal, type PendingRefusal } from './refusal-sink';

/** What a handler gets besides req/res: the scoped Idempotency-Key, when the caller sent one. */
export interface HandlerContext {
  req: Request;
  res: Response;
  idempotency?: { key: string; fingerprint: string };
}
export type Handler = (ctx: HandlerContext) => Promise<HttpResult>;

/**
 * A refusal a handler threw (wrong unit, docs/rules.md §3) is recorded in the durable refusal log
 * before its answer is built: the answer never reaches the error handlers that would record it.
 */
async function recordPending(req: Request, err: unknown): Promise<void> {
  const holder = err as { [PENDING_REFUSAL]?: PendingRefusal } | undefined;
  const pending = holder?.[PENDING_REFUSAL];
  if (!pending) return;
  delete holder[PENDING_REFUSAL];
  await recordRefusal(req, pending);
}

/** A problem as a stored answer, so a repeat of a refused request is refused alike. */
async function problemResult(req: Request, err: unknown): Promise<HttpResult> {
  await recordPending(req, err);
  const problem = toProblem(err);
  if (problem.status >= 500) req.log.error({ err }, 'unhandled error');
  return {
    status: problem.status,
    headers: { ...problem.headers, 'Content-Type': 'application/problem+json' },
    body: problem.body(req.originalUrl),
  };
}

function send(res: Response, result: HttpResult, replayed: boolean): void {
  res.status(result.status);
  if (result.headers) res.set(result.headers);
  if (replayed) res.set(REPLAYED_HEADER, 'true');
  if (result.body === undefined) res.end();
  else res.json(result.body);
}

/**
 * Runs a guarded handler: its answer or its error (as problem+json), through the idempotency
 * store when the request carries an Idempotency-Key (`null`: the route is idempotent by nature).
 */
export function handle(store: IdempotencyStore | null, handler: Handler): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = req.method === 'POST' ? idempotencyKeyOf(req) : undefined;
      const run = (idempotency?: HandlerContext['idempotency']) =>
        handler({ req, res, ...(idempotency ? { idempotency } : {}) }).catch(async (err: unknown) => problemResult(req, err));
      if (key === undefined || store === null) {
        send(res, await run(), false);
        return;
      }
      const actor = actorOf(res);
      const scoped = { key: scopedKey(actor.personId, req, ruleOf(res).id, key), fingerprint: fingerprintOf(req, actor.role) };
      const { result, replayed } = await store.run(scoped.key, scoped.fingerprint, () => run(scoped));
      send(res, result, replayed);
    } catch (err) {
      next(err);
    }
  };
}

/** Public routes: no actor, no idempotency; errors still leave as problem+json. */
export function handlePublic(handler: Handler): RequestHandler {
  return async (req, res) => {
    const result = await handler({ req, res }).catch(async (err: unknown) => problemResult(req, err));
    send(res, result, false);
  };
}

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

/**
 * JSON bodies only (415 otherwise). A POST without any body counts as `{}`, so commands
 * without fields (`close-comment-period`) need no `-d '{}'`.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!hasBody(req)) {
    req.body = {};
    return next();
  }
  if (!req.is('application/json') || req.body === undefined) {
    return next(new ApiProblem('unsupported-media-type', '请求体应为 application/json / the body must be application/json'));
  }
  next();
};

/**
 * Parses params, query or body with a zod schema; every bad field is listed in the 400. A body
 * is strict: a field the schema does not know is a 400 naming it, not silently dropped.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'path' | 'query' | 'body'): z.infer<S> {
  const parsed = where === 'body' ? safeParseStrict(schema, value) : schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidInput(fieldErrors(parsed.error.issues.map((i) => ({ ...i, path: where === 'body' ? i.path : [where, ...i.path] }))));
}
