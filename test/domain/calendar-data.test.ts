import chineseDays from 'chinese-days/dist/chinese-days.json';
import { DomainError } from '../../domain/errors';
import { NATIONAL_SCHEDULES, WorkingCalendar, defaultCalendar, type HolidaySchedule } from '../../domain/calendar';

// the committed schedules are data; these tests check them against their sources.

/** The 2026 table of reference/holidays.md, copied verbatim. */
const HOLIDAYS_MD_2026 = `
| New Year 元旦 | Jan 1–3 | Sun Jan 4 |
| Spring Festival 春节 | Feb 15–23 | Sat Feb 14, Sat Feb 28 |
| Qingming 清明节 | Apr 4–6 | — |
| Labour Day 劳动节 | May 1–5 | Sat May 9 |
| Dragon Boat 端午节 | Jun 19–21 | — |
| Mid-Autumn 中秋节 | Sep 25–27 | — |
| National Day 国庆节 | Oct 1–7 | Sun Sep 20, Sat Oct 10 |
`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function iso(year: number, month: string, day: number): string {
  const m = MONTHS.indexOf(month) + 1;
  if (m === 0) throw new Error(`unknown month ${month}`);
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses the table with its own date logic (JS Date in UTC), independent of domain/calendar. */
function parseTable(year: number, table: string): { off: string[]; work: string[] } {
  const off: string[] = [];
  const work: string[] = [];
  for (const line of table.trim().split('\n')) {
    const [, , offCell = '', workCell = ''] = line.split('|').map((c) => c.trim());
    const range = /^([A-Z][a-z]{2}) (\d+)–(\d+)$/.exec(offCell);
    if (!range) throw new Error(`cannot read off cell: ${offCell}`);
    for (let d = Number(range[2]); d <= Number(range[3]); d++) off.push(iso(year, range[1] ?? '', d));
    if (workCell === '—') continue;
    for (const item of workCell.split(', ')) {
      const w = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d+)$/.exec(item);
      if (!w) throw new Error(`cannot read work cell: ${item}`);
      const date = iso(year, w[2] ?? '', Number(w[3]));
      // The table states the weekday of each adjusted working day; hold it to that.
      expect(WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]).toBe(w[1]);
      work.push(date);
    }
  }
  return { off, work };
}

function schedule(year: number): HolidaySchedule {
  const s = NATIONAL_SCHEDULES.find((x) => x.year === year);
  if (!s) throw new Error(`no schedule for ${year}`);
  return s;
}

const sorted = (xs: string[]): string[] => [...xs].sort();

describe('R-06 national schedule data', () => {
  it('R-06 2026 equals the table of reference/holidays.md (State Council notice of 2025-11-04)', () => {
    const table = parseTable(2026, HOLIDAYS_MD_2026);
    expect(sorted(schedule(2026).off)).toEqual(sorted(table.off));
    expect(sorted(schedule(2026).work)).toEqual(sorted(table.work));
    expect(schedule(2026).source).toContain('2025年11月4日');
  });

  const cd = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
  const cdYears = (): number[] => [...new Set(Object.keys(cd.holidays).map((d) => Number(d.slice(0, 4))))];

  it.each([2025, 2026])('R-06 %i equals chinese-days (rest days and adjusted working days)', (year) => {
    const inYear = (m: Record<string, string>): string[] => Object.keys(m).filter((d) => d.startsWith(`${year}-`));
    expect(sorted(schedule(year).off)).toEqual(sorted(inYear(cd.holidays)));
    expect(sorted(schedule(year).work)).toEqual(sorted(inYear(cd.workdays)));
  });

  it.each([2025, 2026])('R-06 every day of %i is classified as chinese-days classifies it', (year) => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const dow = new Date(t).getUTCDay();
      const theirs = date in cd.workdays || (dow >= 1 && dow <= 5 && !(date in cd.holidays));
      if (defaultCalendar.isWorkingDay(date) !== theirs) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('R-06 every recent year chinese-days knows is loaded, and 2027 is absent there too', () => {
    // When chinese-days gains 2027 (after the State Council notice), this fails: add the year.
    const known = cdYears().filter((y) => y >= 2025).sort();
    expect(known).toEqual(defaultCalendar.loadedYears);
    expect(known).not.toContain(2027);
  });

  it('R-06 each schedule names the notice it comes from', () => {
    expect(schedule(2025).source).toContain('国办发明电〔2024〕12号');
    for (const s of NATIONAL_SCHEDULES) expect(s.source).toMatch(/^国务院办公厅关于\d{4}年部分节假日安排的通知/);
  });
});

describe('R-06 calendar data is validated when loaded', () => {
  const base = { version: 'v', schedules: [] as HolidaySchedule[] };

  it('R-06 refuses a weekday listed as an adjusted working day (a typo would silently do nothing)', () => {
    const bad = { year: 2026, source: 's', off: [], work: ['2026-02-13'] }; // Fri
    expect(() => new WorkingCalendar({ ...base, schedules: [bad] })).toThrow(DomainError);
  });

  it('R-06 refuses a date outside its year, except the New Year block in late December before it', () => {
    const stray = { year: 2026, source: 's', off: ['2025-06-01'], work: [] };
    expect(() => new WorkingCalendar({ ...base, schedules: [stray] })).toThrow(DomainError);
    // Like the notice for 2019, which gave 2018-12-30/31 off and Sat 2018-12-29 worked.
    const cal = new WorkingCalendar({
      ...base,
      schedules: [{ year: 2019, source: 's', off: ['2018-12-30', '2018-12-31', '2019-01-01'], work: ['2018-12-29'] }],
    });
    expect(cal.isRestDay('2018-12-31')).toBe(true);
    expect(cal.isWorkingDay('2018-12-29')).toBe(true);
  });

  it('R-06 refuses two schedules for one year and malformed dates', () => {
    const s = { year: 2026, source: 's', off: [], work: [] };
    expect(() => new WorkingCalendar({ ...base, schedules: [s, s] })).toThrow(DomainError);
    expect(() => new WorkingCalendar({ ...base, schedules: [{ ...s, off: ['2026-13-01'] }] })).toThrow(DomainError);
  });

  it('R-06 is not changed by later mutation of the data it was built from', () => {
    const data = { version: 'v', schedules: [{ year: 2026, source: 's', off: ['2026-03-02'], work: [] }] };
    const cal = new WorkingCalendar(data);
    data.schedules[0]?.off.pop();
    expect(cal.isRestDay('2026-03-02')).toBe(true);
    expect(cal.toData().schedules[0]?.off).toEqual(['2026-03-02']);
  });
});
