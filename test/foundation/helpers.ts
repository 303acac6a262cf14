import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { WorkflowBundle } from '@temporalio/worker';
import { loadConfig, type Config } from '../../runtime/config';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { createLogger, type AppLogger } from '../../runtime/logger';
import { temporalCliPath } from '../../runtime/tools';
import { buildWorkflowBundle } from '../../runtime/workflow-bundle';

/** A port nobody listens on right now, so tests never collide with an operator's dev server on 7233. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** n distinct free ports: every probe stays open until all are chosen, so the OS never hands one out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve((srv.address() as net.AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  }
}

export const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), `${prefix}-`));

/** A logger whose JSON lines the test can read back. */
export function memoryLogger(level: 'info' | 'debug' | 'silent' = 'info'): { logger: AppLogger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger(level, sink);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

/**
 * A validated configuration for an embedded server on test ports, from the same loader the service
 * uses. Tests send many bad tokens on purpose, so failed authentications are not rate-limited
 * unless a test sets AUTH_FAILURE_LIMIT (or the app's `authFailureRateLimit`) itself.
 */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ DATA_DIR: tempDir('data'), JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent', AUTH_FAILURE_LIMIT: '1000000', ...env });
}

/** A dev server of its own on a free port, with a fresh database, its logs dropped. */
export async function devServerOnFreePort(name: string): Promise<{ server: DevServer; port: number }> {
  const port = await freePort();
  const dbFilename = path.join(tempDir(`${name}-db`), 'temporal.sqlite');
  const server = await startDevServer({ cliPath: temporalCliPath(), dbFilename, port, namespace: 'default', logger: memoryLogger('silent').logger });
  return { server, port };
}

/** The workflow bundle of workflows/index.ts, built once per test file. */
let bundle: Promise<WorkflowBundle> | undefined;
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= buildWorkflowBundle();
  return bundle;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs one phase of a long test and, if it fails, names the phase and every detail of the
 * error: some errors (an AggregateError from a refused connection, a native error) carry an
 * empty message and a stack of internal frames only, which jest would print as nothing.
 */
export async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const describe = (e: unknown): string => {
      if (!(e instanceof Error)) return `thrown: ${String(e)}`;
      const code = (e as { code?: unknown }).code;
      const nested = e instanceof AggregateError ? ` [${e.errors.map(describe).join('; ')}]` : '';
      const cause = e.cause !== undefined ? ` (cause: ${describe(e.cause)})` : '';
      return `${e.name}${code !== undefined ? ` ${String(code)}` : ''}: ${e.message}${nested}${cause}`;
    };
    if (err instanceof Error && 'matcherResult' in err) throw err; // an expect() failure speaks for itself
    throw new Error(`${name} — ${describe(err)}`, { cause: err });
  }
}
