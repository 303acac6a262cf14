/**
 * The fair e2e benchmark: standard full procedures against a bare baseline, both through the
 * same HTTP API on the embedded dev server, in one stack (bench/stack.ts).
 *
 * - Procedure side: the standard procedure (bench/procedure-driver.ts): uploads, the create and
 *   STANDARD_COMMANDS commands, waiting for statutory periods in simulated days.
 * - Bare side: bench/bare.workflow.ts through a thin route in the same API app
 *   (bench/bare-http.ts): a start and STANDARD_COMMANDS updates, each body padded to the JSON byte
 *   size of the matching procedure body (measured on the warm-up procedures).
 * - The load is driven from its own process (bench/load.ts), so the CPU seconds of the Node
 *   process that serves (API, service worker, bare worker) and of the Temporal server
 *   (bench/cpu-split.ts) are measured apart, per phase, each until the histories stop growing.
 * - Events: every history event a phase causes, in every workflow (bench/events.ts): for a
 *   procedure, its own history plus the dispatchers' and any other workflow's; for the bare side,
 *   the bare workflows'.
 * - Concurrency: a ladder of bare runs at 1, 2, 4, … up to N in flight; the largest before the
 *   first that saturates the bare side — update p99 over 3 × its p50, or p50 over 2 × the p50 at
 *   one in flight (queueing) — is used by both sides, unless given.
 * - Rounds (≥ 3): for each side, in alternating order, a latency phase at that concurrency (the
 *   step ratios) and a throughput phase of N all in flight (e2e_ratio, CPU per procedure);
 *   medians across rounds are reported, and every phase in `phases`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { procedureWorkflowId } from '../workflows/ids';
import { actors } from '../test/support/fixtures';
import { treeCpuSeconds } from './cpu-split';
import { eventsSince, settle } from './events';
import type { LoadJob, LoadResult } from './load';
import { STANDARD_COMMANDS, type Who } from './procedure-driver';
import { bearers, median, percentile, round, startStack } from './stack';

const BARE_TYPE = 'bareWorkflow';
/** The bare side is taken as saturated when its update p99 exceeds this multiple of its p50, */
export const SATURATION_P99_OVER_P50 = 3;
/** or its update p50 this multiple of the p50 with one workflow in flight. */
export const SATURATION_P50_OVER_ALONE = 2;

export interface PhaseFigures {
  kind: 'procedure' | 'bare';
  /** -1: a step of the concurrency ladder. */
  round: number;
  count: number;
  concurrency: number;
  failures: number;
  wall_s: number;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** Per procedure (bare: per workflow) that finished. */
  server_cpu_s: number;
  node_cpu_s: number;
  driver_cpu_s: number;
  events: number;
  /** Events per procedure (workflow) by workflow type. */
  events_by_type: Record<string, number>;
  /** False when the histories still grew 60 s after the phase. */
  settled: boolean;
  retried_5xx: number;
}

export interface E2eFigures {
  e2e_n: number;
  e2e_rounds: number;
  e2e_sim_day_ms: number;
  /** In flight at once, both sides. */
  bare_concurrency: number;
  bare_saturation_note: string;
  bare_ladder: Array<{ concurrency: number; count: number; p50_ms: number; p99_ms: number; per_s: number }>;
  /** Medians across rounds from here on. Throughput, CPU and events: the phases with all N in flight. */
  e2e_procedures_per_s: number;
  bare_workflows_per_s: number;
  e2e_ratio: number;
  e2e_throughput_concurrency: number;
  e2e_latency_count: number;
  /** Throughput ratio of the latency phases: bounded by the procedure's statutory waits, not its cost. */
  e2e_ratio_below_saturation: number;
  /** Step latencies: the latency phases (bare_concurrency in flight). */
  step_p50_ms: number;
  step_p99_ms: number;
  bare_update_p50_ms: number;
  bare_update_p99_ms: number;
  step_p50_ratio: number;
  step_p99_ratio: number;
  step_p50_ms_saturated: number;
  bare_update_p50_ms_saturated: number;
  server_cpu_s_per_procedure: number;
  node_cpu_s_per_procedure: number;
  driver_cpu_s_per_procedure: number;
  bare_server_cpu_s_per_workflow: number;
  bare_node_cpu_s_per_workflow: number;
  bare_driver_cpu_s_per_workflow: number;
  /** History events of one procedure's own workflow. */
  events_per_procedure_run: number;
  /** Every event a procedure causes, in every workflow (its own, dispatchers, children…): latency phases. */
  events_per_procedure_total: number;
  /** The same in the throughput phases, where simulated statutory dates pass during a procedure. */
  events_per_procedure_saturated: number;
  bare_events_per_workflow_saturated: number;
  events_per_procedure_by_type: Record<string, number>;
  bare_events_per_workflow: number;
  /** events_per_procedure_total ÷ bare_events_per_workflow (the same updates). */
  events_ratio: number;
  /** JSON bytes of the bodies both sides send: the create, then each command. */
  body_bytes: number[];
  e2e_failures: number;
  /** 5xx answers retried with the same Idempotency-Key during the rounds. */
  e2e_5xx_retries: number;
  e2e_first_5xx: string[];
  phases: PhaseFigures[];
}

