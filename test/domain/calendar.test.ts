import { DomainError } from '../../domain/errors';
import {
  WorkingCalendar,
  addDays,
  beijingDate,
  defaultCalendar,
  endOfBeijingDay,
  periodEnd,
  workingDaysElapsed,
} from '../../domain/calendar';

// Every expected date below was worked out by hand from the 2026 notice
// (reference/holidays.md) and a printed 2026 calendar, not by running the code.

describe('R-06 Beijing days and instants', () => {
  it('R-06 an instant belongs to its Beijing calendar day, whatever the UTC date', () => {
    expect(beijingDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01'); // 23:59:59.999 Beijing
    expect(beijingDate('2026-03-01T16:00:00Z')).toBe('2026-03-02'); // 00:00 Beijing
    expect(beijingDate('2026-03-02T00:30:00+08:00')).toBe('2026-03-02');
    expect(beijingDate('2026-03-01T12:00:00-05:00')).toBe('2026-03-02'); // 17:00Z = 01:00 Beijing
  });

  it('R-06 a day ends at 24:00 Beijing, i.e. 16:00Z of the same date', () => {
    expect(endOfBeijingDay('2026-02-13')).toBe('2026-02-13T16:00:00.000Z');
    expect(endOfBeijingDay('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
  });

  it('R-06 addDays is plain calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-01', 30)).toBe('2026-03-31');
  });

  it('R-06 refuses impossible dates and instants without an offset (they would depend on the server zone)', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(DomainError);
    expect(() => defaultCalendar.isWorkingDay('2026-2-3')).toThrow(DomainError);
    expect(() => beijingDate('2026-03-01T23:30:00')).toThrow(DomainError);
    expect(() => beijingDate('not a time')).toThrow(DomainError);
  });
});

describe('R-06 R-42 the 2026 national calendar', () => {
  const cal = defaultCalendar;

  it('R-06 Spring Festival: Feb 15–23 are rest days, Sat Feb 14 and Sat Feb 28 are working days', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // Fri
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Sat, 调休上班
    for (const d of ['15', '16', '17', '18', '19', '20', '21', '22', '23']) {
      expect(cal.isRestDay(`2026-02-${d}`)).toBe(true);
    }
    expect(cal.isWorkingDay('2026-02-24')).toBe(true); // Tue
    expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Sat, 调休上班
    expect(cal.isRestDay('2026-03-01')).toBe(true); // ordinary Sun
    expect(cal.isRestDay('2026-03-07')).toBe(true); // ordinary Sat
  });

  it('R-06 National Day: Oct 1–7 are rest days, Sun Sep 20 and Sat Oct 10 are working days', () => {
    expect(cal.isRestDay('2026-09-19')).toBe(true); // Sat
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sun, 调休上班
    expect(cal.isRestDay('2026-09-25')).toBe(true); // Fri, Mid-Autumn
    for (const d of ['01', '02', '03', '04', '05', '06', '07']) {
      expect(cal.isRestDay(`2026-10-${d}`)).toBe(true);
    }
    expect(cal.isWorkingDay('2026-10-08')).toBe(true); // Thu
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Sat, 调休上班
    expect(cal.isRestDay('2026-10-11')).toBe(true); // Sun
  });

  it('R-06 knows which years are loaded; 2027 is not (no notice in the data yet)', () => {
    expect(cal.hasSchedule(2025)).toBe(true);
    expect(cal.hasSchedule(2026)).toBe(true);
    expect(cal.hasSchedule(2027)).toBe(false);
    expect(cal.version).toBe('cn-national-2025-2026@1');
  });
});

