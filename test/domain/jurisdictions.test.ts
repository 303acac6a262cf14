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
    const registry = jurisdictionsSchema.parse([{ id: 'bench', name: '基准测试', policy: { simulation: true, simulationDayMs: 1000 } }]);
    expect(() => rulesFor('bench', registry)).toThrow(/模拟/);
    expect(rulesFor('bench', registry, true).policy.simulation).toBe(true);
  });

  it('R-11 R-42 R-14: the statute\'s figures are floors — a jurisdiction may raise them, never lower them', () => {
    const lowered = [
      ['commentPeriodMinDays', 29, 30],
      ['legalityReviewMinWorkingDays', 6, 7],
      ['hearingMaterialsLeadDays', 6, 7],
    ] as const;
    for (const [field, value, floor] of lowered) {
      const parsed = jurisdictionsSchema.safeParse([{ id: 'low-county', name: '低县', policy: { [field]: value } }]);
      expect(parsed.success).toBe(false);
      const issue = parsed.error?.issues[0];
      expect(issue?.path).toEqual([0, 'policy', field]);
      // The message names the field and its floor, Chinese first.
      expect(issue?.message).toMatch(new RegExp(`^${field} 不得低于法定的 ${floor} .* / ${field} may not be below the statutory ${floor} `));
      expect(() => resolvePolicy({ [field]: value })).toThrow(field);
    }
    // Raising is allowed.
    const high = jurisdictionsSchema.parse([{ id: 'high-county', name: '高县', policy: { commentPeriodMinDays: 45, legalityReviewMinWorkingDays: 10, hearingMaterialsLeadDays: 15 } }]);
    expect(rulesFor('high-county', high).policy).toMatchObject({ commentPeriodMinDays: 45, legalityReviewMinWorkingDays: 10, hearingMaterialsLeadDays: 15 });
  });

  it('R-11 R-42: a simulation policy shortens the day, not the count, so the floors bind it too', () => {
    expect(jurisdictionsSchema.safeParse([{ id: 'bench', name: '基准测试', policy: { simulation: true, commentPeriodMinDays: 1 } }]).success).toBe(false);
    const sim = jurisdictionsSchema.parse([{ id: 'bench', name: '基准测试', policy: { simulation: true, simulationDayMs: 2000 } }]);
    const { policy } = rulesFor('bench', sim, true);
    expect(policy).toMatchObject({ commentPeriodMinDays: 30, legalityReviewMinWorkingDays: 7, simulationDayMs: 2000 });
    // 30 statutory days of 2 s each: a minute.
    expect(policyPeriodEnd(policy, defaultCalendar, '2026-03-02T02:00:00.000Z', policy.commentPeriodMinDays, 'calendar').endsAt).toBe('2026-03-02T02:01:00.000Z');
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
