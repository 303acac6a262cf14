import { readFileSync, writeFileSync } from 'node:fs';
import { historyFromObject, historyToText } from '../audit/history-json';
function conv(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(conv);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(x)]));
  if (typeof v === 'string') {
    if (/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v)) { const ms = Date.parse(v); const frac = /\.(\d+)Z$/.exec(v)?.[1] ?? ''; return { seconds: String(Math.floor(ms / 1000)), nanos: Number((frac + '000000000').slice(0, 9)) }; }
    const d = /^(-?\d+)(?:\.(\d+))?s$/.exec(v);
    if (d) return { seconds: d[1], nanos: Number(((d[2] ?? '') + '000000000').slice(0, 9)) };
  }
  return v;
}
const o = conv(JSON.parse(readFileSync(process.argv[2] as string, 'utf8')));
writeFileSync(process.argv[3] as string, historyToText(historyFromObject(o)));
