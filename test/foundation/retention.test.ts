import path from 'node:path';
import { Connection } from '@temporalio/client';
import { startDevServer } from '../../runtime/dev-server';
import { HISTORY_RETENTION_DAYS } from '../../runtime/search-attributes';
import { temporalCliPath } from '../../runtime/tools';
import { freePort, memoryLogger, tempDir } from './helpers';

it('R-66: the embedded server keeps closed procedures\' histories for ten years, not its default one day', async () => {
  const server = await startDevServer({
    cliPath: temporalCliPath(),
    dbFilename: path.join(tempDir('retention'), 'temporal.sqlite'),
    port: await freePort(),
    namespace: 'default',
    logger: memoryLogger('silent').logger,
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(HISTORY_RETENTION_DAYS * 86_400);
  } finally {
    await connection.close();
    await server.stop();
  }
}, 90_000);
