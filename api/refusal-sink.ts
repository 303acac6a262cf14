import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { refusalEntry, type ApiRefusal, type ApiRefusalLog } from '../audit/api-refusal-log';

/*
 * Refusals the API makes before reaching the workflow (no or bad token, wrong role or
 * unit) go to the durable, append-only refusal log (`DATA_DIR/audit/api-refusals.jsonl`),
 * which the auditor's timeline merges in (issue: audit, item 1).
 */
const sinks = new WeakMap<Request, ApiRefusalLog>();

/** First middleware of the API's routers: refusals of this request go to `log`. */
export function refusalSink(log: ApiRefusalLog): RequestHandler {
  return (req, _res, next) => {
    sinks.set(req, log);
    next();
  };
}

/** Appends one refusal; never throws (a failing log is itself logged). */
export async function recordRefusal(
  req: Request,
  r: { status: 401 | 403 | 409; reason: string; route?: string; actor?: ApiRefusal['actor'] },
): Promise<void> {
  const log = sinks.get(req);
  if (!log) return;
  try {
    await log.append(refusalEntry(req, r));
  } catch (err) {
    req.log.error({ err }, 'refusal log append failed');
  }
}

/** A refusal still to be recorded, attached to the error that carries it to the error handlers. */
export const PENDING_REFUSAL = Symbol('pending refusal');
export interface PendingRefusal {
  status: 401 | 403 | 409;
  reason: string;
  route?: string;
  actor?: ApiRefusal['actor'];
}

/**
 * First of the API's error handlers: a refusal thrown from a handler is recorded before its
 * answer leaves, so an answered refusal is always in the log.
 */
export const recordPendingRefusal: ErrorRequestHandler = (err: unknown, req, _res, next) => {
  const pending = (err as { [PENDING_REFUSAL]?: PendingRefusal } | undefined)?.[PENDING_REFUSAL];
  if (!pending) return next(err);
  void recordRefusal(req, pending).finally(() => next(err));
};
