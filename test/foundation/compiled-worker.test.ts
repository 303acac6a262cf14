import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The Docker image runs compiled JavaScript (`npm run build`, then `node dist/worker.js`), and the
 * worker bundles the workflows at start from dist/. A path that only exists in the sources (a
 * `.ts` file, a loader tsc does not copy) breaks the image and no ts-node test sees it: this one
 * runs the build (dist/ is a build output, not committed) and bundles the workflows from it, as
 * the image's worker does.
 */
const ROOT = path.join(__dirname, '..', '..');

it('the Dockerfile builds with `npm run build`, whose output bundles the workflows as the image worker does', () => {
  expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^RUN npm run build$/m);
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe' });
  const script = `
    require('./dist/runtime/workflow-bundle.js').buildWorkflowBundle()
      .then((b) => { console.log(b.code.length); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`;
  const size = Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim());
  expect(size).toBeGreaterThan(100_000);
}, 180_000);
