import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { loadConfig, type Config } from '../../runtime/config';
import { createLogger, type AppLogger } from '../../runtime/logger';

/** A port nobody listens on right now, so tests never collide with an operator's dev server on 7233. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
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

/** A validated configuration for an embedded server on test ports, from the same loader the service uses. */
export function testConfig(env: Record<string, string>): Config {
  return loadConfig({ DATA_DIR: tempDir('data'), JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent', ...env });
}

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The workflow bundle of workflows/index.ts, built once per test file. */
let bundle: Promise<WorkflowBundle> | undefined;
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
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
