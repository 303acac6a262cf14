import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import type { DevServer } from '../../runtime/dev-server';
import { bundledBeside, createWorker } from '../../worker';
import type { selfCheck } from '../../workflows/self-check.workflow';
import { devServerOnFreePort, memoryLogger, tempDir, testConfig, waitFor } from './helpers';

/*
 * The worker runs a prebuilt workflow bundle instead of bundling at start: written here by
 * scripts/build-workflow-bundle.ts itself into a temporary folder, named by WORKFLOW_BUNDLE_PATH,
 * and run against a real dev server. The worker checks it against the files it was built from
 * and sets its workflow threads' heap limit apart from the main thread's.
 */
const ROOT = path.join(__dirname, '..', '..');
const TASK_QUEUE = 'foundation-prebuilt-bundle';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const MiB = 2 ** 20;

let server: DevServer;
let port: number;
let bundle: string;

beforeAll(async () => {
  bundle = path.join(tempDir('prebuilt'), 'wb.js');
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/build-workflow-bundle.ts', '--out', bundle], { cwd: ROOT, stdio: 'pipe' });
  ({ server, port } = await devServerOnFreePort('prebuilt'));
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const inlineMap = (code: string) => {
  const at = code.lastIndexOf('//# sourceMappingURL=data:application/json;base64,');
  return JSON.parse(Buffer.from(code.slice(code.indexOf('base64,', at) + 7), 'base64').toString('utf8')) as Record<string, unknown[]>;
};

it('keeps the source map’s positions inline, as the SDK requires, and the sources’ text beside the bundle', () => {
  const code = readFileSync(bundle, 'utf8');
  const inline = inlineMap(code);
  const full = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as Record<string, unknown[]>;
  expect(inline.sourcesContent).toBeUndefined();
  expect(inline.sources).toEqual(full.sources);
  expect(inline.mappings).toEqual(full.mappings);
  expect(full.sourcesContent).toHaveLength(full.sources!.length);
  expect(inline.sources!.some((s) => String(s).endsWith('workflows/decision-procedure.workflow.ts'))).toBe(true);
  // The sources' text is most of the map the SDK's bundler inlined: what stays inline is less than half.
  const inlined = code.length - code.lastIndexOf('//# sourceMappingURL=');
  expect(inlined).toBeLessThan(Buffer.from(readFileSync(`${bundle}.map`)).toString('base64').length / 2);
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(bundle), 'wb.manifest.json'), 'utf8')) as { sha256: string; inputs: Record<string, string> };
  expect(manifest.sha256).toBe(sha256(readFileSync(bundle)));
  const workflowsIndex = path.relative(path.dirname(bundle), path.join(ROOT, 'workflows', 'index.ts')).split(path.sep).join('/');
  expect(manifest.inputs[workflowsIndex]).toBe(sha256(readFileSync(path.join(ROOT, 'workflows', 'index.ts'))));
  expect(Object.keys(manifest.inputs).some((input) => input.includes('node_modules/zod/'))).toBe(true);
});

