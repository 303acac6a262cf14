/**
 * `node --cpu-prof --cpu-prof-dir=DIR -r ts-node/register/transpile-only bench/profile-procedures.ts [count] [concurrency]`:
 * drives `count` standard procedures (default 60) at `concurrency` in flight (default 8) through
 * the bench stack, for a CPU profile of the serving process (API, worker, relay) and of its
 * workflow threads (one .cpuprofile each; bench/profile-summary.ts reads them). The main thread's
 * profile covers the measured window only (inspector session); prints CPU seconds per procedure.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { actors } from '../test/support/fixtures';
import { treeCpuSeconds } from './cpu-split';
import type { LoadJob, LoadResult } from './load';
import type { Who } from './procedure-driver';
import { bearers, startStack } from './stack';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 60);
  const concurrency = Number(process.argv[3] ?? 8);
  const dayMs = 5;
  const stack = await startStack({ dayMs });
  const child = fork(path.join(__dirname, 'load.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'] });
  const run = (job: LoadJob) =>
    new Promise<LoadResult>((resolve, reject) => {
      child.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => (m.ok && m.result ? resolve(m.result) : reject(new Error(m.error))));
      child.send(job);
    });
  try {
    const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
    const job = (n: number, c: number, tag: string): LoadJob => ({ kind: 'procedure', base: stack.url, auth, dayMs, count: n, concurrency: c, tag });
    await run(job(5, 5, 'warm'));
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const server0 = treeCpuSeconds(stack.server.pid);
    const res = await run(job(count, concurrency, 'prof'));
    const { profile } = await session.post('Profiler.stop');
    const out = path.join(process.env.PROFILE_DIR ?? '/tmp', `main-${Date.now()}.cpuprofile`);
    writeFileSync(out, JSON.stringify(profile));
    const node = process.cpuUsage(cpu0);
    const done = Math.max(1, count - res.failures);
    console.log(JSON.stringify({
      count, concurrency, failures: res.failures, wall_s: res.wall_s, per_s: done / res.wall_s,
      node_cpu_s_per_procedure: (node.user + node.system) / 1e6 / done,
      server_cpu_s_per_procedure: (treeCpuSeconds(stack.server.pid) - server0) / done,
      main_profile: out,
    }));
  } finally {
    child.disconnect();
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
