import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { temporalCliPath } from '../../runtime/tools';
import { freePort, waitFor } from './helpers';

/*
 * docker-compose's `temporal-setup` job, run for real: its shell script, with the installed
 * Temporal CLI in place of the admin-tools image, against a bare dev server that knows none of
 * the project's search attributes. Run twice: the second run must change nothing and succeed.
 */
const ROOT = path.resolve(__dirname, '../..');
const NAMESPACE = 'compose-setup-check';

it('creates the namespace and registers every search attribute, idempotently', async () => {
  const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { command: string[] }>;
  };
  // Compose turns `$$` into a literal `$` before the shell sees it.
  const script = compose.services['temporal-setup']!.command[0]!.replace(/\$\$/g, '$');

  const port = await freePort();
  const cli = temporalCliPath();
  const server = spawn(cli, ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'], {
    stdio: 'ignore',
  });
  const address = `127.0.0.1:${port}`;
  try {
    const connection = await waitFor('the bare dev server', () =>
      Connection.connect({ address, connectTimeout: 1000 }).catch(() => undefined),
    );
    const env = { ...process.env, PATH: `${path.dirname(cli)}:${process.env.PATH}`, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: NAMESPACE };
    for (const run of [1, 2]) {
      const result = spawnSync('sh', ['-c', script], { env, encoding: 'utf8', timeout: 60_000 });
      expect([run, result.status, result.stderr]).toEqual([run, 0, '']);
      expect(result.stdout).toContain(`namespace ${NAMESPACE} ready`);
    }
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
    for (const key of Object.values(SEARCH_ATTRIBUTES)) {
      expect([key.name, customAttributes?.[key.name]]).toEqual([key.name, encodeSearchAttributeIndexedValueType(key.type)]);
    }
    await connection.close();
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }
}, 120_000);
