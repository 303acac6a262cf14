import { DomainError, planPeriods, rulesFor, type PlannedPeriod } from '../../domain';

/*
 * Planning a procedure: when each statutory period ends if it
 * opens at a given instant, and whether that end is provisional.
 */
const national = rulesFor('national');
const byId = (periods: PlannedPeriod[], id: PlannedPeriod['id']) => {
  const p = periods.find((x) => x.id === id);
  if (!p) throw new Error(`no ${id}`);
  return p;
};

describe('planPeriods', () => {
  it('counts every period opened on 2026-09-20 (an adjusted working Sunday) across Mid-Autumn and National Day', () => {
    const plan = planPeriods(national, '2026-09-20T10:00:00+08:00');
    expect(plan.jurisdiction).toBe('national');
    expect(plan.calendarVersion).toBe(national.calendar.version);
    const comment = byId(plan.periods, 'commentPeriod');
    expect(comment).toMatchObject({ ruleId: 'R-11', days: 30, counting: 'calendar', lastDay: '2026-10-20', provisional: false });
    expect(comment.endsAtBeijing).toBe('2026-10-21T00:00:00+08:00');
    expect(comment.endsAt).toBe('2026-10-20T16:00:00.000Z');
    // Sep 21–24, then 25–27 off (Mid-Autumn), 28–30: the 7th working day is Sep 30.
    expect(byId(plan.periods, 'legalityReview')).toMatchObject({ ruleId: 'R-42', days: 7, counting: 'working', lastDay: '2026-09-30', provisional: false });
    // Oct 1–7 off, Oct 10 (Saturday) worked: the 15th working day is Oct 16.
    expect(byId(plan.periods, 'officeReply')).toMatchObject({ ruleId: 'R-48', days: 15, lastDay: '2026-10-16' });
    expect(byId(plan.periods, 'officeReplyExtended')).toMatchObject({ ruleId: 'R-48', days: 25, lastDay: '2026-10-30' });
  });

  it('moves a comment period ending on National Day to the next working day (R-06)', () => {
    const comment = byId(planPeriods(national, '2026-09-01T10:00:00+08:00').periods, 'commentPeriod');
    expect(comment).toMatchObject({ lastDay: '2026-10-08', endsAtBeijing: '2026-10-09T00:00:00+08:00', provisional: false });
  });

  it('marks a period that reaches 2027, whose schedule is not loaded, provisional (R-06)', () => {
    const plan = planPeriods(national, '2026-12-10T10:00:00+08:00', { commentDays: 45 });
    const comment = byId(plan.periods, 'commentPeriod');
    expect(comment).toMatchObject({ days: 45, provisional: true, provisionalYears: [2027] });
    expect(byId(plan.periods, 'officeReplyExtended').provisional).toBe(true);
  });

  it('refuses a comment period shorter than the policy minimum (R-11)', () => {
    expect(() => planPeriods(national, '2026-03-02T10:00:00+08:00', { commentDays: 29 })).toThrow(DomainError);
    expect(() => planPeriods(national, '2026-03-02T10:00:00+08:00', { commentDays: 29 })).toThrow(/30/);
  });

  it('reads R-14 lead times back from the hearing: the statute’s 7 days for materials, "in advance" where no figure', () => {
    const hearingAt = '2026-10-20T09:00:00+08:00';
    const plan = planPeriods(national, hearingAt);
    expect(byId(plan.periods, 'hearingMaterials')).toMatchObject({ ruleId: 'R-14', days: 7, counting: 'before-hearing', lastDay: '2026-10-13', endsAtBeijing: '2026-10-14T00:00:00+08:00' });
    expect(byId(plan.periods, 'hearingAnnouncement')).toMatchObject({ days: null, endsAtBeijing: '2026-10-20T09:00:00+08:00' });
    expect(byId(plan.periods, 'hearingParticipantList')).toMatchObject({ days: null });
    const city = planPeriods(rulesFor('example-city'), hearingAt);
    expect(byId(city.periods, 'hearingAnnouncement')).toMatchObject({ days: 30, lastDay: '2026-09-20' });
    expect(byId(city.periods, 'hearingParticipantList')).toMatchObject({ days: 15, lastDay: '2026-10-05' });
    expect(byId(city.periods, 'hearingMaterials')).toMatchObject({ days: 10, lastDay: '2026-10-10' });
  });
});
