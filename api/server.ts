/**
 * The HTTP API process: listens, and closes gracefully on SIGINT/SIGTERM. Run alone
 * (`npm run api`, docker-compose's `api` service) or inside the start script.
 */
import { webAppRouter } from './web-app';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { RequestHandler } from 'express';
import { ConfigError, loadConfig, type Config } from '../runtime/config';
import { createLogger, type AppLogger } from '../runtime/logger';
import { createLazyClient } from '../runtime/temporal';
import { buildApp } from './app';
import { SIMULATION_NOTICE, temporalReadiness, withSimulationNotice } from './health.routes';
import { replayProcedure } from '../audit/replay';
import { apiErrorHandlers, createApiRouters } from './routers';

/** What a route module's factory receives. */
export interface ApiContext {
  config: Config;
  client: Client;
  logger: AppLogger;
}

/**
 * Route modules of the API, mounted in this order. Add yours here:
 * `(ctx) => proceduresRouter(ctx)`.
 */
const ROUTES: Array<(ctx: ApiContext) => RequestHandler> = [
  // The auditor's replay check runs the workflow code here, against the recorded history.
  (ctx) => createApiRouters({ ...ctx, replay: (key) => replayProcedure(ctx.client, key) }),
];

export interface RunningApi {
  url: string;
  server: Server;
  client: Client;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the Temporal connection. */
  close(graceMs?: number): Promise<void>;
}

export interface StartApiOptions {
  config: Config;
  logger: AppLogger;
  /** Defaults to a lazy client from the configuration. */
  client?: Client;
  /**
   * More route modules, mounted before the service's (behind the same express stack: helmet,
   * request log, JSON body parsing). The benchmarks mount their bare baseline route here.
   */
  routes?: Array<(ctx: ApiContext) => RequestHandler>;
}

export async function startApi({ config, logger, client: given, routes = [] }: StartApiOptions): Promise<RunningApi> {
  const client = given ?? createLazyClient(config.temporal);
  const ctx: ApiContext = { config, client, logger };
  const app = buildApp({
    logger,
    readiness: withSimulationNotice(
      temporalReadiness({ client, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue, logger }),
      config.jurisdictions.simulationMode,
    ),
    // The web application first, for page requests only (a browser's navigation prefers HTML;
    // API clients ask for JSON or anything): /procedures is both a page and an API route.
    routers: [webAppRouter(config.webDistDir), ...[...routes, ...ROUTES].map((factory) => factory(ctx))],
    errorHandlers: apiErrorHandlers,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  logger.info({ url }, `API 已启动 / API listening on ${url}`);
  if (config.jurisdictions.simulationMode) logger.warn({ simulation: true }, SIMULATION_NOTICE);

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive sockets with no request in flight would otherwise hold close() open.
        server.closeIdleConnections();
      });
      if (!given) await client.connection.close();
      logger.info('API 已停止 / API stopped');
    })());
  return { url, server, client, close };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const api = await startApi({ config, logger });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'API 正在停止 / API shutting down');
      void api.close().then(() => process.exit(0));
    });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
