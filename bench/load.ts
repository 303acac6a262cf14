/**
 * The e2e benchmark's load driver, as its own process (forked by bench/e2e.bench.ts), so the CPU
 * time of the process that serves (API, workers) is measured apart from the one that sends.
 * It takes jobs as IPC messages, one at a time, and answers each with its timings:
 *  - `procedure`: `count` standard procedures (bench/procedure-driver.ts), at most `concurrency`
 *    at once;
 *  - `bare`: `count` bare workflows through the bare route (bench/bare-http.ts), each a start and
 *    STANDARD_COMMANDS updates whose bodies have the byte sizes `bodyBytes` (the create, then each
 *    command, as measured on a procedure job) — the same requests a procedure makes, less the
 *    document uploads and the waits for statutory periods.
 * Step latencies leave out the create (the procedure's and the bare start), as before.
 */
import { driveProcedure, HttpError, jsonBytes, send, STANDARD_COMMANDS, type Driver, type Who } from './procedure-driver';
import { pool } from './stack';

export interface LoadJob {
  kind: 'procedure' | 'bare';
  base: string;
  auth: Record<Who, string>;
  dayMs: number;
  count: number;
  concurrency: number;
  /** Makes the keys of this job's procedures or workflows unique. */
  tag: string;
  /** Bare jobs: body sizes, the create first, then one per update. */
  bodyBytes?: number[];
}

export interface LoadResult {
  /** From the first request to the last answer. */
  wall_s: number;
  /** Step latencies (ms), the create left out. */
  latencies: number[];
  failures: number;
  errors: string[];
  retried5xx: number;
  first5xx: string[];
  /** The driver's own CPU seconds for the job. */
  cpu_s: number;
  /** Procedure jobs: the body sizes of the first procedure that finished, create first. */
  bodyBytes?: Array<{ command: string; bytes: number }>;
  keys: string[];
}

/** A body of exactly `bytes` JSON bytes (or the smallest possible): `base` plus an ASCII `pad`. */
export function padded(base: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const empty = jsonBytes({ ...base, pad: '' });
  return { ...base, pad: 'x'.repeat(Math.max(0, bytes - empty)) };
}

/** One bare workflow through the HTTP route: a start and `sizes.length - 1` updates. */
async function driveBare(d: Driver, key: string, sizes: number[]): Promise<number[]> {
  const latencies: number[] = [];
  const post = async (url: string, body: unknown, expect: number, idempotencyKey: string) => {
    const r = await send(d, 'organ', url, body, idempotencyKey);
    if (r.status !== expect) throw new HttpError(r.status, `${key} ${url}`, r.text);
  };
  await post('/bench/bare', padded({ id: key, k: sizes.length - 1 }, sizes[0] ?? 0), 201, `${key}-create`);
  for (let s = 1; s < sizes.length; s++) {
    const t0 = performance.now();
    await post(`/bench/bare/${key}/step`, padded({}, sizes[s] ?? 0), 200, `${key}-step-${s}`);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

export async function runJob(job: LoadJob): Promise<LoadResult> {
  const stats = { retried5xx: 0, first5xx: [] as string[] };
  // Idempotency keys on every POST, and a 5xx retried with the same key, as a client would;
  // the retries are counted and reported.
  const driver: Driver = { base: job.base, auth: job.auth, dayMs: job.dayMs, idempotent: true, retry5xx: true, stats };
  const sizes = job.bodyBytes ?? Array.from({ length: STANDARD_COMMANDS + 1 }, () => 0);
  const latencies: number[] = [];
  const errors: string[] = [];
  const keys: string[] = [];
  let failures = 0;
  let bodyBytes: LoadResult['bodyBytes'];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(job.count, job.concurrency, async (i) => {
    const key = `${job.tag}-${i}`;
    try {
      if (job.kind === 'bare') {
        latencies.push(...(await driveBare(driver, key, sizes)));
      } else {
        const own: Driver = { ...driver, bodyBytes: [] };
        for (const t of await driveProcedure(own, key)) if (t.command !== 'create') latencies.push(t.ms);
        bodyBytes ??= own.bodyBytes;
      }
      keys.push(key);
    } catch (err) {
      failures += 1;
      if (errors.length < 3) errors.push(String(err));
    }
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall_s: wall, latencies, failures, errors, retried5xx: stats.retried5xx, first5xx: stats.first5xx, cpu_s: (cpu.user + cpu.system) / 1e6, ...(bodyBytes ? { bodyBytes } : {}), keys };
}

if (require.main === module) {
  process.on('message', (job: LoadJob) => {
    runJob(job).then(
      (r) => process.send?.({ ok: true, result: r }),
      (err: unknown) => process.send?.({ ok: false, error: String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
