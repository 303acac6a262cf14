/**
 * `npx ts-node --transpile-only bench/profile-inclusive.ts FILE.cpuprofile [url-part] [top]`: self and
 * inclusive time of each function whose script URL contains `url-part` (default: the workflow
 * bundle), from a V8 CPU profile. Inclusive time counts each sample once per distinct function
 * on its stack, so a recursive function is not counted twice.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, part = 'workflow-bundle', topArg = '40'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-inclusive FILE.cpuprofile [url-part] [top]');
const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const selfByFn = new Map<string, number>();
const inclusive = new Map<string, number>();
const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber}`;
for (const [id, t] of self) {
  const n = byId.get(id);
  if (n && n.callFrame.url.includes(part)) selfByFn.set(name(n), (selfByFn.get(name(n)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const m = byId.get(cur);
    if (!m || !m.callFrame.url.includes(part) || seen.has(name(m))) continue;
    seen.add(name(m));
    inclusive.set(name(m), (inclusive.get(name(m)) ?? 0) + t);
  }
}
const top = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(topArg))
    .map(([k, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
console.log(`self\n${top(selfByFn)}\n\ninclusive\n${top(inclusive)}`);
