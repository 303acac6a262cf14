/**
 * CPU time (user + system) of processes, read from /proc (Linux only).
 *
 * As a library: `treeCpuSeconds(pid)`, the CPU seconds so far of a process and all its
 * descendants (the e2e benchmark reads the Temporal dev server's this way, before and after each
 * phase).
 *
 * As a command, `npx ts-node --transpile-only bench/cpu-split.ts -- <command…>`: runs the command
 * and reports the CPU time of it and of every process it started, grouped by executable name —
 * e.g. how much of an e2e run the Temporal dev server took and how much the Node process (client,
 * API, worker). Samples every 500 ms, so a process that lives less than that may be missed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export interface Stat {
  pid: number;
  ppid: number;
  name: string;
  cpuS: number;
}

export function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const name = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    return { pid, ppid: Number(f[1]), name, cpuS: (Number(f[11]) + Number(f[12])) / TICKS };
  } catch {
    return undefined; // gone
  }
}

/** The process `root` (first, when alive) and every process below it. */
export function descendants(root: number): Stat[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => stat(Number(d))).filter((s): s is Stat => s !== undefined);
  const out: Stat[] = [];
  const want = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) {
      if (!want.has(s.ppid) || want.has(s.pid)) continue;
      want.add(s.pid);
      out.push(s);
      grew = true;
    }
  }
  const self = all.find((s) => s.pid === root);
  return self ? [self, ...out] : out;
}

/** CPU seconds so far of `pid` and its living descendants. */
export function treeCpuSeconds(pid: number): number {
  return descendants(pid).reduce((sum, s) => sum + s.cpuS, 0);
}

function main(): void {
  const args = process.argv.slice(process.argv.indexOf('--') + 1);
  const child = spawn(args[0] as string, args.slice(1), { stdio: 'inherit' });
  const last = new Map<number, Stat>();
  const timer = setInterval(() => {
    for (const s of descendants(child.pid ?? -1)) last.set(s.pid, s);
  }, 500);
  child.on('exit', (code) => {
    clearInterval(timer);
    const byName = new Map<string, number>();
    for (const s of last.values()) byName.set(s.name, (byName.get(s.name) ?? 0) + s.cpuS);
    const total = [...byName.values()].reduce((a, b) => a + b, 0);
    console.log('\n| process | CPU s | share |\n|---|---|---|');
    for (const [name, s] of [...byName].sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${s.toFixed(1)} | ${((100 * s) / total).toFixed(0)} % |`);
    process.exit(code ?? 1);
  });
}

if (require.main === module) main();
