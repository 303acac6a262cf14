/**
 * `npm run bench -- [--n 200] [--rounds 3] [--concurrency C] [--in-flight F] [--replay 1000] [--memory 10000]
 *   [--day-ms 5] [--only e2e,replay,memory] [--out DIR]`
 * Runs the benchmarks, prints the figures and writes them, with the date and the machine's cores
 * and memory, to DIR/results.json and DIR/RESULTS.md (DIR: bench/, the committed figures).
 *  - e2e (bench/e2e.bench.ts): N procedures and N bare workflows per phase, through the same
 *    HTTP API, `--rounds` rounds of both sides in alternating order: latency phases at
 *    `--concurrency` in flight (or the largest of a ladder at which the bare side is not
 *    saturated), throughput phases at `--in-flight` (default N).
 *  - replay (bench/replay.bench.ts): `--replay` histories of each side, procedure and bare of the
 *    same event count, over `--rounds` rounds in one process.
 *  - memory (bench/memory-list.bench.ts): `--memory` procedures open, the worker's RSS, lists.
 * The headline keys are at the top level of results.json; `parts` keeps each part's figures with
 * the date and command that produced them (a part not run keeps its previous ones).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eBench, type E2eFigures } from './e2e.bench';
import { memoryListBench, type MemoryListFigures } from './memory-list.bench';
import { replayBench, type ReplayFigures } from './replay.bench';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const log = (s: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

async function main() {
  const n = Number(arg('n', '200'));
  const replayCount = Number(arg('replay', '1000'));
  const memoryCount = Number(arg('memory', '10000'));
  const dayMs = Number(arg('day-ms', '5'));
  const rounds = Number(arg('rounds', '3'));
  const concurrency = arg('concurrency', '') === '' ? undefined : Number(arg('concurrency', ''));
  const inFlight = arg('in-flight', '') === '' ? undefined : Number(arg('in-flight', ''));
  const only = arg('only', 'e2e,replay,memory').split(',');
  const outDir = path.resolve(arg('out', __dirname));
  // The settings that change the figures are part of the command that reproduces them.
  const settings = ['WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_WORKFLOW_HEAP_MB', 'WORKER_WORKFLOW_THREADS', 'MALLOC_ARENA_MAX', 'BENCH_WORKER_NODE_ARGS']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${/\s/.test(process.env[k] ?? '') ? `'${process.env[k]}'` : process.env[k]}`);
  const command = [...settings, `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim()].join(' ');
  const machine = { cores: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? '?', memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  log(`machine: ${JSON.stringify(machine)}`);

  let replay: ReplayFigures | undefined;
  let e2e: E2eFigures | undefined;
  let memory: MemoryListFigures | undefined;
  if (only.includes('replay')) {
    log(`replay of ${replayCount} histories`);
    replay = await replayBench(replayCount, rounds);
    log(JSON.stringify(replay));
  }
  if (only.includes('e2e')) {
    log(`e2e, N=${n}`);
    e2e = await e2eBench({ n, dayMs, rounds, ...(concurrency !== undefined ? { concurrency } : {}), ...(inFlight !== undefined ? { throughputConcurrency: inFlight } : {}), log });
    const { phases: _phases, ...headline } = e2e;
    log(JSON.stringify(headline));
  }
  if (only.includes('memory')) {
    log(`memory/list with ${memoryCount} procedures open`);
    memory = await memoryListBench(memoryCount, log);
    log(JSON.stringify(memory));
  }

  // Parts not run this time (--only) keep their figures from the previous results.json,
  // each part with the date and command that produced it.
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  const previousFile = existsSync(file) ? file : path.join(__dirname, 'results.json');
  type Part = { date: string; command: string; figures: unknown };
  const previous = (existsSync(previousFile) ? JSON.parse(readFileSync(previousFile, 'utf8')) : {}) as { parts?: Record<string, Part> };
  const date = new Date().toISOString();
  const parts: Record<string, Part> = { ...(previous.parts ?? {}) };
  if (replay) parts.replay = { date, command, figures: replay };
  if (e2e) parts.e2e = { date, command, figures: e2e };
  if (memory) parts.memory = { date, command, figures: memory };
  // A part measured before a key existed has no figure for it: null.
  const r = parts.replay?.figures as Partial<ReplayFigures> | undefined;
  const e = parts.e2e?.figures as (Partial<E2eFigures> & { events_per_procedure_run?: number }) | undefined;
  const m = parts.memory?.figures as MemoryListFigures | undefined;
  const at10k = m !== undefined && m.memory_procedures >= 10_000;
  const results: Results = {
    date,
    command,
    machine,
    events_per_procedure: e?.events_per_procedure_run ?? r?.events_per_procedure ?? null,
    events_per_procedure_total: e?.events_per_procedure_total ?? null,
    bare_events_per_workflow: e?.bare_events_per_workflow ?? null,
    events_ratio: e?.events_ratio ?? null,
    replay_per_s_per_core: r?.replay_per_s_per_core ?? null,
    bare_replay_per_s_per_core: r?.bare_replay_per_s_per_core ?? null,
    replay_ratio: r?.replay_ratio ?? null,
    e2e_ratio: e?.e2e_ratio ?? null,
    e2e_ratio_below_saturation: e?.e2e_ratio_below_saturation ?? null,
    e2e_throughput_concurrency: e?.e2e_throughput_concurrency ?? null,
    e2e_procedures_per_s: e?.e2e_procedures_per_s ?? null,
    bare_workflows_per_s: e?.bare_workflows_per_s ?? null,
    step_p50_ratio: e?.step_p50_ratio ?? null,
    step_p99_ratio: e?.step_p99_ratio ?? null,
    step_p50_ms: e?.step_p50_ms ?? null,
    step_p99_ms: e?.step_p99_ms ?? null,
    bare_update_p50_ms: e?.bare_update_p50_ms ?? null,
    bare_update_p99_ms: e?.bare_update_p99_ms ?? null,
    server_cpu_s_per_procedure: e?.server_cpu_s_per_procedure ?? null,
    node_cpu_s_per_procedure: e?.node_cpu_s_per_procedure ?? null,
    bare_server_cpu_s_per_workflow: e?.bare_server_cpu_s_per_workflow ?? null,
    bare_node_cpu_s_per_workflow: e?.bare_node_cpu_s_per_workflow ?? null,
    bare_concurrency: e?.bare_concurrency ?? null,
    bare_saturation_note: e?.bare_saturation_note ?? null,
    worker_rss_mb_10k: m && at10k ? m.worker_rss_mb : null,
    list_first_page_ms_10k: m && at10k ? (m.list_first_page_ms ?? null) : null,
    list_all_10k_ms: m && at10k ? (m.list_all_ms ?? m.list_ms) : null,
    open_10k_s: m && at10k ? m.open_wall_s : null,
    notes: m && !at10k ? [`memory/list measured with ${m.memory_procedures} procedures open, not 10,000: the *_10k keys are null; see parts.memory`] : [],
    parts,
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'RESULTS.md'), resultsMarkdown(results));
  log(`wrote ${path.relative(process.cwd(), file)} and RESULTS.md beside it`);
}

type Results = {
  date: string;
  machine: Record<string, unknown>;
  notes: string[];
  parts: Record<string, { date: string; command: string; figures: unknown }>;
} & Record<string, unknown>;

/** bench/RESULTS.md: every figure with the command that produced it, then bench/analysis.md (where the time and memory go). */
function resultsMarkdown(r: Results): string {
  const rows: Array<[key: string, part: string, target: string, value: unknown]> = [
    ['events_per_procedure', 'e2e', '≤ 150', r.events_per_procedure],
    ['events_per_procedure_total', 'e2e', 'printed', r.events_per_procedure_total],
    ['bare_events_per_workflow', 'e2e', '—', r.bare_events_per_workflow],
    ['events_ratio', 'e2e', '≤ 1.2', r.events_ratio],
    ['replay_per_s_per_core', 'replay', 'printed', r.replay_per_s_per_core],
    ['bare_replay_per_s_per_core', 'replay', '—', r.bare_replay_per_s_per_core],
    ['replay_ratio', 'replay', '≥ 0.8', r.replay_ratio],
    ['e2e_ratio', 'e2e', '≥ 0.8', r.e2e_ratio],
    ['e2e_ratio_below_saturation', 'e2e', '—', r.e2e_ratio_below_saturation],
    ['step_p50_ratio', 'e2e', '≤ 2', r.step_p50_ratio],
    ['step_p99_ratio', 'e2e', '≤ 2', r.step_p99_ratio],
    ['server_cpu_s_per_procedure', 'e2e', '—', r.server_cpu_s_per_procedure],
    ['node_cpu_s_per_procedure', 'e2e', '—', r.node_cpu_s_per_procedure],
    ['bare_server_cpu_s_per_workflow', 'e2e', '—', r.bare_server_cpu_s_per_workflow],
    ['bare_node_cpu_s_per_workflow', 'e2e', '—', r.bare_node_cpu_s_per_workflow],
    ['bare_concurrency', 'e2e', '—', r.bare_concurrency],
    ['worker_rss_mb_10k', 'memory', '≤ 300', r.worker_rss_mb_10k],
    ['list_first_page_ms_10k', 'memory', '≤ 200', r.list_first_page_ms_10k],
    ['list_all_10k_ms', 'memory', '≤ 2000', r.list_all_10k_ms],
    ['open_10k_s', 'memory', 'printed', r.open_10k_s],
  ];
  const part = (name: string) => r.parts[name];
  const lines = [
    '# Benchmark results',
    '',
    `Generated by \`bench/run.ts\` on ${r.date}. Machine: ${JSON.stringify(r.machine)}.`,
    '',
    '| key | target | figure | measured | command |',
    '|---|---|---|---|---|',
    ...rows.map(([k, p, t, v]) => `| \`${k}\` | ${t} | ${v === null || v === undefined ? 'not measured (see below)' : String(v)} | ${part(p)?.date ?? '—'} | \`${part(p)?.command ?? '—'}\` |`),
    '',
    ...(r.bare_saturation_note ? [`- bare_concurrency: ${String(r.bare_saturation_note)}`] : []),
    ...r.notes.map((n) => `- ${n}`),
    '',
    '## All figures, by part',
    '',
    ...Object.entries(r.parts).flatMap(([name, p]) => [`### ${name}`, '', `\`${p.command}\` — ${p.date}`, '', '```json', JSON.stringify(p.figures, null, 2), '```', '']),
  ];
  const analysis = path.join(__dirname, 'analysis.md');
  if (existsSync(analysis)) lines.push(readFileSync(analysis, 'utf8'));
  return `${lines.join('\n')}\n`;
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
