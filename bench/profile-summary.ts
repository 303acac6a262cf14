/**
 * `npx ts-node --transpile-only bench/profile-summary.ts FILE.cpuprofile [top]`: self time by
 * function and by package/folder from a V8 CPU profile (node --cpu-prof), for RESULTS.md.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [top]');
const top = Number(process.argv[3] ?? 15);
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const area = new Map<string, number>();
const areaOf = (url: string) => {
  if (url === '') return '(native / V8 / GC)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1] as string;
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('workflow-bundle') || url.includes('webpack')) return 'workflow bundle (sandbox)';
  return url.replace(/^.*\/work\/main\//, '');
};
for (const [id, us] of self) {
  const n = byId.get(id);
  if (!n) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const k = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + us);
  const a = areaOf(url);
  area.set(a, (area.get(a) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s\n\n| where (self time) | share |\n|---|---|`);
for (const [k, us] of [...area].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${k} | ${pct(us)} |`);
console.log(`\n| function | share |\n|---|---|`);
for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| \`${k}\` | ${pct(us)} |`);
