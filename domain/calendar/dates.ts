import { DomainError } from '../errors';

/*
 * legal time is Beijing time. Asia/Shanghai has been UTC+08:00 without
 * daylight saving since 1992, so the offset is a constant here: the workflow
 * sandbox and the servers may run in any process time zone, and Intl time-zone
 * data differs between Node builds, so neither may decide a legal deadline.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: without one, Date.parse reads it in the
// process time zone and the same input would give different deadlines.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' calendar date; rejects impossible dates such as 2026-02-30. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    // Date.UTC silently rolls 02-30 into March; a legal date must exist as written.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new DomainError('INVALID_INPUT', `日期无效（应为 YYYY-MM-DD）：${date}`, ['R-06']);
}

/** The 'YYYY-MM-DD' date of a day number (inverse of dayNumber). */
export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of an ISO-8601 instant that states its offset. */
export function instantMs(instant: string): number {
  const ms = INSTANT_RE.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(ms)) {
    throw new DomainError(
      'INVALID_INPUT',
      `时刻无效（应为带时区的 ISO-8601，如 2026-03-01T23:30:00+08:00）：${instant}`,
      ['R-06'],
    );
  }
  return ms;
}

/** ISO instant -> the Beijing calendar day it falls on. */
export function beijingDate(instant: string): string {
  return new Date(instantMs(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' -> the instant of 24:00 Beijing of that day, i.e. 16:00Z of the same date. */
export function endOfBeijingDay(date: string): string {
  return new Date((dayNumber(date) + 1) * DAY_MS - BEIJING_OFFSET_MS).toISOString();
}

/** Plain calendar-day arithmetic; n may be negative. */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) {
    throw new DomainError('INVALID_INPUT', `天数必须是整数：${n}`, ['R-06']);
  }
  return fromDayNumber(dayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday, like Date#getUTCDay. */
export function weekday(date: string): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps dates before 1970 right.
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

export function yearOf(date: string): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** An instant written in Beijing time with its offset, e.g. 2026-11-01T00:00:00+08:00. */
export function beijingIso(instant: string): string {
  return `${new Date(instantMs(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
