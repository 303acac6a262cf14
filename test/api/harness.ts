import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { replayProcedure } from '../../audit/replay';
import { mintToken } from '../../api/auth/tokens';
import { apiErrorHandlers, createApiRouters, type ApiDeps } from '../../api/routers';
import type { Actor, DocumentRef, Role } from '../../domain';
import type { Config } from '../../runtime/config';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { temporalCliPath } from '../../runtime/tools';
import { createWorker } from '../../worker';
import { freePort, memoryLogger, tempDir, testConfig, workflowBundle } from '../foundation/helpers';
import { actors, DIRECTORY_UNITS, UNITS } from '../support/fixtures';
import { createLazyClient } from '../../runtime/temporal';
import { docOf, FIXTURE_DOCS } from './fixtures';
import { TASK_QUEUE, startWorker, timeSkippingEnv } from '../support/temporal-env';

/*
 * The app exactly as the service builds it (buildApp + createApiRouters + apiErrorHandlers),
 * wired to a real Temporal server and a real worker with the real activities: the embedded
 * dev server (visibility lists work there) or the time-skipping test server (statutory
 * periods of weeks pass in milliseconds there, but it has no visibility lists).
 */
export interface ApiHarness {
  app: Express;
  client: Client;
  config: Config;
  /** The API's log lines (JSON). */
  logs: () => Record<string, unknown>[];
  /** A fresh app on the same server, as a second API process (or one restarted) would be. */
  anotherApp: (over?: Partial<ApiDeps>) => Express;
  stop: () => Promise<void>;
}

/**
 * The harness's directory: every unit the API tests name (test/support/fixtures.ts); in the
 * decision organ the mayor is marked head and a deputy is a member who is not.
 */
function writeDirectory(config: Config): void {
  const units: Record<string, { people: unknown[] }> = Object.fromEntries(DIRECTORY_UNITS.map((u) => [u, { people: [] }]));
  units[UNITS.organ] = {
    people: [
      { personId: actors.organ.personId, name: actors.organ.name, roles: ['decision_organ'], head: true },
      { personId: actors.organMember.personId, name: actors.organMember.name, roles: ['decision_organ'] },
    ],
  };
  writeFileSync(path.join(config.dataDir, 'directory.json'), JSON.stringify({ units }, null, 2));
}

function appFor(client: Client, config: Config, over: Partial<ApiDeps> = {}) {
  const { logger, lines } = memoryLogger('info');
  // The auditor's replay check, as api/server.ts wires it, on the bundle built once per file.
  const replay = async (key: string) => replayProcedure(client, key, await workflowBundle());
  const routers = [createApiRouters({ client, config, logger, replay, ...over })];
  const app = buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers });
  return { app, lines };
}

/** Uploads the fixture documents (test/api/fixtures.ts) as the decision organ: fixture procedures cite them. */
export async function uploadFixtureDocs(h: Pick<ApiHarness, 'app' | 'config'>): Promise<void> {
  for (const name of FIXTURE_DOCS) {
    await request(h.app).post('/documents').set('Authorization', await bearer(h.config, actors.organ)).set('Content-Type', 'application/pdf').send(docOf(name).bytes).expect(201);
  }
}

/**
 * The API with no Temporal behind it (a lazy client that points at nothing) and the harness's
 * directory, for routes that answer before Temporal is asked anything. Given the config of
 * another, it is a second API process on the same DATA_DIR.
 */
export function offlineApp(shared?: Config): { app: Express; config: Config } {
  const config = shared ?? testConfig({});
  if (!shared) writeDirectory(config);
  const { logger } = memoryLogger('silent');
  const routers = [createApiRouters({ client: createLazyClient(config.temporal), config, logger })];
  return { config, app: buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers }) };
}

export async function devServerHarness(over: Partial<ApiDeps> = {}, env: Record<string, string> = {}): Promise<ApiHarness> {
  const port = await freePort();
  const quiet = memoryLogger('silent').logger;
  const server: DevServer = await startDevServer({
    cliPath: temporalCliPath(),
    dbFilename: path.join(tempDir('api-temporal'), 'temporal.sqlite'),
    port,
    namespace: 'default',
    logger: quiet,
  });
  const config = testConfig({ EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: 'api-test', ...env });
  writeDirectory(config);
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  let built: ReturnType<typeof appFor>;
  try {
    built = appFor(client, config, over);
  } catch (err) {
    await client.connection.close();
    await server.stop();
    throw err;
  }
  const { app, lines } = built;
  const { worker, connection, relay } = await createWorker({ config, logger: quiet, workflowBundle: await workflowBundle() });
  const running = worker.run();
  return {
    app,
    client,
    config,
    logs: lines,
    anotherApp: (o = {}) => appFor(client, config, { ...over, ...o }).app,
    stop: async () => {
      worker.shutdown();
      await running;
      await relay.stop();
      await connection.close();
      await client.connection.close();
      await server.stop();
    },
  };
}

export async function timeSkippingHarness(): Promise<ApiHarness & { env: TestWorkflowEnvironment }> {
  const env = await timeSkippingEnv();
  const config = testConfig({ TEMPORAL_TASK_QUEUE: TASK_QUEUE });
  writeDirectory(config);
  let built: ReturnType<typeof appFor>;
  try {
    built = appFor(env.client, config);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  const { app, lines } = built;
  const { worker, run }: { worker: Worker; run: Promise<void> } = await startWorker(env);
  return {
    env,
    app,
    client: env.client,
    config,
    logs: lines,
    anotherApp: (o = {}) => appFor(env.client, config, o).app,
    stop: async () => {
      worker.shutdown();
      await run;
      await env.teardown();
    },
  };
}

/** A bearer token for the actor (its one role), signed with the harness's secret. */
export async function tokenFor(config: Config, who: Actor | (Omit<Actor, 'role'> & { roles: Role[] })): Promise<string> {
  const roles = 'roles' in who ? who.roles : [who.role];
  const secret = config.auth.jwtSecret;
  if (!secret) throw new Error('test config has no JWT secret');
  return mintToken(secret, { personId: who.personId, name: who.name, unit: who.unit, roles });
}

/** `Authorization` header value for the actor. */
export const bearer = async (config: Config, who: Actor) => `Bearer ${await tokenFor(config, who)}`;

/** Uploads `content` through the API and returns the reference a command carries. */
export async function upload(h: Pick<ApiHarness, 'app' | 'config'>, who: Actor, name: string, content = `document ${name}`): Promise<DocumentRef> {
  const res = await request(h.app)
    .post('/documents')
    .set('Authorization', await bearer(h.config, who))
    .set('Content-Type', 'application/pdf')
    .send(Buffer.from(content));
  if (res.status !== 201) throw new Error(`upload ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.body as Omit<DocumentRef, 'name'>), name: `${name}.pdf` };
}

/** A POST with a JSON body as the actor; returns the supertest response. */
export async function post(h: Pick<ApiHarness, 'app' | 'config'>, who: Actor, url: string, body: unknown = {}, headers: Record<string, string> = {}) {
  return request(h.app).post(url).set('Authorization', await bearer(h.config, who)).set(headers).send(body as object);
}

export async function get(h: Pick<ApiHarness, 'app' | 'config'>, who: Actor, url: string) {
  return request(h.app).get(url).set('Authorization', await bearer(h.config, who));
}
