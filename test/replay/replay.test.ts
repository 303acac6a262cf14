import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/temporal-env';
import { historyFromObject } from './history-file';

/**
 * Every committed history (test/replay/histories/, recorded by
 * scripts/record-history.ts) must replay on the current workflow code:
 * a change that would break running procedures fails here (ARCHITECTURE decision 7).
 */
const dir = path.join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

it('committed histories exist', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

it.each(files)('replays %s without nondeterminism', async (file) => {
  const history = historyFromObject(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
});
