/**
 * Records the history of a standard full procedure (and of a refused-then-notified
 * one) on the time-skipping server, into test/replay/histories/, for CI to replay
 * against every later version of the workflow code (ARCHITECTURE decision 7).
 *
 *   npx ts-node --transpile-only scripts/record-history.ts <name>
 *
 * Record a new file whenever a release changes the workflow; never edit old ones.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToObject } from '../test/replay/history-file';
import { actors, fullStart } from '../test/support/fixtures';
import { command, refusal, startProcedureWorkflow } from '../test/support/procedure-client';
import { driveStandardProcedure } from '../test/support/standard-procedure';
import { reportRefusalSignal } from '../workflows/messages';
import { startWorker, timeSkippingEnv } from '../test/support/temporal-env';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) throw new Error('usage: record-history.ts <name>');
  const env = await timeSkippingEnv();
  const { worker, run } = await startWorker(env);
  try {
    const dir = path.join(__dirname, '..', 'test', 'replay', 'histories');
    const h = await driveStandardProcedure(env, `replay-${name}`);
    await h.result();
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(historyToObject(await h.fetchHistory()), null, 1));

    // A refusal reported, recorded (in the memo) and notified.
    const r = await startProcedureWorkflow(env.client, fullStart(`replay-refusal-${name}`), actors.organ);
    const refused = await refusal(command(r, 'submitToDiscussion', actors.sponsor, {}));
    await r.signal(reportRefusalSignal, { actor: actors.sponsor, command: 'submitToDiscussion', missing: refused.details.missing });
    for (let i = 0; i < 100 && !(await r.fetchHistory()).events?.some((e) => e.workflowPropertiesModifiedEventAttributes); i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    writeFileSync(path.join(dir, `${name}-refusal.json`), JSON.stringify(historyToObject(await r.fetchHistory()), null, 1));
    console.log(`wrote ${name}.json and ${name}-refusal.json in ${dir}`);
  } finally {
    worker.shutdown();
    await run;
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
