import { BUILT_IN_JURISDICTIONS, DomainError, defaultCalendar, jurisdictionsSchema, policyDayEnd, policyPeriodEnd, policyWorkingDaysElapsed, resolvePolicy, rulesFor } from '../../domain';

describe('jurisdiction policy (R-46, R-48, R-06)', () => {
  it('R-46: a jurisdiction can require two-level review; the national default does not', () => {
    expect(rulesFor('national').policy.twoLevelLegalityReview).toBe(false);
    const city = rulesFor('example-city');
    expect(city.policy).toMatchObject({ jurisdiction: 'example-city', version: 'example-city@1', twoLevelLegalityReview: true });
    // Everything not overridden keeps the decree's default (R-11: 30 days; R-42: 7 working days).
    expect(city.policy).toMatchObject({ commentPeriodMinDays: 30, legalityReviewMinWorkingDays: 7 });
  });

  it('R-06: local rest days change the calendar and its pinned version', () => {
    const registry = jurisdictionsSchema.parse([
      ...BUILT_IN_JURISDICTIONS,
      { id: 'river-county', name: '河县', calendarOverrides: { off: ['2026-03-10'], work: [], source: '河县人民政府通知' } },
    ]);
    const county = rulesFor('river-county', registry);
    expect(county.calendar.isWorkingDay('2026-03-10')).toBe(false);
    expect(rulesFor('national', registry).calendar.isWorkingDay('2026-03-10')).toBe(true);
    expect(county.calendar.version).not.toBe(rulesFor('national', registry).calendar.version);
  });

  it('an unknown jurisdiction, and a simulation policy outside simulation mode, are refused', () => {
    expect(() => rulesFor('atlantis')).toThrow(DomainError);
    const registry = jurisdictionsSchema.parse([{ id: 'bench', name: '基准测试', policy: { simulation: true, commentPeriodMinDays: 1 } }]);
    expect(() => rulesFor('bench', registry)).toThrow(/模拟/);
    expect(rulesFor('bench', registry, true).policy.simulation).toBe(true);
  });
});

describe('simulation policy (benchmarks only)', () => {
  it('R-11 R-42 R-66: in simulation a statutory day lasts simulationDayMs, so waits take seconds', () => {
    const policy = resolvePolicy({ simulation: true, simulationDayMs: 1000 });
    const opened = '2026-03-02T02:00:00.000Z';
    expect(policyPeriodEnd(policy, defaultCalendar, opened, 30, 'calendar').endsAt).toBe('2026-03-02T02:00:30.000Z');
    expect(policyWorkingDaysElapsed(policy, defaultCalendar, opened, '2026-03-02T02:00:07.500Z')).toBe(7);
    expect(policyDayEnd(policy, opened, 365)).toBe('2026-03-02T02:06:05.000Z');
    // Outside simulation the same calls count Beijing calendar and working days.
    const real = resolvePolicy({});
    expect(policyPeriodEnd(real, defaultCalendar, opened, 30, 'calendar').lastDay).toBe('2026-04-01');
  });
});
