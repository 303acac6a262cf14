/**
 * Container health checks for docker-compose, reading the same environment as the service:
 *
 *   node dist/scripts/healthcheck.js api      GET /readyz of this container's API answers 200
 *   node dist/scripts/healthcheck.js worker   this container's worker has polled its task queue lately
 *
 * Exit status 0 = healthy; otherwise the reason is printed.
 */
import { hostname } from 'node:os';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../runtime/config';
import { recentWorkflowPollers } from '../runtime/task-queue';
import { connectionOptions } from '../runtime/temporal';

async function api(): Promise<string | undefined> {
  const { http } = loadConfig();
  const host = http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host;
  const res = await fetch(`http://${host}:${http.port}/readyz`, { signal: AbortSignal.timeout(8000) });
  return res.status === 200 ? undefined : `readyz ${res.status}: ${await res.text()}`;
}

/** The SDK names a worker `pid@hostname`; the container's hostname tells our worker from the others. */
async function worker(): Promise<string | undefined> {
  const { temporal } = loadConfig();
  const connection = await Connection.connect({ ...connectionOptions(temporal), connectTimeout: 5000 });
  try {
    const pollers = await recentWorkflowPollers(connection.workflowService, temporal.namespace, temporal.taskQueue);
    const me = `@${hostname()}`;
    const mine = pollers.filter((identity) => identity.endsWith(me));
    return mine.length > 0 ? undefined : `no recent poll from ${me} on task queue ${temporal.taskQueue}`;
  } finally {
    await connection.close();
  }
}

const checks: Record<string, () => Promise<string | undefined>> = { api, worker };
const check = checks[process.argv[2] ?? ''];
if (!check) {
  console.error('usage: healthcheck api|worker');
  process.exit(2);
}
check().then(
  (problem) => {
    if (problem) console.error(`unhealthy: ${problem}`);
    process.exit(problem ? 1 : 0);
  },
  (err: unknown) => {
    console.error(`unhealthy: ${String(err)}`);
    process.exit(1);
  },
);
