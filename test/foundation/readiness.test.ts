import path from 'node:path';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { temporalReadiness } from '../../api/health.routes';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { createLazyClient } from '../../runtime/temporal';
import { temporalCliPath } from '../../runtime/tools';
import { createWorker } from '../../worker';
import { freePort, memoryLogger, tempDir, testConfig, waitFor, workflowBundle } from './helpers';

/*
 * /healthz and /readyz against a real dev server (no mock of Temporal): not ready while no
 * worker polls the task queue, ready once one does; and a clear reason when the namespace is
 * missing or Temporal cannot be reached.
 */
const TASK_QUEUE = 'foundation-readiness';
const { logger } = memoryLogger('silent');
let server: DevServer;
let port: number;

beforeAll(async () => {
  port = await freePort();
  server = await startDevServer({
    cliPath: temporalCliPath(),
    dbFilename: path.join(tempDir('readyz'), 'temporal.sqlite'),
    port,
    namespace: 'default',
    logger,
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

function appFor(env: Record<string, string>) {
  const config = testConfig({ EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: TASK_QUEUE, ...env });
  const client = createLazyClient(config.temporal);
  const app = buildApp({
    logger,
    readiness: temporalReadiness({ client, namespace: config.temporal.namespace, taskQueue: TASK_QUEUE, logger, timeoutMs: 2000 }),
  });
  return { app, client, config };
}

it('answers /readyz 503 before a worker polls the task queue and 200 after', async () => {
  const { app, client, config } = appFor({});
  await request(app).get('/healthz').expect(200, { status: 'ok' });

  const before = await request(app).get('/readyz').expect(503);
  expect(before.body).toMatchObject({ status: 'not_ready', checks: { temporal: 'ok', namespace: 'ok', worker: 'none' } });
  expect(before.body.reason).toContain(TASK_QUEUE);

  const { worker, connection } = await createWorker({ config, logger, workflowBundle: await workflowBundle() });
  await worker.runUntil(async () => {
    const after = await waitFor('readyz 200', async () => {
      const res = await request(app).get('/readyz');
      return res.status === 200 ? res : undefined;
    });
    expect(after.body).toEqual({ status: 'ready', checks: { temporal: 'ok', namespace: 'ok', worker: 'ok' } });
    expect(after.headers['cache-control']).toBe('no-store');
  });
  await connection.close();
  await client.connection.close();
}, 60_000);

it('names a missing namespace', async () => {
  const { app, client } = appFor({ TEMPORAL_NAMESPACE: 'no-such-namespace' });
  const res = await request(app).get('/readyz').expect(503);
  expect(res.body).toMatchObject({ status: 'not_ready', checks: { temporal: 'ok', namespace: 'missing' } });
  expect(res.body.reason).toContain('no-such-namespace');
  await client.connection.close();
}, 30_000);

it('says Temporal is unreachable, quickly, when nothing listens', async () => {
  const closedPort = await freePort();
  const { app } = appFor({ EMBEDDED_TEMPORAL_PORT: String(closedPort) });
  const began = Date.now();
  const res = await request(app).get('/readyz').expect(503);
  expect(res.body).toMatchObject({ status: 'not_ready', checks: { temporal: 'unreachable' } });
  expect(res.body.reason).toMatch(/unreachable/);
  expect(Date.now() - began).toBeLessThan(5000);
  // /healthz stays up: the process is alive even when Temporal is not.
  await request(app).get('/healthz').expect(200);
}, 30_000);