describe('R-06 calendar-day periods', () => {
  it('R-06 30 days opened at 23:30 Beijing start the next day and end 24:00 on day 30', () => {
    const d = periodEnd(defaultCalendar, '2026-03-01T23:30:00+08:00', 30, 'calendar');
    expect(d).toEqual({
      lastDay: '2026-03-31', // Tue
      endsAt: '2026-03-31T16:00:00.000Z',
      provisional: false,
      provisionalYears: [],
    });
    // The same instant written in UTC (15:30Z) gives the same deadline.
    expect(periodEnd(defaultCalendar, '2026-03-01T15:30:00Z', 30, 'calendar')).toEqual(d);
  });

  it('R-06 opened just after midnight Beijing (still the previous day in UTC) counts from the Beijing day', () => {
    // 2026-03-01T16:05Z is 00:05 on Mar 2 in Beijing: day 1 is Mar 3, day 30 is Apr 1 (Wed).
    const d = periodEnd(defaultCalendar, '2026-03-01T16:05:00Z', 30, 'calendar');
    expect(d.lastDay).toBe('2026-04-01');
    expect(d.endsAt).toBe('2026-04-01T16:00:00.000Z');
  });

  it('R-06 a last day inside National Day moves to the next working day (Civil Code art. 203)', () => {
    // Sep 1 + 30 = Oct 1 (holiday); Oct 1–7 off; Oct 8 (Thu) works.
    const d = periodEnd(defaultCalendar, '2026-09-01T10:00:00+08:00', 30, 'calendar');
    expect(d.lastDay).toBe('2026-10-08');
    expect(d.endsAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('R-06 a last day inside Spring Festival moves past the whole holiday', () => {
    // Jan 16 + 30 = Feb 15 (Sun, holiday); Feb 15–23 off; Feb 24 (Tue) works.
    expect(periodEnd(defaultCalendar, '2026-01-16T09:00:00+08:00', 30, 'calendar').lastDay).toBe('2026-02-24');
  });

  it('R-06 a last day on an ordinary weekend moves to Monday; on an adjusted working Saturday it stays', () => {
    // Mar 12 + 30 = Apr 11 (Sat) -> Apr 13 (Mon).
    expect(periodEnd(defaultCalendar, '2026-03-12T09:00:00+08:00', 30, 'calendar').lastDay).toBe('2026-04-13');
    // Jan 15 + 30 = Feb 14, a Saturday worked instead (调休上班): no extension.
    expect(periodEnd(defaultCalendar, '2026-01-15T09:00:00+08:00', 30, 'calendar').lastDay).toBe('2026-02-14');
  });

  it('R-06 with the policy extendOnRestDay=false the period ends on the holiday itself', () => {
    const d = periodEnd(defaultCalendar, '2026-09-01T10:00:00+08:00', 30, 'calendar', { extendOnRestDay: false });
    expect(d.lastDay).toBe('2026-10-01');
    expect(d.endsAt).toBe('2026-10-01T16:00:00.000Z');
  });

  it('R-06 refuses a period that is not a positive whole number of days', () => {
    expect(() => periodEnd(defaultCalendar, '2026-03-01T10:00:00+08:00', 0, 'calendar')).toThrow(DomainError);
    expect(() => periodEnd(defaultCalendar, '2026-03-01T10:00:00+08:00', 2.5, 'working')).toThrow(DomainError);
  });
});

describe('R-42 R-48 working-day periods', () => {
  it('R-42 7 working days across Spring Festival count both adjusted Saturdays', () => {
    // Opened Thu Feb 12: Feb 13 (1), Sat Feb 14 (2), Feb 15–23 off, Feb 24–27 (3–6), Sat Feb 28 (7).
    const d = periodEnd(defaultCalendar, '2026-02-12T10:00:00+08:00', 7, 'working');
    expect(d).toEqual({ lastDay: '2026-02-28', endsAt: '2026-02-28T16:00:00.000Z', provisional: false, provisionalYears: [] });
  });

  it('R-42 7 working days across National Day', () => {
    // Opened Tue Sep 29: Sep 30 (1), Oct 1–7 off, Oct 8 (2), Oct 9 (3), Sat Oct 10 (4), Oct 12–14 (5–7).
    expect(periodEnd(defaultCalendar, '2026-09-29T10:00:00+08:00', 7, 'working').lastDay).toBe('2026-10-14');
    // Opened Fri Sep 18: Sun Sep 20 (1), Sep 21–24 (2–5), Sep 25–27 Mid-Autumn, Sep 28 (6), Sep 29 (7).
    expect(periodEnd(defaultCalendar, '2026-09-18T10:00:00+08:00', 7, 'working').lastDay).toBe('2026-09-29');
  });

  it('R-48 15 working days of reply after Spring Festival', () => {
    // Continues the count above: Mar 2–6 (8–12), Mar 9–11 (13–15).
    expect(periodEnd(defaultCalendar, '2026-02-12T10:00:00+08:00', 15, 'working').lastDay).toBe('2026-03-11');
  });
});

describe('R-06 provisional deadlines in years without a loaded schedule', () => {
  it('R-06 a deadline in 2028 is provisional and names 2028', () => {
    // Dec 20 2027 + 30 = Jan 19 2028 (Wed); only that day needs classifying.
    const d = periodEnd(defaultCalendar, '2027-12-20T10:00:00+08:00', 30, 'calendar');
    expect(d.lastDay).toBe('2028-01-19');
    expect(d.provisional).toBe(true);
    expect(d.provisionalYears).toEqual([2028]);
  });

  it('R-06 working days running into unloaded 2027 are provisional; Jan 1 stays a rest day by statute', () => {
    // Opened Thu Dec 24 2026: Dec 25 (1), Dec 28–31 (2–5), Jan 1 元旦 (fixed by law), Jan 2–3 weekend, Jan 4–5 (6–7).
    const d = periodEnd(defaultCalendar, '2026-12-24T10:00:00+08:00', 7, 'working');
    expect(d.lastDay).toBe('2027-01-05');
    expect(d.provisional).toBe(true);
    expect(d.provisionalYears).toEqual([2027]);
  });

  it('R-06 late December is provisional until next year\'s notice (a New Year block can start in December)', () => {
    // Dec 1 + 30 = Dec 31 2026 (Thu): a 2026 date, but the 2027 notice could still make it a rest day.
    const d = periodEnd(defaultCalendar, '2026-12-01T10:00:00+08:00', 30, 'calendar');
    expect(d.lastDay).toBe('2026-12-31');
    expect(d.provisionalYears).toEqual([2027]);
    // Mid-December is settled by the 2026 notice alone: Nov 16 + 30 = Dec 16 (Wed).
    expect(periodEnd(defaultCalendar, '2026-11-16T10:00:00+08:00', 30, 'calendar').provisional).toBe(false);
  });

  it('R-06 the deadline becomes final once the schedule is loaded', () => {
    const with2028 = new WorkingCalendar({
      version: 'test-with-2028',
      schedules: [...defaultCalendar.toData().schedules, { year: 2028, source: 'test', off: ['2028-01-19'], work: [] }],
    });
    const d = periodEnd(with2028, '2027-12-20T10:00:00+08:00', 30, 'calendar');
    expect(d.lastDay).toBe('2028-01-20');
    expect(d.provisional).toBe(false);
  });
});

describe('R-06 R-42 local overrides', () => {
  const localRest = { off: ['2026-03-31'], work: [], source: '某市人民政府 临时休息日（测试）' };

  it('R-06 an extra local rest day moves a deadline and changes the version', () => {
    const local = defaultCalendar.withOverrides(localRest);
    expect(local.isRestDay('2026-03-31')).toBe(true);
    expect(periodEnd(local, '2026-03-01T23:30:00+08:00', 30, 'calendar').lastDay).toBe('2026-04-01');
    expect(local.version).not.toBe(defaultCalendar.version);
    expect(local.version.startsWith(`${defaultCalendar.version}+`)).toBe(true);
    // The national calendar is untouched: procedures that pinned it keep their deadlines.
    expect(periodEnd(defaultCalendar, '2026-03-01T23:30:00+08:00', 30, 'calendar').lastDay).toBe('2026-03-31');
  });

  it('R-42 a local rest day inside the review period adds a working day', () => {
    // Feb 27 (Fri) off locally: Feb 13, 14, 24, 25, 26, 28 (1–6), Mar 2 (7).
    const local = defaultCalendar.withOverrides({ off: ['2026-02-27'], work: [], source: 'local' });
    expect(periodEnd(local, '2026-02-12T10:00:00+08:00', 7, 'working').lastDay).toBe('2026-03-02');
  });

  it('R-06 a local working day wins over the national holiday', () => {
    const local = defaultCalendar.withOverrides({ off: [], work: ['2026-02-23'], source: 'local' });
    expect(local.isWorkingDay('2026-02-23')).toBe(true);
    expect(defaultCalendar.isWorkingDay('2026-02-23')).toBe(false);
  });

  it('R-06 the version is the same for the same overrides and differs for different ones (replay-safe)', () => {
    const a = defaultCalendar.withOverrides(localRest).version;
    expect(defaultCalendar.withOverrides({ ...localRest }).version).toBe(a);
    expect(defaultCalendar.withOverrides({ ...localRest, off: ['2026-03-30'] }).version).not.toBe(a);
  });

  it('R-06 refuses an override that names a day both off and working', () => {
    expect(() =>
      defaultCalendar.withOverrides({ off: ['2026-03-31'], work: ['2026-03-31'], source: 'bad' }),
    ).toThrow(DomainError);
  });
});

describe('R-42 R-48 working days elapsed', () => {
  const opened = '2026-02-12T10:00:00+08:00'; // Thu

  it('R-42 a working day counts only after its 24:00 Beijing', () => {
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-13T23:59:59+08:00')).toBe(0);
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-13T16:00:00Z')).toBe(1); // Feb 14 00:00 Beijing
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-24T12:00:00+08:00')).toBe(2); // Feb 13, Sat Feb 14
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-26T00:00:00+08:00')).toBe(4); // + Feb 24, 25
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-11T10:00:00+08:00')).toBe(0); // before opening
  });

  it('R-42 discussion becomes possible exactly when the 7-working-day period ends', () => {
    const { endsAt } = periodEnd(defaultCalendar, opened, 7, 'working');
    expect(workingDaysElapsed(defaultCalendar, opened, '2026-02-28T15:59:59.999Z')).toBe(6);
    expect(workingDaysElapsed(defaultCalendar, opened, endsAt)).toBe(7);
  });

  it('R-48 time while the submission is returned does not count: callers sum the intervals', () => {
    // Submitted Mon Mar 2, returned Thu Mar 5 15:00: Mar 3, Mar 4 elapsed.
    const first = workingDaysElapsed(defaultCalendar, '2026-03-02T09:00:00+08:00', '2026-03-05T15:00:00+08:00');
    // Resubmitted Mon Mar 16, now Fri Mar 20 18:00: Mar 17, 18, 19 elapsed.
    const second = workingDaysElapsed(defaultCalendar, '2026-03-16T09:00:00+08:00', '2026-03-20T18:00:00+08:00');
    expect([first, second]).toEqual([2, 3]);
    // Without stopping the clock it would be Mar 3–6, 9–13, 16–19 = 13.
    expect(workingDaysElapsed(defaultCalendar, '2026-03-02T09:00:00+08:00', '2026-03-20T18:00:00+08:00')).toBe(13);
  });
});
