/**
 * `npm run faults -- [--n 100] [--kills 5] [--day-ms 50] [--timeout-s 900]`: the long fault-injection run (the short one is
 * test/faults, in `npm test`). Worker and API run as their own processes on the embedded dev
 * server; N standard procedures run through the HTTP API in simulation while
 *  1. the worker is killed with SIGKILL at random moments and restarted,
 *  2. the API is killed with SIGKILL in the middle of requests and restarted on its port
 *     (clients retry with the same Idempotency-Key),
 *  3. the dev server is stopped and started again on the same database file.
 * Then every procedure has completed, each command is accepted exactly once in its history,
 * every command that got a 2xx is in the history, and every history replays.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actors } from '../test/support/fixtures';
import { historyToObject } from '../test/replay/history-file';
import { procedureWorkflowId } from '../workflows/ids';
import { checkHistory, replayProblems } from './history-check';
import { spawnWorker } from './memory-list.bench';
import { driveProcedure, STANDARD_COMMANDS, type Driver, type Who } from './procedure-driver';
import { bearers, sleep, startStack } from './stack';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}
const log = (s: string) => console.error(`[faults ${new Date().toISOString().slice(11, 19)}] ${s}`);

function spawnApi(env: Record<string, string>, logFd: number): ChildProcess {
  const root = path.join(__dirname, '..');
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'api', 'server.ts')], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', logFd, 'inherit'],
  });
}

const kill9 = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

/**
 * Keeps one child running, as a process manager (docker's restart policy) would: whenever it
 * exits — killed by us, or failing to connect while the server restarts — a new one starts.
 */
function supervise(start: () => ChildProcess) {
  let current = start();
  let stopped = false;
  const watch = (c: ChildProcess) =>
    c.once('exit', () => {
      if (stopped) return;
      setTimeout(() => {
        if (stopped) return;
        current = start();
        watch(current);
      }, 500 + Math.random() * 1500);
    });
  watch(current);
  // However this process ends (a failure included), the child does not outlive it.
  process.once('exit', () => {
    stopped = true;
    current.kill('SIGKILL');
  });
  return {
    kill9: () => kill9(current),
    stop: async () => {
      stopped = true;
      await kill9(current);
    },
  };
}

async function main() {
  const n = Number(arg('n', '100'));
  const kills = Number(arg('kills', '5'));
  const dayMs = Number(arg('day-ms', '50'));
  const stack = await startStack({ dayMs, inProcessWorker: false, inProcessApi: false });
  // The children's logs (warn and above) and the histories of any procedure that went wrong
  // are kept for diagnosis.
  const logDir = mkdtempSync(path.join(tmpdir(), 'faults-'));
  log(`logs and histories in ${logDir}`);
  const workerLog = openSync(path.join(logDir, 'worker.log'), 'a');
  const apiLog = openSync(path.join(logDir, 'api.log'), 'a');
  const worker = supervise(() => spawnWorker(stack.env, workerLog));
  const api = supervise(() => spawnApi(stack.env, apiLog));
  const timeoutS = Number(arg('timeout-s', '900'));
  const deadline = setTimeout(() => {
    log(`not finished within ${timeoutS} s: failing`);
    void Promise.all([api.stop(), worker.stop()]).finally(() => process.exit(1));
  }, timeoutS * 1000);
  const auth = (await bearers(stack.config, actors)) as Record<Who, string>;
  const driver: Driver = { base: stack.url, auth, dayMs, idempotent: true, retryNetwork: true };
  // Wait for the API to listen.
  for (;;) {
    try {
      if ((await fetch(`${stack.url}/healthz`)).status < 500) break;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  const acknowledged = new Map<string, string[]>();
  let steps = 0;
  let running = true;
  const runs = Array.from({ length: n }, (_, i) => {
    const key = `faults-${i}`;
    acknowledged.set(key, []);
    return driveProcedure(driver, key, (command) => {
      steps += 1;
      acknowledged.get(key)?.push(command);
    });
  });
  const total = n * STANDARD_COMMANDS;
  const chaos = (async () => {
    const plan: Array<'worker' | 'api' | 'server'> = [];
    for (let k = 0; k < kills; k++) plan.push('worker', 'api');
    plan.splice(Math.floor(plan.length / 2), 0, 'server');
    // Kill points drawn at random and taken in order, so the faults spread over the run
    // instead of bunching where the first large draw was reached.
    const points = plan.map(() => Math.floor(Math.random() * total * 0.8)).sort((a, b) => a - b);
    for (const [k, what] of plan.entries()) {
      const at = points[k] ?? 0;
      while (running && steps < Math.min(at, total - 1)) await sleep(50);
      if (!running) return;
      await sleep(Math.random() * 500);
      log(`${what} at step ${steps}/${total}`);
      if (what === 'worker') {
        await worker.kill9();
      } else if (what === 'api') {
        await api.kill9();
      } else {
        await stack.restartServer();
      }
    }
  })();
  const results = await Promise.allSettled(runs);
  running = false;
  await chaos;
  const failed = results.filter((r) => r.status === 'rejected');
  for (const f of failed.slice(0, 5)) log(`failed: ${String((f as PromiseRejectedResult).reason)}`);
  const problems: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `faults-${i}`;
    const h = await checkHistory(stack.client, key);
    if (!h.completed) problems.push(`${key}: not completed`);
    if (h.duplicates.length) problems.push(`${key}: applied twice: ${h.duplicates.join(', ')}`);
    const names = Object.keys(h.accepted);
    if (names.length !== STANDARD_COMMANDS) problems.push(`${key}: ${names.length} commands in history, expected ${STANDARD_COMMANDS}`);
    const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    for (const command of acknowledged.get(key) ?? []) {
      if (!names.some((nm) => kebab(nm) === command)) problems.push(`${key}: ${command} got a 2xx but is not in the history`);
    }
    if (problems.some((p) => p.startsWith(`${key}:`))) {
      const history = await stack.client.workflow.getHandle(procedureWorkflowId(key)).fetchHistory();
      writeFileSync(path.join(logDir, `${key}.history.json`), JSON.stringify(historyToObject(history), null, 1));
    }
  }
  // Every history replays on the code that wrote it, as after any worker restart; any that does not is a failure.
  const replays = await replayProblems(stack.client, Array.from({ length: n }, (_, i) => `faults-${i}`));
  for (const r of replays) problems.push(`${r.workflowId}: does not replay: ${r.message}`);
  clearTimeout(deadline);
  await api.stop();
  await worker.stop();
  await stack.stop();
  const completed = n - failed.length;
  console.log(JSON.stringify({ n, kills, completed, failed: failed.length, non_replayable: replays.length, problems }, null, 2));
  // The SDK's native runtime keeps the event loop alive: exit explicitly.
  process.exit(failed.length || problems.length ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