export interface E2eOptions {
  /** Procedures (and bare workflows) per phase. */
  n: number;
  dayMs?: number;
  rounds?: number;
  /** Skip the ladder and use this many in flight in the latency phases. */
  concurrency?: number;
  /** Procedures per latency phase (default max(20, 10 × concurrency)). */
  latencyCount?: number;
  /** In flight in the throughput phases (default N: all). */
  throughputConcurrency?: number;
  log?: (s: string) => void;
}

/** The load driver process (bench/load.ts), one job at a time. */
function forkLoad(): { run(job: LoadJob): Promise<LoadResult>; stop(): void } {
  const ts = __filename.endsWith('.ts');
  const child: ChildProcess = fork(path.join(__dirname, ts ? 'load.ts' : 'load.js'), [], {
    execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`load driver exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => {
          child.off('exit', onExit);
          if (m.ok && m.result) resolve(m.result);
          else reject(new Error(m.error ?? 'load driver failed'));
        });
        child.send(job);
      }),
    stop: () => child.disconnect(),
  };
}

export async function e2eBench(opts: E2eOptions): Promise<E2eFigures> {
  const { n, dayMs = 5, rounds = 3, log = () => undefined } = opts;
  const stack = await startStack({ dayMs, bareWorker: true });
  const load = forkLoad();
  try {
    const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
    const job = (kind: LoadJob['kind'], count: number, concurrency: number, tag: string, bodyBytes?: number[]): LoadJob => ({
      kind,
      base: stack.url,
      auth,
      dayMs,
      count,
      concurrency,
      tag,
      ...(bodyBytes ? { bodyBytes } : {}),
    });

    // Warm-up: bundles loaded, connections open, caches filled, on both paths; the body sizes.
    const warm = await load.run(job('procedure', 3, 3, 'warm'));
    if (warm.failures > 0 || !warm.bodyBytes) throw new Error(`warm-up failed: ${warm.errors.join('; ')}`);
    const bodyBytes = warm.bodyBytes.map((b) => b.bytes);
    if (bodyBytes.length !== STANDARD_COMMANDS + 1) throw new Error(`the standard procedure sent ${bodyBytes.length} bodies, not ${STANDARD_COMMANDS + 1}`);
    await load.run(job('bare', 3, 3, 'warm', bodyBytes));
    log(`warm-up done; body bytes ${JSON.stringify(bodyBytes)}`);

    const phases: PhaseFigures[] = [];
    const first5xx: string[] = [];
    const phase = async (kind: LoadJob['kind'], r: number, count: number, concurrency: number, tag: string): Promise<PhaseFigures> => {
      const { snapshot: before } = await settle(stack.client);
      const since = new Date();
      const node0 = process.cpuUsage();
      const server0 = treeCpuSeconds(stack.server.pid);
      const res = await load.run(job(kind, count, concurrency, tag, kind === 'bare' ? bodyBytes : undefined));
      // What the phase handed on (notices to the dispatchers) is part of its cost: measured until it is done.
      const { settled } = await settle(stack.client);
      const nodeCpu = process.cpuUsage(node0);
      const serverCpu = treeCpuSeconds(stack.server.pid) - server0;
      const byType = await eventsSince(stack.client, since, before);
      const done = Math.max(1, count - res.failures);
      const mine = Object.entries(byType).filter(([t]) => (kind === 'bare') === (t === BARE_TYPE));
      const lat = [...res.latencies].sort((a, b) => a - b);
      const f: PhaseFigures = {
        kind,
        round: r,
        count,
        concurrency,
        failures: res.failures,
        wall_s: round(res.wall_s),
        per_s: round((count - res.failures) / res.wall_s, 3),
        p50_ms: round(percentile(lat, 50)),
        p99_ms: round(percentile(lat, 99)),
        server_cpu_s: round(serverCpu / done, 4),
        node_cpu_s: round((nodeCpu.user + nodeCpu.system) / 1e6 / done, 4),
        driver_cpu_s: round(res.cpu_s / done, 4),
        events: round(mine.reduce((s, [, e]) => s + e.events, 0) / done, 2),
        events_by_type: Object.fromEntries(mine.map(([t, e]) => [t, round(e.events / done, 2)])),
        settled,
        retried_5xx: res.retried5xx,
      };
      if (res.failures > 0) log(`  ${kind} ${tag}: ${res.failures} failures: ${res.errors.join('; ')}`);
      if (r >= 0) first5xx.push(...res.first5xx.slice(0, 3 - first5xx.length));
      if (res.retried5xx > 0) log(`  ${kind} ${tag}: ${res.retried5xx} 5xx retried ${JSON.stringify(res.first5xx)}`);
      log(`  ${kind} ${tag}: ${JSON.stringify(f)}`);
      phases.push(f);
      return f;
    };

    // The bare side below saturation: the largest concurrency of the ladder before the first
    // that saturates it, by its tail (update p99 > 3 × p50) or by queueing (p50 > 2 × the p50 at
    // one in flight: half of an update's time spent waiting for the others).
    let concurrency = opts.concurrency;
    let note: string;
    const ladder: E2eFigures['bare_ladder'] = [];
    if (concurrency !== undefined) {
      note = `given (--concurrency ${concurrency}); no ladder run`;
    } else {
      const steps = [...new Set([...[1, 2, 4, 8, 16, 32, 64, 128, 256, 512].filter((c) => c < n), n])];
      let failed: string | undefined;
      let alone: number | undefined;
      for (const c of steps) {
        const count = Math.min(n, Math.max(2 * c, 10));
        const f = await phase('bare', -1, count, c, `ladder-${c}`);
        ladder.push({ concurrency: c, count, p50_ms: f.p50_ms, p99_ms: f.p99_ms, per_s: f.per_s });
        alone ??= f.p50_ms;
        if (f.p99_ms > SATURATION_P99_OVER_P50 * f.p50_ms) failed = `at ${c}: p99 = ${round(f.p99_ms / f.p50_ms)} × p50`;
        else if (c > 1 && f.p50_ms > SATURATION_P50_OVER_ALONE * alone) failed = `at ${c}: p50 = ${round(f.p50_ms / alone)} × the p50 at 1 in flight`;
        if (failed) break;
        concurrency = c;
      }
      const shown = ladder.map((l) => `${l.concurrency}: p50 ${l.p50_ms} ms, p99 ${l.p99_ms} ms, ${l.per_s}/s`).join('; ');
      const rule = `bare update p99 ≤ ${SATURATION_P99_OVER_P50} × p50 and p50 ≤ ${SATURATION_P50_OVER_ALONE} × the p50 at 1 in flight`;
      if (concurrency === undefined) {
        concurrency = steps[0] as number;
        note = `no step of the ladder had ${rule} (${failed ?? ''}); the lowest, ${concurrency}, is used; ladder: ${shown}`;
      } else {
        note = `largest concurrency of the ladder ${JSON.stringify(steps)} with ${rule} (${failed ?? 'every step, up to N'}); ladder: ${shown}`;
      }
      log(`bare concurrency ${concurrency}: ${note}`);
    }

    // Two kinds of phase per side and round: latency below saturation (the ladder's concurrency),
    // for the step ratios; throughput with all N in flight, both sides saturating the machine,
    // for e2e_ratio and the CPU per procedure (a procedure's statutory waits in simulated days
    // would otherwise count as its cost: at one in flight they are a third of its wall time).
    const latencyCount = opts.latencyCount ?? Math.max(20, 10 * concurrency);
    const inFlight = opts.throughputConcurrency ?? n;
    const bare: PhaseFigures[] = [];
    const proc: PhaseFigures[] = [];
    const bareLat: PhaseFigures[] = [];
    const procLat: PhaseFigures[] = [];
    for (let r = 0; r < rounds; r++) {
      const order: Array<LoadJob['kind']> = r % 2 === 0 ? ['bare', 'procedure'] : ['procedure', 'bare'];
      for (const kind of order) {
        const lat = await phase(kind, r, latencyCount, concurrency, kind === 'bare' ? `lat-bare-r${r}` : `lat-r${r}`);
        (kind === 'bare' ? bareLat : procLat).push(lat);
        const f = await phase(kind, r, n, inFlight, kind === 'bare' ? `run-r${r}` : `e2e-r${r}`);
        (kind === 'bare' ? bare : proc).push(f);
      }
      log(`round ${r + 1}/${rounds} done`);
    }
    const history = await stack.client.workflow.getHandle(procedureWorkflowId(`e2e-r${rounds - 1}-0`)).fetchHistory();

    const med = (fs: PhaseFigures[], k: keyof PhaseFigures) => median(fs.map((f) => f[k] as number));
    const types = [...new Set(procLat.flatMap((f) => Object.keys(f.events_by_type)))];
    const perS = med(proc, 'per_s');
    const barePerS = med(bare, 'per_s');
    // Events from the latency phases: there a procedure is driven as its parties would, and no
    // statutory date passes on the simulated clock between its commands. Under saturation each
    // procedure spans weeks of simulated days, and the reminders and escalations that then fire
    // (a timer, a task, the new timer: 5 events each) are the clock's, not the updates'.
    const total = med(procLat, 'events');
    const bareEvents = med(bareLat, 'events');
    return {
      e2e_n: n,
      e2e_rounds: rounds,
      e2e_sim_day_ms: dayMs,
      bare_concurrency: concurrency,
      bare_saturation_note: note,
      bare_ladder: ladder,
      e2e_procedures_per_s: round(perS, 3),
      bare_workflows_per_s: round(barePerS, 3),
      e2e_ratio: round(perS / barePerS, 3),
      e2e_throughput_concurrency: inFlight,
      e2e_latency_count: latencyCount,
      e2e_ratio_below_saturation: round(med(procLat, 'per_s') / med(bareLat, 'per_s'), 3),
      step_p50_ms: round(med(procLat, 'p50_ms')),
      step_p99_ms: round(med(procLat, 'p99_ms')),
      bare_update_p50_ms: round(med(bareLat, 'p50_ms')),
      bare_update_p99_ms: round(med(bareLat, 'p99_ms')),
      step_p50_ratio: round(med(procLat, 'p50_ms') / med(bareLat, 'p50_ms'), 3),
      step_p99_ratio: round(med(procLat, 'p99_ms') / med(bareLat, 'p99_ms'), 3),
      step_p50_ms_saturated: round(med(proc, 'p50_ms')),
      bare_update_p50_ms_saturated: round(med(bare, 'p50_ms')),
      server_cpu_s_per_procedure: round(med(proc, 'server_cpu_s'), 4),
      node_cpu_s_per_procedure: round(med(proc, 'node_cpu_s'), 4),
      driver_cpu_s_per_procedure: round(med(proc, 'driver_cpu_s'), 4),
      bare_server_cpu_s_per_workflow: round(med(bare, 'server_cpu_s'), 4),
      bare_node_cpu_s_per_workflow: round(med(bare, 'node_cpu_s'), 4),
      bare_driver_cpu_s_per_workflow: round(med(bare, 'driver_cpu_s'), 4),
      events_per_procedure_run: history.events?.length ?? 0,
      events_per_procedure_total: round(total, 2),
      events_per_procedure_by_type: Object.fromEntries(types.map((t) => [t, round(median(procLat.map((f) => f.events_by_type[t] ?? 0)), 2)])),
      bare_events_per_workflow: round(bareEvents, 2),
      events_per_procedure_saturated: round(med(proc, 'events'), 2),
      bare_events_per_workflow_saturated: round(med(bare, 'events'), 2),
      events_ratio: round(total / bareEvents, 3),
      body_bytes: bodyBytes,
      e2e_failures: [...bare, ...proc, ...bareLat, ...procLat].reduce((s, f) => s + f.failures, 0),
      e2e_5xx_retries: [...bare, ...proc, ...bareLat, ...procLat].reduce((s, f) => s + f.retried_5xx, 0),
      e2e_first_5xx: first5xx,
      phases,
    };
  } finally {
    load.stop();
    await stack.stop();
  }
}

if (require.main === module) {
  e2eBench({ n: Number(process.argv[2] ?? 20), log: (s) => console.error(s) })
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
