/**
 * worker_rss_mb_10k and list_10k_ms: `count` procedures opened through the API and left
 * waiting in a comment period (the national jurisdiction: 30 real days), with the service's
 * worker as its own process (`worker.ts`, as deployed) so its resident memory is its own;
 * then the time to list all of them by stage through the API (pages of 100).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../runtime/config';
import { actors } from '../test/support/fixtures';
import { lightStart } from '../test/api/fixtures';
import { upload, type Driver, type Who } from './procedure-driver';
import { bearers, pool, round, sleep, startStack } from './stack';

export interface MemoryListFigures {
  memory_procedures: number;
  worker_rss_mb: number;
  /** RSS with one procedure open, just after the worker started (bundling included). */
  worker_rss_mb_idle: number;
  list_ms: number;
  /** The first 100 rows with the counts of every stage (`counts=true`), cold. */
  list_first_page_ms: number;
  /** Every row in pages of 1,000. */
  list_all_ms: number;
  listed: number;
  open_wall_s: number;
  /** The worker's cache bound for this run (WORKER_MAX_CACHED_WORKFLOWS or its default). */
  worker_max_cached_workflows: number;
  /** Old-space limit of the worker's workflow thread, MiB (WORKER_WORKFLOW_HEAP_MB or its default). */
  worker_workflow_heap_mb: number;
  /** MALLOC_ARENA_MAX of the worker process ('' when unset: glibc's default). */
  malloc_arena_max: string;
  /** Node flags of the worker process (BENCH_WORKER_NODE_ARGS). */
  worker_node_args: string;
  /** How the worker ran: `node dist/worker.js` (compiled, as deployed). */
  worker_entry: string;
  /** Requests retried (5xx or a dropped connection) while opening. */
  open_retries: number;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

/**
 * The service's worker (worker.ts main) as a child process on the stack's server: from the
 * sources under ts-node, or `compiled`, as the Docker image runs it (`node dist/worker.js`, after
 * `npm run build`), which is the form whose memory counts.
 */
export function spawnWorker(env: Record<string, string>, logFd?: number, compiled = false) {
  const root = path.join(__dirname, '..');
  // BENCH_WORKER_NODE_ARGS, e.g. `--max-old-space-size=256`: node flags for the worker alone.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const entry = compiled ? [path.join(root, 'dist', 'worker.js')] : ['-r', 'ts-node/register/transpile-only', path.join(root, 'worker.ts')];
  return spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: logFd === undefined ? 'error' : 'warn' },
    stdio: ['ignore', logFd ?? 'ignore', 'inherit'],
  });
}