it('the worker runs the bundle WORKFLOW_BUNDLE_PATH names, and gives its workflow thread the heap limit WORKER_WORKFLOW_HEAP_MB sets', async () => {
  const config = testConfig({ EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: TASK_QUEUE, WORKFLOW_BUNDLE_PATH: bundle, WORKER_WORKFLOW_HEAP_MB: '100', LOG_LEVEL: 'info' });
  const { logger, lines } = memoryLogger('info');
  const threadsBefore = process.report.getReport() as unknown as { workers: unknown[]; javascriptHeap: { memoryLimit: number } };
  const { worker, connection } = await createWorker({ config, logger });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  try {
    const result = await worker.runUntil(async () => {
      const report = process.report.getReport() as unknown as { workers: Array<{ javascriptHeap: { memoryLimit: number } }>; javascriptHeap: { memoryLimit: number } };
      // One workflow thread (WORKER_WORKFLOW_THREADS defaults to 1): old space 100 MiB plus V8's young generation.
      const threads = report.workers.slice(threadsBefore.workers.length).map((w) => w.javascriptHeap.memoryLimit / MiB);
      expect(threads).toHaveLength(1);
      expect(threads[0]).toBeGreaterThanOrEqual(100);
      expect(threads[0]).toBeLessThan(100 + 64);
      // The main thread keeps the limit it started with, and so do threads started afterwards.
      expect(report.javascriptHeap.memoryLimit).toBe(threadsBefore.javascriptHeap.memoryLimit);
      const later = new Thread('require("node:worker_threads").parentPort.postMessage(require("node:v8").getHeapStatistics().heap_size_limit)', { eval: true });
      const laterLimit = await new Promise<number>((resolve) => later.once('message', resolve));
      await later.terminate();
      expect(laterLimit).toBe(threadsBefore.javascriptHeap.memoryLimit);
      const client = new Client({ connection: clientConnection });
      // Stack traces of workflow code still name the TypeScript source: the positions stayed inline.
      const sleeping = await client.workflow.start<typeof selfCheck>('selfCheck', { taskQueue: TASK_QUEUE, workflowId: `prebuilt-day-${Date.now()}`, args: [{ sleep: '1 day' }] });
      const stack = await waitFor('a stack trace', async () => {
        const trace = await sleeping.query<string>('__stack_trace').catch(() => '');
        return trace.includes('self-check.workflow.ts') ? trace : undefined;
      });
      expect(stack).toMatch(/\(\S*workflows\/self-check\.workflow\.ts:\d+:\d+\)/);
      await sleeping.terminate('test done');
      return client.workflow.execute<typeof selfCheck>('selfCheck', { taskQueue: TASK_QUEUE, workflowId: `prebuilt-${Date.now()}`, args: [{ sleep: '1s' }] });
    });
    expect(result.sleptMs).toBeGreaterThanOrEqual(1000);
  } finally {
    await clientConnection.close();
    await connection.close();
  }
  const ran = lines().find((l) => l.bundle === bundle);
  expect(ran).toMatchObject({ sha256: sha256(readFileSync(bundle)) });
  expect(lines().find((l) => l.workflowThreadOldSpaceMb !== undefined)).toMatchObject({ workflowThreads: 1, workflowThreadOldSpaceMb: 100, maxCachedWorkflows: 50 });
  expect(lines().some((l) => l.bundle === 'built at start')).toBe(false);
}, 120_000);

it('refuses a bundle that is not the file its manifest describes, or whose sources changed since', async () => {
  const config = testConfig({ EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: TASK_QUEUE, WORKFLOW_BUNDLE_PATH: bundle });
  const { logger } = memoryLogger('silent');
  const manifestFile = path.join(path.dirname(bundle), 'wb.manifest.json');
  const manifest = readFileSync(manifestFile, 'utf8');
  const input = path.relative(path.dirname(bundle), path.join(ROOT, 'workflows', 'decision-procedure.workflow.ts')).split(path.sep).join('/');
  const parsed = JSON.parse(manifest) as { inputs: Record<string, string> };
  // As if the workflow's source had been edited after the bundle was built.
  writeFileSync(manifestFile, JSON.stringify({ ...parsed, inputs: { ...parsed.inputs, [input]: sha256(Buffer.from('an older version')) } }));
  await expect(createWorker({ config, logger })).rejects.toThrow(`the workflow bundle ${bundle} is stale: ${input} changed since the bundle was built`);
  writeFileSync(manifestFile, manifest);
  const code = readFileSync(bundle);
  writeFileSync(bundle, Buffer.concat([code, Buffer.from('\n')]));
  await expect(createWorker({ config, logger })).rejects.toThrow('wb.js is not the file its manifest describes');
  writeFileSync(bundle, code);
});

it('looks for a bundle beside the worker only when the worker is compiled JavaScript, never beside worker.ts', () => {
  const dir = tempDir('beside');
  writeFileSync(path.join(dir, 'workflow-bundle.js'), '');
  expect(bundledBeside(path.join(dir, 'worker.ts'))).toBeUndefined();
  expect(bundledBeside(path.join(dir, 'worker.js'))).toBe(path.join(dir, 'workflow-bundle.js'));
  expect(bundledBeside(path.join(tempDir('empty'), 'worker.js'))).toBeUndefined();
  // Under ts-jest, as under ts-node, the worker module is worker.ts: the tests never run dist/.
  expect(bundledBeside()).toBeUndefined();
});
