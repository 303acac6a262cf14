import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { devServerOnFreePort, tempDir, waitFor } from './helpers';

/*
 * The Docker image runs compiled JavaScript (`npm run build`, then `node dist/worker.js`). A path
 * that only exists in the sources (a `.ts` file, a loader tsc does not copy) breaks the image and
 * no ts-node test sees it: this one runs the build (dist/ is a build output, not committed),
 * which also bundles the workflows from dist/ into dist/workflow-bundle.js, and starts the
 * compiled worker against a dev server: it runs that bundle, found beside it, without bundling.
 */
const ROOT = path.join(__dirname, '..', '..');

it('`npm run build` writes the workflow bundle beside the compiled worker, which runs it as the image does', async () => {
  expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^RUN npm run build$/m);
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe' });
  const bundle = path.join(ROOT, 'dist', 'workflow-bundle.js');
  const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex');

  const { server, port } = await devServerOnFreePort('compiled');
  const env = { ...process.env, EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: 'foundation-compiled', DATA_DIR: tempDir('compiled-data'), JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'info', WORKFLOW_BUNDLE_PATH: '' };
  const worker = spawn(process.execPath, [path.join(ROOT, 'dist', 'worker.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  worker.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  worker.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  try {
    const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor(`the compiled worker to start (output so far: ${out.slice(-500)})`, async () => lines().find((l) => l.msg === 'Worker 已启动 / worker started'), 60_000);
    expect(lines().find((l) => typeof l.sha256 === 'string')).toMatchObject({ bundle, sha256 });
    expect(lines().some((l) => l.bundle === 'built at start')).toBe(false);
  } finally {
    worker.kill('SIGTERM');
    await exited;
    await server.stop();
  }
}, 240_000);
