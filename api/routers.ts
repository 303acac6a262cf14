import { actionDocs, actionsRouter } from './actions.routes';
import { formDocs, formsRouter } from './forms.routes';
import { noticeDocs, noticesRouter } from './notices.routes';
import { opsDocs, opsRouter } from './ops.routes';
import { authDocs, authRouter } from './auth.routes';
import { taskDocs, tasksRouter } from './tasks.routes';
import { dashboardDocs, dashboardRouter } from './dashboard.routes';
import { ApiRefusalLog } from '../audit/api-refusal-log';
import { DirectoryDocumentSource } from '../audit/archive/document-source';
import { signingKeyLocation } from '../audit/archive/signing-key';
import { auditDocs, auditRouter, type AuditRouteDeps } from './audit.routes';
import { recordPendingRefusal, refusalSink, type AuthFailureLimit } from './refusal-sink';
import type { Client } from '@temporalio/client';
import { Router, type ErrorRequestHandler } from 'express';
import { defaultCalendar, defaultPolicy, rulesFor, type JurisdictionPolicy, type WorkingCalendar } from '../domain';
import type { Config } from '../runtime/config';
import type { AppLogger } from '../runtime/logger';
import { createTokenVerifier, type TokenVerifier } from './auth/tokens';
import { catalogDocs, catalogRouter } from './catalog.routes';
import { commandDocs, commandsRouter } from './commands.routes';
import type { RouteContext } from './context';
import { DOCUMENT_MAX_BYTES, documentDocs, documentsRouter } from './documents/documents.routes';
import { DocumentStore } from './documents/store';
import { IdempotencyStore } from './idempotency';
import { ListCache } from './list-cache';
import { metaDocs, openapiRouter } from './openapi';
import { problemErrorHandler } from './problem';
import { procedureDocs, proceduresRouter } from './procedures.routes';
import { planningDocs, planningRouter } from './planning.routes';
import { publicDocs, publicRouter } from './public.routes';
import type { RouteDoc } from './route-doc';
import { UnitDirectory, directoryFileOf } from './unit-directory';
import { configurePageTokens } from './visibility';

export interface ApiDeps {
  client: Client;
  config: Config;
  logger: AppLogger;
  /** Defaults to a directory store at config.documentsDir. */
  documents?: DocumentStore;
  /** Tests pass a fresh one to play a second API process (or a restart). */
  idempotency?: IdempotencyStore;
  verify?: TokenVerifier;
  policy?: JurisdictionPolicy;
  calendar?: WorkingCalendar;
  /** Default: DOCUMENT_MAX_BYTES (50 MiB). */
  documentMaxBytes?: number;
  /** Default: 60 requests a minute per client address. */
  publicRateLimit?: { windowMs: number; limit: number };
  /** Failed authentications per client address before 429; default: AUTH_FAILURE_LIMIT a minute. */
  authFailureRateLimit?: AuthFailureLimit;
  /** Default: `DATA_DIR/audit/api-refusals.jsonl`. */
  refusals?: ApiRefusalLog;
  /** The units that exist (DIRECTORY_FILE or `DATA_DIR/directory.json`); tests pass their own. */
  directory?: UnitDirectory;
  /** The auditor's replay check (audit/replay.ts); without it GET /audit/…/replay answers 501. */
  replay?: AuditRouteDeps['replay'];
}

/** Every documented route, in the order of the OpenAPI description. */
export const ROUTE_DOCS: readonly RouteDoc[] = [...procedureDocs, ...actionDocs, ...taskDocs, ...dashboardDocs, ...noticeDocs, ...commandDocs, ...documentDocs, ...catalogDocs, ...planningDocs, ...publicDocs, ...authDocs, ...auditDocs, ...opsDocs, ...formDocs, ...metaDocs];

/**
 * The API's routes for every role (issue #4), as one router for buildApp's `routers`:
 * procedures, their commands, documents, the yearly catalog, public reads, sign-in, and the
 * OpenAPI description with its interactive page.
 */
export function createApiRouters(deps: ApiDeps): Router {
  const directory = deps.directory ?? new UnitDirectory(directoryFileOf(process.env, deps.config.dataDir));
  const ctx: RouteContext = {
    client: deps.client,
    config: deps.config,
    logger: deps.logger,
    documents: deps.documents ?? new DocumentStore(deps.config.documentsDir),
    idempotency: deps.idempotency ?? new IdempotencyStore(),
    verify: directory.verifying(deps.verify ?? createTokenVerifier(deps.config.auth)),
    directory,
    rules: (id) => {
      // Tests may pin one policy and calendar for every procedure.
      if (deps.policy || deps.calendar) return { policy: deps.policy ?? defaultPolicy, calendar: deps.calendar ?? defaultCalendar };
      const j = deps.config.jurisdictions;
      return rulesFor(id ?? j.defaultId, j.registry, j.simulationMode);
    },
    documentMaxBytes: deps.documentMaxBytes ?? DOCUMENT_MAX_BYTES,
    publicRateLimit: deps.publicRateLimit ?? { windowMs: 60_000, limit: 60 },
    lists: new ListCache(deps.config.listCacheMs),
  };
  configurePageTokens(deps.config.auth.jwtSecret);
  const refusals = deps.refusals ?? ApiRefusalLog.inDataDir(deps.config.dataDir);
  const router = Router();
  const failures = deps.authFailureRateLimit ?? { windowMs: 60_000, limit: deps.config.auth.failureLimitPerMinute ?? 20 };
  router.use(refusalSink(refusals, failures));
  // A write makes the kept lists stale: cleared when it arrives and again when it is answered.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    ctx.lists.clear();
    res.on('finish', () => ctx.lists.clear());
    next();
  });
  router.use(opsRouter(ctx), proceduresRouter(ctx), actionsRouter(ctx), tasksRouter(ctx), dashboardRouter(ctx), noticesRouter(ctx), commandsRouter(ctx), documentsRouter(ctx), catalogRouter(ctx), planningRouter(ctx), publicRouter(ctx), authRouter(ctx), formsRouter(ctx), openapiRouter(ROUTE_DOCS));
  // The auditor's read routes (issue: audit); replay needs the worker package, so the API process passes it in.
  const archive = { documents: new DirectoryDocumentSource(ctx.documents.dir), signingKey: signingKeyLocation(deps.config) };
  router.use(auditRouter({ client: deps.client, verify: ctx.verify, refusals, archive, ...(deps.replay ? { replay: deps.replay } : {}) }));
  return router;
}

/** For buildApp's `errorHandlers`: everything leaves as application/problem+json. */
export const apiErrorHandlers: ErrorRequestHandler[] = [recordPendingRefusal, problemErrorHandler];
