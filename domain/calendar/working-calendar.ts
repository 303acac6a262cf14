import { z } from 'zod';
import { DomainError } from '../errors';
import { dayNumber, isIsoDate, isWeekend, yearOf } from './dates';

/** One year's national holiday schedule (国务院办公厅 部分节假日安排), R-06. Dates are 'YYYY-MM-DD'. */
export interface HolidaySchedule {
  year: number;
  /** The notice it comes from, with its number and date, so an auditor can check it. */
  source: string;
  /** Statutory rest days (放假), weekend days inside a holiday block included. */
  off: string[];
  /** Adjusted working days (调休上班): weekend days worked instead. */
  work: string[];
}

/** A jurisdiction's local days (地方性休息日/调整), R-42: they win over the national schedule. */
export interface CalendarOverrides {
  off: string[];
  work: string[];
  source: string;
}

export interface CalendarData {
  version: string;
  schedules: HolidaySchedule[];
  /** Applied in order; where two mention the same date, the later one wins. */
  overrides?: CalendarOverrides[];
}

const isoDateSchema = z.string().refine(isIsoDate, { message: '日期无效（应为 YYYY-MM-DD）' });

/** Shape of a schedule arriving as data (e.g. the next year's notice loaded by an operator). */
export const holidayScheduleSchema = z.object({
  year: z.number().int().min(1000).max(9999),
  source: z.string().min(1),
  off: z.array(isoDateSchema),
  work: z.array(isoDateSchema),
});
export const calendarOverridesSchema = z.object({
  off: z.array(isoDateSchema),
  work: z.array(isoDateSchema),
  source: z.string().min(1),
});
export const calendarDataSchema = z.object({
  version: z.string().min(1),
  schedules: z.array(holidayScheduleSchema),
  overrides: z.array(calendarOverridesSchema).optional(),
});

/*
 * A New Year block may start in the last days of December, and the notice of
 * the *following* year announces it (e.g. 2018-12-29 worked, 12-30/31 off, in
 * the notice for 2019; 2022-12-31 off in the notice for 2023). From this day of
 * December on, a date is therefore settled only once next year's schedule is
 * loaded too. The 25th leaves margin beyond every such case so far (the 29th).
 */
const YEAR_END_WINDOW_START_DAY = 25;

function inYearEndWindow(date: string): boolean {
  return date.slice(5, 7) === '12' && Number(date.slice(8, 10)) >= YEAR_END_WINDOW_START_DAY;
}

/*
 * For a year whose schedule is not loaded, the estimate keeps the holidays
 * fixed by date in 《全国年节及纪念日放假办法》 (2024 revision, art. 2): 元旦
 * Jan 1, 劳动节 May 1–2, 国庆节 Oct 1–3. They are rest days whatever the
 * notice will say; the lunar holidays cannot be known before the notice.
 */
const FIXED_STATUTORY_HOLIDAYS = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'];

function invalid(message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, ['R-06']);
}

function checkSchedules(schedules: HolidaySchedule[]): void {
  const years = new Set<number>();
  const kindOf = new Map<string, 'off' | 'work'>();
  for (const s of schedules) {
    if (years.has(s.year)) throw invalid(`${s.year} 年的节假日安排重复`);
    years.add(s.year);
    for (const [kind, dates] of [['off', s.off], ['work', s.work]] as const) {
      for (const d of dates) {
        const y = yearOf(d);
        if (y !== s.year && !(y === s.year - 1 && inYearEndWindow(d))) {
          throw invalid(`${s.year} 年节假日安排含有不属于该年的日期：${d}`);
        }
        // A weekday listed as "work" would change nothing: it is a typo in the data.
        if (kind === 'work' && !isWeekend(d)) throw invalid(`调休上班日应为周末：${d}`);
        const seen = kindOf.get(d);
        if (seen !== undefined && seen !== kind) throw invalid(`同一日期既是放假日又是上班日：${d}`);
        kindOf.set(d, kind);
      }
    }
  }
}

