/**
 * One side of the replay benchmark alone, for a CPU profile (bench/RESULTS.md, replay_ratio):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/rprof/procedure -r ts-node/register/transpile-only bench/replay-profile.ts procedure 150
 *   node --cpu-prof --cpu-prof-dir=/tmp/rprof/bare -r ts-node/register/transpile-only bench/replay-profile.ts bare 150
 *   npx ts-node --transpile-only bench/profile-inclusive.ts /tmp/rprof/procedure/*.cpuprofile
 *
 * Prints the CPU per history (the whole process: the replay runs in it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromObject } from '../test/replay/history-file';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { createLogger } from '../runtime/logger';
import { installSdkLogging } from '../worker';
import { bareHistoryFile, newestProcedureHistory } from './bare-history';
import { bundle } from './stack';

async function main(): Promise<void> {
  const side = process.argv[2] === 'bare' ? 'bare' : 'procedure';
  const n = Number(process.argv[3] ?? 150);
  installSdkLogging(createLogger('silent'));
  const procedureFile = path.join(__dirname, '..', 'test', 'replay', 'histories', newestProcedureHistory());
  const procedure = historyFromObject(JSON.parse(readFileSync(procedureFile, 'utf8')) as Record<string, unknown>);
  const file = side === 'procedure' ? procedureFile : bareHistoryFile(procedure.events?.length ?? 0);
  const history = side === 'procedure' ? procedure : historyFromObject(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  const workflowBundle = side === 'procedure' ? await buildWorkflowBundle() : await bundle('bare');
  async function* histories(count: number, tag: string) {
    for (let i = 0; i < count; i++) yield { workflowId: `${tag}-${i}`, history };
  }
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'warm' }, histories(5, 'warm'))) if (r.error) throw r.error;
  const cpu0 = process.cpuUsage();
  let failures = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'profiled' }, histories(n, 'profiled'))) if (r.error) failures++;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ side, history: path.relative(process.cwd(), file), histories: n, failures, cpu_ms_per_history: Math.round((cpu.user + cpu.system) / 100 / n) / 10 }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
