import { STAGES, type ProcedureState, type Stage, type StageEntry } from './state';

/*
 * Time spent in each stage, for the dashboard (看板). A procedure's stage entries travel in its
 * `StageEntries` search attribute (workflow v10), written in the same upsert as the stage itself,
 * so lists read them with no history and the history gains no event. No personal data: stages
 * and instants only.
 */

/** Entries kept in the search attribute: a value stays well under the server's 2 KB per value. */
export const STAGE_ENTRIES_KEPT = 40;

/** `stage@instant`, the newest STAGE_ENTRIES_KEPT of them. */
export function stageEntryKeywords(s: Pick<ProcedureState, 'stageEntries'>): string[] {
  return s.stageEntries.slice(-STAGE_ENTRIES_KEPT).map((e) => `${e.stage}@${e.at}`);
}

/** The entries a `StageEntries` value holds; anything malformed is skipped. */
export function parseStageEntries(keywords: readonly string[] | undefined): StageEntry[] {
  const out: StageEntry[] = [];
  for (const k of keywords ?? []) {
    const i = k.indexOf('@');
    const stage = k.slice(0, i) as Stage;
    const at = k.slice(i + 1);
    if (i > 0 && (STAGES as readonly string[]).includes(stage) && !Number.isNaN(Date.parse(at))) out.push({ stage, at });
  }
  // The visibility store may hand a keyword list back in another order.
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface StageTime {
  stage: Stage;
  /** Stays that ended (the procedure moved on). */
  completed: number;
  medianMs?: number;
  worstMs?: number;
  worstProcedureKey?: string;
  /** Procedures in the stage now, and the longest of their stays so far. */
  current: number;
  longestCurrentMs?: number;
  longestCurrentProcedureKey?: string;
}

/**
 * Median and worst time spent in each stage over `procedures`, at `now`. A stay ends when the
 * next stage is entered; `closed` is an end, not a stay. Stages no procedure was in are left out.
 */
export function stageTimes(procedures: readonly { procedureKey: string; entries: readonly StageEntry[] }[], now: string): StageTime[] {
  const done = new Map<Stage, { ms: number; key: string }[]>();
  const open = new Map<Stage, { ms: number; key: string }[]>();
  const push = (m: typeof done, stage: Stage, ms: number, key: string) => m.set(stage, [...(m.get(stage) ?? []), { ms, key }]);
  for (const p of procedures) {
    p.entries.forEach((e, i) => {
      if (e.stage === 'closed') return;
      const next = p.entries[i + 1];
      if (next) push(done, e.stage, Date.parse(next.at) - Date.parse(e.at), p.procedureKey);
      else push(open, e.stage, Math.max(0, Date.parse(now) - Date.parse(e.at)), p.procedureKey);
    });
  }
  const longest = (xs: { ms: number; key: string }[]) => xs.reduce((a, b) => (b.ms > a.ms ? b : a));
  return STAGES.filter((st) => done.has(st) || open.has(st)).map((stage) => {
    const d = done.get(stage) ?? [];
    const o = open.get(stage) ?? [];
    const out: StageTime = { stage, completed: d.length, current: o.length };
    if (d.length > 0) {
      const w = longest(d);
      Object.assign(out, { medianMs: median(d.map((x) => x.ms)), worstMs: w.ms, worstProcedureKey: w.key });
    }
    if (o.length > 0) {
      const w = longest(o);
      Object.assign(out, { longestCurrentMs: w.ms, longestCurrentProcedureKey: w.key });
    }
    return out;
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
