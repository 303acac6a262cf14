import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { historyFromText } from '../audit/history-json';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
(async () => {
  const h = historyFromText(readFileSync(process.argv[2] as string, 'utf8'));
  if (process.argv[4]) h.events = h.events?.slice(0, Number(process.argv[4]));
  const workflowBundle = await buildWorkflowBundle(quiet);
  try {
    await Worker.runReplayHistory({ workflowBundle }, h, process.argv[3]);
    console.log('replay ok');
  } catch (e) { console.log('replay failed', String(e).slice(0, 400)); }
  process.exit(0);
})();
