import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { temporalCliPath } from '../../runtime/tools';
import { createWorker } from '../../worker';
import type { selfCheck } from '../../workflows/self-check.workflow';
import { freePort, freePorts, memoryLogger, phase, tempDir, testConfig, workflowBundle } from './helpers';

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
  const [port, uiPort] = (await freePorts(2)) as [number, number];
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

  const first = await phase('first start', () => start(dbFilename, port, uiPort));
  expect(first.address).toBe(config.temporal.address);

  // The Web UI is served.
  const ui = await phase('Web UI', () => fetch(first.uiUrl!));
  expect(ui.status).toBe(200);

  // The namespace exists and carries every project search attribute with its type.
  let connection = await phase('connect', () => Connection.connect({ address: first.address }));
  const { customAttributes } = await phase('list search attributes', () =>
    connection.operatorService.listSearchAttributes({ namespace: NAMESPACE }),
  );
  for (const key of Object.values(SEARCH_ATTRIBUTES)) {
    expect([key.name, customAttributes?.[key.name]]).toEqual([key.name, encodeSearchAttributeIndexedValueType(key.type)]);
  }

  // A worker built by worker.ts runs the self-check workflow to completion.
  const { logger } = memoryLogger('silent');
  const bundle = await phase('bundle', () => workflowBundle());
  const { worker, connection: workerConnection } = await phase('create worker', () =>
    createWorker({ config, logger, workflowBundle: bundle }),
  );
  let client = new Client({ connection, namespace: NAMESPACE });
  const workflowId = `restart-${Date.now()}`;
  const result = await phase('run self-check', () =>
    worker.runUntil(
      client.workflow.execute<typeof selfCheck>('selfCheck', { taskQueue: TASK_QUEUE, workflowId, args: [{ sleep: '1s' }] }),
    ),
  );
  expect(result.workflowId).toBe(workflowId);
  expect(result.sleptMs).toBeGreaterThanOrEqual(1000);
  await phase('close connections', async () => {
    await workerConnection.close();
    await connection.close();
  });

  // Stop: the server process is gone.
  const firstPid = first.pid;
  await phase('stop', () => first.stop());
  server = undefined;
  expect(isAlive(firstPid)).toBe(false);

  // Start again on the same file: the completed workflow and its result are still there.
  const second = await phase('second start', () => start(dbFilename, port));
  expect(second.pid).not.toBe(firstPid);
  connection = await phase('reconnect', () => Connection.connect({ address: second.address }));
  client = new Client({ connection, namespace: NAMESPACE });
  const handle = client.workflow.getHandle<typeof selfCheck>(workflowId);
  expect((await phase('describe after restart', () => handle.describe())).status.name).toBe('COMPLETED');
  expect(await phase('result after restart', () => handle.result())).toEqual(result);
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
