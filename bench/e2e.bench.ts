/**
 * e2e_ratio and step_p99_ratio: N standard full procedures driven concurrently through the
 * HTTP API (real HTTP on 127.0.0.1) on the embedded dev server, against a bare baseline in
 * the same run on the same server: N minimal workflows (bench/bare.workflow.ts) receiving
 * the same number of updates straight from the client.
 */
import { procedureWorkflowId } from '../workflows/ids';
import { actors } from '../test/support/fixtures';
import { bareStep, bareWorkflow } from './bare.workflow';
import { driveProcedure, STANDARD_COMMANDS, type Driver, type Who } from './procedure-driver';
import { BARE_QUEUE, bearers, percentile, round, startStack, type Stack } from './stack';

export interface E2eFigures {
  e2e_n: number;
  e2e_sim_day_ms: number;
  e2e_procedures_per_s: number;
  bare_workflows_per_s: number;
  e2e_ratio: number;
  step_p50_ms: number;
  step_p99_ms: number;
  bare_update_p50_ms: number;
  bare_update_p99_ms: number;
  step_p99_ratio: number;
  e2e_wall_s: number;
  bare_wall_s: number;
  e2e_failures: number;
  /** 5xx answers retried with the same Idempotency-Key during the timed run. */
  e2e_5xx_retries: number;
  e2e_first_5xx: string[];
  /** History events of one procedure driven in this run. */
  events_per_procedure_run: number;
}

export async function bareRun(stack: Stack, n: number, k: number, tag: string): Promise<{ wall: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const handle = await stack.client.workflow.start(bareWorkflow, { taskQueue: BARE_QUEUE, workflowId: `bare-${tag}-${i}`, args: [k] });
      for (let s = 0; s < k; s++) {
        const u0 = performance.now();
        await handle.executeUpdate(bareStep, { args: [`step-${s}`] });
        latencies.push(performance.now() - u0);
      }
      await handle.result();
    }),
  );
  return { wall: (performance.now() - t0) / 1000, latencies };
}

export async function e2eBench(n: number, dayMs = 5, log: (s: string) => void = () => undefined): Promise<E2eFigures> {
  const stack = await startStack({ dayMs, bareWorker: true });
  try {
    const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
    // Idempotency keys on every POST, and a 5xx retried with the same key, as a client would;
    // the retries are counted and reported (e2e_5xx_retries).
    const stats = { retried5xx: 0, first5xx: [] as string[] };
    const driver: Driver = { base: stack.url, auth, dayMs, idempotent: true, retry5xx: true, stats };
    // Warm-up: bundles are loaded, connections open, caches filled, for both paths.
    await bareRun(stack, 5, STANDARD_COMMANDS, 'warm');
    await Promise.all(Array.from({ length: 5 }, (_, i) => driveProcedure(driver, `warm-${i}`)));
    log(`warm-up done; bare run of ${n} workflows × ${STANDARD_COMMANDS} updates`);

    stats.retried5xx = 0;
    stats.first5xx = [];
    const bare = await bareRun(stack, n, STANDARD_COMMANDS, 'run');
    log(`bare: ${round(bare.wall)} s; e2e run of ${n} procedures`);

    const steps: number[] = [];
    let failures = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        try {
          for (const t of await driveProcedure(driver, `e2e-${i}`)) if (t.command !== 'create') steps.push(t.ms);
        } catch (err) {
          failures += 1;
          if (failures <= 3) log(String(err));
        }
      }),
    );
    const e2eWall = (performance.now() - t0) / 1000;
    log(`e2e: ${round(e2eWall)} s, ${failures} failures, ${stats.retried5xx} 5xx retried ${JSON.stringify(stats.first5xx)}`);
    const history = await stack.client.workflow.getHandle(procedureWorkflowId('warm-0')).fetchHistory();

    steps.sort((a, b) => a - b);
    bare.latencies.sort((a, b) => a - b);
    const e2ePerS = (n - failures) / e2eWall;
    const barePerS = n / bare.wall;
    const stepP99 = percentile(steps, 99);
    const bareP99 = percentile(bare.latencies, 99);
    return {
      e2e_n: n,
      e2e_sim_day_ms: dayMs,
      e2e_procedures_per_s: round(e2ePerS),
      bare_workflows_per_s: round(barePerS),
      e2e_ratio: round(e2ePerS / barePerS, 3),
      step_p50_ms: round(percentile(steps, 50)),
      step_p99_ms: round(stepP99),
      bare_update_p50_ms: round(percentile(bare.latencies, 50)),
      bare_update_p99_ms: round(bareP99),
      step_p99_ratio: round(stepP99 / bareP99, 3),
      e2e_wall_s: round(e2eWall),
      bare_wall_s: round(bare.wall),
      e2e_failures: failures,
      e2e_5xx_retries: stats.retried5xx,
      e2e_first_5xx: stats.first5xx,
      events_per_procedure_run: history.events?.length ?? 0,
    };
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  e2eBench(Number(process.argv[2] ?? 20), 5, (s) => console.error(s))
    .then((f) => console.log(JSON.stringify(f, null, 2)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
