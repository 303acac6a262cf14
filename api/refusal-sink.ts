import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { refusalEntry, type ApiRefusal, type ApiRefusalLog } from '../audit/api-refusal-log';

/*
 * Refusals the API makes before reaching the workflow (no or bad token, wrong role or
 * unit) go to the durable, append-only refusal log (`DATA_DIR/audit/api-refusals.jsonl`),
 * which the auditor's timeline merges in (issue: audit, item 1).
 */
interface Sink {
  log: ApiRefusalLog;
  failures?: AuthFailureGate;
}
const sinks = new WeakMap<Request, Sink>();

/** Failed authentications allowed per window and client address (config AUTH_FAILURE_LIMIT). */
export interface AuthFailureLimit {
  windowMs: number;
  limit: number;
}

/**
 * What to do with a request that failed authentication: `record` it (within the limit),
 * `first-limited` (the first one over the limit in this window: one "rate limited" entry is
 * recorded), or `limited` (answer 429, record nothing). `retryAfterS`: when the window ends.
 */
export type AuthFailureVerdict = { kind: 'record' } | { kind: 'first-limited' | 'limited'; retryAfterS: number };
type AuthFailureGate = (req: Request, res: Response) => Promise<AuthFailureVerdict>;

const LIMITED = Symbol('rate limited');

/**
 * Counts only requests that fail authentication, per client address (express-rate-limit's
 * store and key, applied after the token was found wanting): a valid token is never limited,
 * and an address sending bad tokens costs the durable log at most `limit` + 1 lines a window.
 */
function authFailureGate(opts: AuthFailureLimit): AuthFailureGate {
  const limiter = rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(LIMITED),
  });
  return (req, res) =>
    new Promise((resolve, reject) => {
      void limiter(req, res, (err?: unknown) => {
        if (err !== LIMITED) return err ? reject(err) : resolve({ kind: 'record' });
        const info = (req as Request & { rateLimit?: { used: number; limit: number; resetTime?: Date } }).rateLimit;
        const retryAfterS = Math.max(1, Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + opts.windowMs) - Date.now()) / 1000));
        resolve({ kind: info && info.used === info.limit + 1 ? 'first-limited' : 'limited', retryAfterS });
      });
    });
}

/**
 * First middleware of the API's routers: refusals of this request go to `log`; with `limit`,
 * failed authentications beyond it are answered 429 (authFailureVerdict).
 */
export function refusalSink(log: ApiRefusalLog, limit?: AuthFailureLimit): RequestHandler {
  const sink: Sink = { log, ...(limit ? { failures: authFailureGate(limit) } : {}) };
  return (req, _res, next) => {
    sinks.set(req, sink);
    next();
  };
}

/** Counts a failed authentication of this request's client and says whether it may be recorded. */
export async function authFailureVerdict(req: Request, res: Response): Promise<AuthFailureVerdict> {
  const gate = sinks.get(req)?.failures;
  return gate ? gate(req, res) : { kind: 'record' };
}

/** Appends one refusal; never throws (a failing log is itself logged). */
export async function recordRefusal(
  req: Request,
  r: { status: ApiRefusal['status']; reason: string; route?: string; actor?: ApiRefusal['actor'] },
): Promise<void> {
  const log = sinks.get(req)?.log;
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