function checkOverrides(o: CalendarOverrides): void {
  const off = new Set(o.off);
  const both = o.work.find((d) => off.has(d));
  if (both !== undefined) throw invalid(`地方调整中同一日期既是休息日又是工作日：${both}（${o.source}）`);
}

function copyData(data: CalendarData): CalendarData {
  return {
    version: data.version,
    schedules: data.schedules.map((s) => ({ ...s, off: [...s.off], work: [...s.work] })),
    overrides: (data.overrides ?? []).map((o) => ({ ...o, off: [...o.off], work: [...o.work] })),
  };
}

/** A short, stable fingerprint (53-bit, hex) so two different overrides never share a version. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The working-day calendar (工作日历) of: national schedules plus a
 * jurisdiction's overrides. Immutable, so the version a procedure pinned
 * always classifies the same days.
 */
export class WorkingCalendar {
  readonly version: string;
  private readonly data: CalendarData;
  private readonly years: Set<number>;
  private readonly national = new Map<string, boolean>(); // date -> working?
  private readonly local = new Map<string, boolean>(); // date -> working?

  constructor(data: CalendarData) {
    const parsed = calendarDataSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`工作日历数据无效：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
    this.data = copyData(parsed.data);
    checkSchedules(this.data.schedules);
    this.version = this.data.version;
    this.years = new Set(this.data.schedules.map((s) => s.year));
    for (const s of this.data.schedules) {
      for (const d of s.off) this.national.set(d, false);
      for (const d of s.work) this.national.set(d, true);
    }
    for (const o of this.data.overrides ?? []) {
      checkOverrides(o);
      for (const d of o.off) this.local.set(d, false);
      for (const d of o.work) this.local.set(d, true);
    }
  }

  /** Whether the national schedule of `year` is loaded (R-06: otherwise deadlines are provisional). */
  hasSchedule(year: number): boolean {
    return this.years.has(year);
  }

  get loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * a working day is a weekday that is not a rest day, or an
   * adjusted working day (调休上班); local overrides win over both.
   */
  isWorkingDay(date: string): boolean {
    dayNumber(date);
    const local = this.local.get(date);
    if (local !== undefined) return local;
    const national = this.national.get(date);
    if (national !== undefined) return national;
    if (!this.years.has(yearOf(date)) && FIXED_STATUTORY_HOLIDAYS.includes(date.slice(5))) return false;
    return !isWeekend(date);
  }

  isRestDay(date: string): boolean {
    return !this.isWorkingDay(date);
  }

  /**
   * Years whose missing schedule leaves the classification of `date` a guess
   * (R-06 provisional deadlines); empty when the date is settled.
   */
  unsettledYears(date: string): number[] {
    if (this.local.has(date)) return []; // a local decision names this very day
    const y = yearOf(date);
    const missing = this.years.has(y) ? [] : [y];
    if (inYearEndWindow(date) && !this.years.has(y + 1)) missing.push(y + 1);
    return missing;
  }

  /** A new calendar with a jurisdiction's overrides on top; its version names them by fingerprint. */
  withOverrides(o: CalendarOverrides): WorkingCalendar {
    const parsed = calendarOverridesSchema.safeParse(o);
    if (!parsed.success) throw invalid(`地方工作日调整无效：${parsed.error.issues[0]?.message ?? ''}`);
    const canonical = JSON.stringify({
      source: o.source,
      off: [...new Set(o.off)].sort(),
      work: [...new Set(o.work)].sort(),
    });
    const data = copyData(this.data);
    return new WorkingCalendar({
      version: `${this.version}+local-${fingerprint(canonical)}`,
      schedules: data.schedules,
      overrides: [...(data.overrides ?? []), { source: o.source, off: [...o.off], work: [...o.work] }],
    });
  }

  /** The data this calendar was built from, e.g. to record it next to its version. */
  toData(): CalendarData {
    return copyData(this.data);
  }
}