export async function memoryListBench(count: number, log: (s: string) => void = () => undefined): Promise<MemoryListFigures> {
  // The worker as deployed: compiled JavaScript, no ts-node (≈ 250 MB less at idle).
  execFileSync('npm', ['run', '-s', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
  const stack = await startStack({ dayMs: 5, inProcessWorker: false });
  const child = spawnWorker(stack.env, undefined, true);
  // The sizes the worker runs with, read from the same environment by the same schema.
  const workerSizes = envSchema.pick({ WORKER_MAX_CACHED_WORKFLOWS: true, WORKER_WORKFLOW_HEAP_MB: true }).parse({ ...process.env, ...stack.env });
  try {
    const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
    const d: Driver = { base: stack.url, auth, dayMs: 5 };
    // Documents are content-addressed: one upload serves every procedure.
    const draft = await upload(d, 'sponsor', 'mem-draft');
    const explanation = await upload(d, 'sponsor', 'mem-explanation');
    // A 5xx or a dropped connection under load is retried with the same Idempotency-Key (one
    // effect); the retries are counted and the first causes logged, so the figure stays honest.
    let retried = 0;
    const post = async (who: Who, url: string, body: unknown, expect: number) => {
      const payload = JSON.stringify(body);
      // One key per request (every create has the same URL): the URL and the body's hash.
      const key = `mem-${createHash('sha256').update(url).update(payload).digest('hex').slice(0, 32)}`;
      const headers = { Authorization: auth[who], 'Content-Type': 'application/json', 'Idempotency-Key': key };
      for (let attempt = 1; ; attempt++) {
        let status = 0;
        let text = '';
        try {
          const r = await fetch(`${d.base}${url}`, { method: 'POST', headers, body: payload });
          status = r.status;
          text = await r.text();
        } catch (err) {
          text = String(err);
        }
        if (status === expect) return;
        if ((status !== 0 && status < 500) || attempt >= 20) throw new Error(`${url}: ${status} ${text.slice(0, 200)}`);
        if (++retried <= 3) log(`  retrying ${url}: ${status} ${text.slice(0, 200)}`);
        await sleep(500 * attempt);
      }
    };
    // The first procedure waits for the worker process to be up: its RSS then is the idle figure.
    await post('organ', '/procedures', { ...lightStart('mem-first'), draft }, 201);
    await post('sponsor', '/procedures/mem-first/open-comment-period', { explanation, channels: ['网站'], days: 30 }, 200);
    await sleep(2000);
    const idle = rssMb(child.pid ?? -1);
    log(`  worker up, RSS ${idle} MB`);
    const t0 = performance.now();
    let done = 0;
    await pool(count, 64, async (i) => {
      const key = `mem-${i}`;
      await post('organ', '/procedures', { ...lightStart(key), draft }, 201);
      await post('sponsor', `/procedures/${key}/open-comment-period`, { explanation, channels: ['网站'], days: 30 }, 200);
      if (++done % 500 === 0) log(`  ${done}/${count} open`);
    });
    const openWall = (performance.now() - t0) / 1000;
    await sleep(3000);
    const rss = rssMb(child.pid ?? -1);
    const auditor = (await bearers(stack.config, { auditor: actors.auditor })).auditor ?? '';
    /** Every preparation-stage row, in pages of `pageSize`: the rows listed. */
    const listAll = async (pageSize: number) => {
      let listed = 0;
      let token: string | undefined;
      do {
        const r = await fetch(`${d.base}/procedures?stage=preparation&pageSize=${pageSize}${token ? `&pageToken=${token}` : ''}`, { headers: { Authorization: auditor } });
        const body = (await r.json()) as { items: unknown[]; nextPageToken?: string };
        if (r.status !== 200) throw new Error(`list: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
        listed += body.items.length;
        token = body.nextPageToken;
      } while (token);
      return listed;
    };
    const l0 = performance.now();
    const listed = await listAll(100);
    const listMs = performance.now() - l0;
    // The first page with the counts of every stage, as an inbox opens (no cache: cold each time).
    const f0 = performance.now();
    const first = await fetch(`${d.base}/procedures?pageSize=100&counts=true`, { headers: { Authorization: auditor } });
    const firstBody = (await first.json()) as { items: unknown[]; counts?: Record<string, number> };
    const firstPageMs = performance.now() - f0;
    if (first.status !== 200 || firstBody.items.length !== Math.min(100, count + 1)) throw new Error(`first page: ${first.status}`);
    const counted = Object.values(firstBody.counts ?? {}).reduce((a, b) => a + b, 0);
    if (counted !== count + 1) throw new Error(`counts: ${counted} of ${count + 1}`);
    // Every row, in pages of 1,000.
    const a0 = performance.now();
    const listedBig = await listAll(1000);
    const listAllMs = performance.now() - a0;
    if (listedBig !== listed) throw new Error(`pages of 1,000 listed ${listedBig}, pages of 100 ${listed}`);
    return { memory_procedures: count, worker_rss_mb: rss, worker_rss_mb_idle: idle, list_ms: round(listMs), list_first_page_ms: round(firstPageMs), list_all_ms: round(listAllMs), listed: listed - 1, open_wall_s: round(openWall), worker_max_cached_workflows: workerSizes.WORKER_MAX_CACHED_WORKFLOWS, worker_workflow_heap_mb: workerSizes.WORKER_WORKFLOW_HEAP_MB, malloc_arena_max: process.env.MALLOC_ARENA_MAX ?? '', worker_node_args: process.env.BENCH_WORKER_NODE_ARGS ?? '', worker_entry: 'node dist/worker.js', open_retries: retried };
  } catch (err) {
    // Printed before the stack stops: requests still in flight may crash the process then.
    log(`  memory bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    throw err;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    await stack.stop();
  }
}

if (require.main === module) {
  memoryListBench(Number(process.argv[2] ?? 200), (s) => console.error(s))
    .then((f) => {
      console.log(JSON.stringify(f, null, 2));
      process.exit(0); // the SDK's runtime would keep the process alive
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
