/**
 * The stack a benchmark runs on, in one process: the embedded Temporal dev server (a fresh
 * SQLite file), the service's worker (workflows/ bundle, real activities), the API listening
 * on 127.0.0.1, and a bare worker on its own task queue with bench/bare.workflow.ts bundled
 * alone (the API then also serves the bare baseline's route, bench/bare-http.ts). The
 * jurisdiction `sim` is a simulation policy, loaded only because SIMULATION_MODE is true (the
 * service refuses a simulation policy otherwise).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { startApi, type RunningApi } from '../api/server';
import { mintToken } from '../api/auth/tokens';
import type { Actor } from '../domain';
import type { Config } from '../runtime/config';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { createLogger } from '../runtime/logger';
import { temporalCliPath } from '../runtime/tools';
import { createWorker, installSdkLogging } from '../worker';
import { freePort, tempDir, testConfig } from '../test/foundation/helpers';
import { bareHttpRoutes } from './bare-http';

export const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
export const BARE_QUEUE = 'bench-bare';

export interface StackOptions {
  /** Milliseconds per statutory day in the simulation jurisdiction. */
  dayMs: number;
  /** Run the service's worker in this process (false: the caller runs it, e.g. as a child). */
  inProcessWorker?: boolean;
  bareWorker?: boolean;
  /** Reuse a database file (restart scenarios). */
  dbFilename?: string;
  port?: number;
  /** Run the API in this process (false: the caller runs `api/server.ts` as a child on `url`). */
  inProcessApi?: boolean;
  apiPort?: number;
  /** Route the SDK logs into a silent logger (process-wide, once; it keeps jest from exiting, so tests pass false). */
  quietSdk?: boolean;
}

export interface Stack {
  server: DevServer;
  config: Config;
  env: Record<string, string>;
  client: Client;
  api: RunningApi | undefined;
  /** The API's base URL. */
  url: string;
  dbFilename: string;
  /** Stops the dev server and starts it again on the same port and database file. */
  restartServer(): Promise<void>;
  jurisdictionsFile: string;
  stop(): Promise<void>;
}

let bundles: Record<string, Promise<WorkflowBundle>> = {};
export function bundle(which: 'service' | 'bare'): Promise<WorkflowBundle> {
  bundles[which] ??=
    which === 'service' ? buildWorkflowBundle(quiet) : bundleWorkflowCode({ workflowsPath: require.resolve('./bare.workflow'), logger: quiet });
  return bundles[which];
}
export const resetBundles = () => (bundles = {});

export async function startStack(opts: StackOptions): Promise<Stack> {
  const logger = createLogger('silent');
  if (opts.quietSdk !== false) installSdkLogging(logger);
  const port = opts.port ?? (await freePort());
  const dbFilename = opts.dbFilename ?? path.join(tempDir('bench-temporal'), 'temporal.sqlite');
  const serverOptions = { cliPath: temporalCliPath(), dbFilename, port, namespace: 'default', logger, readyTimeoutMs: 120_000 };
  let server = await startDevServer(serverOptions);
  const jurisdictionsFile = path.join(tempDir('bench-jurisdictions'), 'jurisdictions.json');
  writeFileSync(jurisdictionsFile, JSON.stringify([{ id: 'sim', name: '模拟', policy: { simulation: true, simulationDayMs: opts.dayMs } }]));
  const apiPort = opts.apiPort ?? (await freePort());
  const env = {
    EMBEDDED_TEMPORAL_PORT: String(port),
    TEMPORAL_TASK_QUEUE: 'bench',
    JURISDICTIONS_FILE: jurisdictionsFile,
    SIMULATION_MODE: 'true',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
  };
  const config = testConfig(env);
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const stops: Array<() => Promise<void>> = [];
  if (opts.inProcessWorker !== false) {
    const { worker, connection, relay } = await createWorker({ config, logger, workflowBundle: await bundle('service') });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await relay.stop();
      await connection.close();
    });
  }
  if (opts.bareWorker) {
    const connection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({ connection, taskQueue: BARE_QUEUE, workflowBundle: await bundle('bare') });
    const running = worker.run();
    stops.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
  }
  // BENCH_API_LOG=error shows the API's own log (e.g. the cause of a 500) on stdout.
  const apiLogger = createLogger((process.env.BENCH_API_LOG as 'error' | undefined) ?? 'silent');
  // With the bare worker, the API also serves the bare baseline's route (bench/bare-http.ts).
  const routes = opts.bareWorker ? [bareHttpRoutes(BARE_QUEUE)] : [];
  const api = opts.inProcessApi === false ? undefined : await startApi({ config, logger: apiLogger, client, routes });
  return {
    get server() {
      return server;
    },
    url: api?.url ?? `http://127.0.0.1:${apiPort}`,
    async restartServer() {
      await server.stop();
      server = await startDevServer(serverOptions);
    },
    config,
    env: { ...env, DATA_DIR: config.dataDir, JWT_SECRET: config.auth.jwtSecret ?? '' },
    client,
    api,
    dbFilename,
    jurisdictionsFile,
    async stop() {
      await api?.close(1000);
      for (const s of stops.reverse()) await s();
      await client.connection.close();
      await server.stop();
    },
  };
}

/** Bearer header values, minted once per actor. */
export async function bearers(config: Config, who: Record<string, Actor>): Promise<Record<string, string>> {
  const secret = config.auth.jwtSecret;
  if (!secret) throw new Error('no JWT secret');
  const out: Record<string, string> = {};
  for (const [k, a] of Object.entries(who)) {
    out[k] = `Bearer ${await mintToken(secret, { personId: a.personId, name: a.name, unit: a.unit, roles: [a.role] })}`;
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over 0..n-1 with at most `limit` in flight. */
export async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(n, limit) }, lane));
}
