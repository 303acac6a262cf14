import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { temporalCliPath } from '../../runtime/tools';
import { createWorker } from '../../worker';
import type { selfCheck } from '../../workflows/self-check.workflow';
import { freePort, memoryLogger, tempDir, testConfig, workflowBundle } from './helpers';

/*
 * The embedded default end to end: the dev server from the installed binary, a real worker,
 * a workflow to completion, then the server stopped and started again on the same SQLite
 * file — and the completed workflow is still there.
 */
const NAMESPACE = 'foundation-test';
const TASK_QUEUE = 'foundation-dev-server';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let server: DevServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(dbFilename: string, port: number, uiPort?: number): Promise<DevServer> {
  server = await startDevServer({
    cliPath: temporalCliPath(),
    dbFilename,
    port,
    ...(uiPort !== undefined ? { uiPort } : {}),
    namespace: NAMESPACE,
    logger: memoryLogger('silent').logger,
  });
  return server;
}

it('runs a workflow on the embedded dev server, and the workflow survives a server restart', async () => {
  const [port, uiPort] = [await freePort(), await freePort()];
  const dataDir = tempDir('devserver');
  const dbFilename = path.join(dataDir, 'temporal.sqlite');
  const config = testConfig({
    DATA_DIR: dataDir,
    EMBEDDED_TEMPORAL_PORT: String(port),
    EMBEDDED_TEMPORAL_UI_PORT: String(uiPort),
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  });
  expect(config.temporal.mode === 'embedded' && config.temporal.embedded.dbFilename).toBe(dbFilename);

  const first = await start(dbFilename, port, uiPort);
  expect(first.address).toBe(config.temporal.address);

  // The Web UI is served.
  const ui = await fetch(first.uiUrl!);
  expect(ui.status).toBe(200);

  // The namespace exists and carries every project search attribute with its type.
  let connection = await Connection.connect({ address: first.address });
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
  for (const key of Object.values(SEARCH_ATTRIBUTES)) {
    expect([key.name, customAttributes?.[key.name]]).toEqual([key.name, encodeSearchAttributeIndexedValueType(key.type)]);
  }

  // A worker built by worker.ts runs the self-check workflow to completion.
  const { logger } = memoryLogger('silent');
  const { worker, connection: workerConnection } = await createWorker({ config, logger, workflowBundle: await workflowBundle() });
  let client = new Client({ connection, namespace: NAMESPACE });
  const workflowId = `restart-${Date.now()}`;
  const result = await worker.runUntil(
    client.workflow.execute<typeof selfCheck>('selfCheck', { taskQueue: TASK_QUEUE, workflowId, args: [{ sleep: '1s' }] }),
  );
  expect(result.workflowId).toBe(workflowId);
  expect(result.sleptMs).toBeGreaterThanOrEqual(1000);
  await workerConnection.close();
  await connection.close();

  // Stop: the server process is gone.
  const firstPid = first.pid;
  await first.stop();
  server = undefined;
  expect(isAlive(firstPid)).toBe(false);

  // Start again on the same file: the completed workflow and its result are still there.
  const second = await start(dbFilename, port);
  expect(second.pid).not.toBe(firstPid);
  connection = await Connection.connect({ address: second.address });
  client = new Client({ connection, namespace: NAMESPACE });
  const handle = client.workflow.getHandle<typeof selfCheck>(workflowId);
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  expect(await handle.result()).toEqual(result);
  await connection.close();
}, 120_000);

it('refuses to start on a port that is already taken, naming it', async () => {
  const port = await freePort();
  const first = await start(path.join(tempDir('devserver'), 'a.sqlite'), port);
  await expect(
    startDevServer({
      cliPath: temporalCliPath(),
      dbFilename: path.join(tempDir('devserver'), 'b.sqlite'),
      port,
      namespace: NAMESPACE,
      logger: memoryLogger('silent').logger,
    }),
  ).rejects.toThrow(new RegExp(`${port}`));
  expect(isAlive(first.pid)).toBe(true);
}, 60_000);
