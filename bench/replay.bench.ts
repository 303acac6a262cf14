/**
 * replay_per_s_per_core and replay_ratio: the newest committed standard procedure history
 * (test/replay/histories/standard-procedure-v*.json) replayed on the service's workflow bundle,
 * and a bare history of the same event count (bench/histories/bare-<events>.json, recorded by
 * bench/bare-history.ts) replayed on the bare bundle, in the same process, each under distinct
 * workflow IDs; in rounds (≥ 3), each a batch of each side in alternating order. A batch's
 * figure is histories per CPU-second of this process (every thread: the SDK's core and the
 * workflow threads), counted from its first finished history on, so creating the replay worker
 * is left out; the medians across rounds are reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { historyFromObject } from '../test/replay/history-file';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { createLogger } from '../runtime/logger';
import { installSdkLogging } from '../worker';
import { bareHistoryFile, newestProcedureHistory } from './bare-history';
import { bundle, median, round } from './stack';

type History = temporal.api.history.v1.IHistory;

export interface ReplayBatch {
  round: number;
  side: 'procedure' | 'bare';
  /** Counted: the batch's histories less the first. */
  histories: number;
  failures: number;
  cpu_s: number;
  wall_s: number;
  per_s_per_core: number;
}

export interface ReplayFigures {
  replay_rounds: number;
  /** Histories counted per side, all rounds. */
  replay_histories: number;
  replay_failures: number;
  bare_replay_failures: number;
  replay_cpu_s: number;
  bare_replay_cpu_s: number;
  /** Medians across rounds. */
  replay_per_s_per_core: number;
  bare_replay_per_s_per_core: number;
  replay_ratio: number;
  procedure_history: string;
  bare_history: string;
  events_per_procedure: number;
  bare_history_events: number;
  batches: ReplayBatch[];
}

async function batch(workflowBundle: WorkflowBundle, history: History, count: number, tag: string): Promise<Omit<ReplayBatch, 'round' | 'side'>> {
  async function* histories() {
    for (let i = 0; i < count; i++) yield { workflowId: `${tag}-${i}`, history };
  }
  let failures = 0;
  let seen = 0;
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: tag }, histories())) {
    if (r.error) failures += 1;
    if (++seen === 1) {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { histories: count - 1, failures, cpu_s: round(cpuS, 3), wall_s: round((performance.now() - t0) / 1000, 3), per_s_per_core: round((count - 1) / cpuS) };
}

const load = (file: string) => historyFromObject(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);

/** `count` histories per side, over `rounds` rounds. */
export async function replayBench(count = 1000, rounds = 3, file = newestProcedureHistory()): Promise<ReplayFigures> {
  installSdkLogging(createLogger('silent'));
  const procedure = load(path.join(__dirname, '..', 'test', 'replay', 'histories', file));
  const events = procedure.events?.length ?? 0;
  const bareFile = bareHistoryFile(events);
  if (!existsSync(bareFile)) throw new Error(`no bare history of ${events} events: run \`npx ts-node --transpile-only bench/bare-history.ts ${file}\``);
  const bare = load(bareFile);
  const sides = { procedure: { bundle: await buildWorkflowBundle(), history: procedure }, bare: { bundle: await bundle('bare'), history: bare } };
  const perBatch = Math.max(2, Math.ceil(count / rounds) + 1);
  // Warm-up: each bundle loaded and its code compiled once before anything is timed.
  for (const [side, s] of Object.entries(sides)) await batch(s.bundle, s.history, 3, `warm-${side}`);
  const batches: ReplayBatch[] = [];
  for (let r = 0; r < rounds; r++) {
    const order: Array<'procedure' | 'bare'> = r % 2 === 0 ? ['procedure', 'bare'] : ['bare', 'procedure'];
    for (const side of order) batches.push({ round: r, side, ...(await batch(sides[side].bundle, sides[side].history, perBatch, `bench-replay-${side}-${r}`)) });
  }
  const of = (side: ReplayBatch['side']) => batches.filter((b) => b.side === side);
  const sum = (bs: ReplayBatch[], k: 'histories' | 'failures' | 'cpu_s') => bs.reduce((s, b) => s + b[k], 0);
  const perCore = median(of('procedure').map((b) => b.per_s_per_core));
  const barePerCore = median(of('bare').map((b) => b.per_s_per_core));
  return {
    replay_rounds: rounds,
    replay_histories: sum(of('procedure'), 'histories'),
    replay_failures: sum(of('procedure'), 'failures'),
    bare_replay_failures: sum(of('bare'), 'failures'),
    replay_cpu_s: round(sum(of('procedure'), 'cpu_s')),
    bare_replay_cpu_s: round(sum(of('bare'), 'cpu_s')),
    replay_per_s_per_core: round(perCore),
    bare_replay_per_s_per_core: round(barePerCore),
    replay_ratio: round(perCore / barePerCore, 3),
    procedure_history: `test/replay/histories/${file}`,
    bare_history: path.relative(path.join(__dirname, '..'), bareFile),
    events_per_procedure: events,
    bare_history_events: bare.events?.length ?? 0,
    batches,
  };
}

if (require.main === module) {
  replayBench(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 3))
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
