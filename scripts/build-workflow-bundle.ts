/**
 * Writes the workflow bundle the worker runs, so it does not bundle at start:
 *
 *   npm run build                                   # tsc, then this: dist/workflow-bundle.js
 *   node dist/scripts/build-workflow-bundle.js [--out FILE]
 *   npm run -s build-workflow-bundle -- [--out FILE]   # from the sources, under ts-node
 *
 * Writes FILE (default: dist/workflow-bundle.js, beside the compiled worker, which runs it
 * without being told), FILE.map (the full source map) and the manifest the worker checks the
 * bundle against (runtime/workflow-bundle.ts). Elsewhere, the worker runs it with
 * WORKFLOW_BUNDLE_PATH=FILE. Compiled, it bundles dist/workflows/ as the image's worker runs it;
 * under ts-node, the TypeScript sources.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PREBUILT_BUNDLE_FILE, writeWorkflowBundle } from '../runtime/workflow-bundle';

// Compiled, this file is dist/scripts/build-workflow-bundle.js and dist/ holds the worker.
const DIST = path.extname(__filename) === '.js' ? path.join(__dirname, '..') : path.join(__dirname, '..', 'dist');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(DIST, PREBUILT_BUNDLE_FILE) } } });
  const started = Date.now();
  const { codePath, sha256 } = await writeWorkflowBundle(path.resolve(values.out));
  console.log(`workflow bundle ${codePath} sha256 ${sha256} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
