import { apply, applyInPlace, fold, parseStageEntries, stageEntryKeywords, stageTimes, STAGE_ENTRIES_KEPT, type DomainEvent } from '../../domain';
import { START_AT, submitted } from './builders';

const H = 60 * 60 * 1000;
const at = (hours: number) => new Date(Date.parse('2026-03-02T01:00:00.000Z') + hours * H).toISOString();

describe('stage entries: when a procedure entered each stage (the dashboard, workflow v10)', () => {
  it('the state keeps each stage with the instant of the event that entered it', () => {
    const t = submitted();
    expect(t.state.stageEntries.map((e) => e.stage)).toEqual(['preparation', 'legality_review', 'preparation', 'awaiting_discussion']);
    expect(t.state.stageEntries[0]?.at).toBe(START_AT);
    const entering = t.events.filter((e, i) => fold(t.events.slice(0, i + 1))?.stage !== fold(t.events.slice(0, i))?.stage);
    expect(t.state.stageEntries.map((e) => e.at)).toEqual(entering.map((e) => e.at));
  });

  it('keywords carry stage and instant, the newest 40 at most, and read back the same', () => {
    const t = submitted();
    expect(stageEntryKeywords(t.state)[0]).toBe(`preparation@${START_AT}`);
    expect(parseStageEntries(stageEntryKeywords(t.state))).toEqual(t.state.stageEntries);
    const many = Array.from({ length: 50 }, (_, i) => ({ stage: i % 2 ? ('legality_review' as const) : ('legality_returned' as const), at: at(i) }));
    const kept = stageEntryKeywords({ stageEntries: many });
    expect(kept).toHaveLength(STAGE_ENTRIES_KEPT);
    expect(kept.at(-1)).toBe(`legality_review@${at(49)}`);
    expect(parseStageEntries(['nonsense', 'no_such_stage@2026-03-02T01:00:00.000Z', 'preparation@not a date', `decided@${at(1)}`])).toEqual([{ stage: 'decided', at: at(1) }]);
  });
});

describe('time spent in each stage', () => {
  const procedures = [
    { procedureKey: 'A', entries: [{ stage: 'preparation' as const, at: at(0) }, { stage: 'legality_review' as const, at: at(10) }, { stage: 'preparation' as const, at: at(12) }, { stage: 'closed' as const, at: at(20) }] },
    { procedureKey: 'B', entries: [{ stage: 'preparation' as const, at: at(0) }, { stage: 'legality_review' as const, at: at(30) }] },
    { procedureKey: 'C', entries: [{ stage: 'preparation' as const, at: at(5) }] },
  ];

  it('median and worst of the stays that ended, and the longest stay still going on, per stage in procedure order', () => {
    expect(stageTimes(procedures, at(40))).toEqual([
      // preparation ended after 10 h (A), 8 h (A again) and 30 h (B); C is in it for 35 h now.
      { stage: 'preparation', completed: 3, medianMs: 10 * H, worstMs: 30 * H, worstProcedureKey: 'B', current: 1, longestCurrentMs: 35 * H, longestCurrentProcedureKey: 'C' },
      { stage: 'legality_review', completed: 1, medianMs: 2 * H, worstMs: 2 * H, worstProcedureKey: 'A', current: 1, longestCurrentMs: 10 * H, longestCurrentProcedureKey: 'B' },
    ]);
  });

  it('an even number of stays has the mean of the middle two as its median; no procedure, no stage', () => {
    const two = [
      { procedureKey: 'A', entries: [{ stage: 'decided' as const, at: at(0) }, { stage: 'published' as const, at: at(4) }] },
      { procedureKey: 'B', entries: [{ stage: 'decided' as const, at: at(0) }, { stage: 'published' as const, at: at(6) }] },
    ];
    expect(stageTimes(two, at(6))[0]).toMatchObject({ stage: 'decided', completed: 2, medianMs: 5 * H, worstMs: 6 * H });
    expect(stageTimes([], at(6))).toEqual([]);
  });
});

describe('applying events without copying the state (issue #13)', () => {
  it('apply leaves its input untouched; fold, which applies in place, gives the same state', () => {
    const t = submitted();
    const before = JSON.stringify(fold(t.events.slice(0, -1)));
    const s = fold(t.events.slice(0, -1));
    apply(s, t.events.at(-1) as DomainEvent);
    expect(JSON.stringify(s)).toBe(before);
    expect(fold(t.events)).toEqual(t.events.reduce((x, e) => apply(x, e), undefined as ReturnType<typeof fold>));
  });

  it('the state shares no object with the event applied to it', () => {
    const t = submitted();
    const s = fold(t.events.slice(0, -1));
    const e = JSON.parse(JSON.stringify(t.events.at(-1))) as DomainEvent;
    if (!s) throw new Error('no state');
    applyInPlace(s, e);
    const after = JSON.stringify(s);
    // Every object and array inside the event is changed after it was applied.
    const touch = (v: unknown): void => {
      if (Array.isArray(v)) {
        v.forEach(touch);
        v.push('changed');
      } else if (v && typeof v === 'object') {
        Object.values(v).forEach(touch);
        (v as Record<string, unknown>).changed = true;
      }
    };
    touch(e);
    expect(JSON.stringify(s)).toBe(after);
  });
});
