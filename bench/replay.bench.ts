/**
 * replay_per_s_per_core: recorded full-procedure histories replayed per second
 * per core of CPU time, over at least 1,000 histories (the committed standard
 * procedure history, under distinct workflow IDs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromObject } from '../test/replay/history-file';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';

export interface ReplayFigures {
  replay_histories: number;
  replay_failures: number;
  replay_wall_s: number;
  replay_cpu_s: number;
  replay_per_s_per_core: number;
  events_per_procedure: number;
}

export async function replayBench(count = 1000, file = 'standard-procedure-v5.json'): Promise<ReplayFigures> {
  const raw = JSON.parse(readFileSync(path.join(__dirname, '..', 'test', 'replay', 'histories', file), 'utf8')) as Record<string, unknown>;
  const history = historyFromObject(raw);
  const workflowBundle = await buildWorkflowBundle();
  async function* histories() {
    for (let i = 0; i < count; i++) yield { workflowId: `bench-replay-${i}`, history };
  }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let failures = 0;
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'bench' }, histories())) {
    if (r.error) failures += 1;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    replay_histories: count,
    replay_failures: failures,
    replay_wall_s: round(wall),
    replay_cpu_s: round(cpuS),
    replay_per_s_per_core: round(count / cpuS),
    events_per_procedure: history.events?.length ?? 0,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

if (require.main === module) {
  replayBench(Number(process.argv[2] ?? 1000))
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
