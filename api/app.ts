import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppLogger } from '../runtime/logger';
import { healthRouter, type ReadinessCheck } from './health.routes';
import { verifyJsonDepth } from './json-depth';

export interface AppDeps {
  logger: AppLogger;
  readiness: ReadinessCheck;
  /**
   * Routers (or any middleware) mounted at `/` in order, after the health routes and before
   * the 404 and error handlers. Route modules export a factory that returns an
   * `express.Router`; api/server.ts lists them. Inside a handler, log with `req.log`: its
   * lines carry the request id.
   */
  routers?: RequestHandler[];
  /** Error handlers tried before the fallback (e.g. the problem+json mapper of domain errors). */
  errorHandlers?: ErrorRequestHandler[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/** A problem+json body (RFC 9457). */
export function problem(status: number, title: string, detail?: string) {
  return { type: 'about:blank', title, status, ...(detail ? { detail } : {}) };
}

/**
 * Builds the express app without listening, so supertest drives it without a port and the
 * server (api/server.ts) or the start script decides where it listens.
 */
export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger.child({ component: 'api' }),
      // Keep a caller's id (a gateway's) so one id follows a request across systems.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // req.log carries only the request id, so handlers' own lines stay short but traceable.
      quietReqLogger: true,
      customLogLevel: (req, res, err) => {
        if (err || res.statusCode >= 500) return 'error';
        // Probes hit these every few seconds; log them only when they fail.
        if (HEALTH_PATHS.has(req.url ?? '') && res.statusCode < 400) return 'silent';
        return res.statusCode >= 400 ? 'warn' : 'info';
      },
    }),
  );
  // The depth is checked on the raw text before it is parsed (api/json-depth.ts).
  app.use(express.json({ limit: '1mb', verify: verifyJsonDepth }));
  app.use(healthRouter(deps.readiness));
  for (const router of deps.routers ?? []) app.use(router);
  // After every API route: only what none of them answers can be a page of the app.

  app.use((req, res) => {
    res
      .status(404)
      .type('application/problem+json')
      .json(problem(404, '未找到 / Not Found', `${req.method} ${req.path}`));
  });
  for (const handler of deps.errorHandlers ?? []) app.use(handler);
  app.use(fallbackErrorHandler);
  return app;
}

/** Last resort: body-parser errors keep their 4xx status; anything else is a 500 with no internals. */
const fallbackErrorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = (err as { status?: unknown; expose?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose) {
    res.status(status).type('application/problem+json').json(problem(status, (err as Error).message));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  res.status(500).type('application/problem+json').json(problem(500, '服务器内部错误 / Internal Server Error'));
};
