import { DomainError } from '../errors';
import { addDays, beijingDate, dayNumber, endOfBeijingDay, fromDayNumber, instantMs } from './dates';
import type { WorkingCalendar } from './working-calendar';

/** When a period ends. */
export interface Deadline {
  /** The last Beijing calendar day of the period, 'YYYY-MM-DD'. */
  lastDay: string;
  /** 24:00 Beijing of lastDay as an ISO instant: the period is over at and after this instant. */
  endsAt: string;
  /** True when a day it depends on lies in a year whose schedule is not loaded: recompute when it is. */
  provisional: boolean;
  /** Those years, ascending. */
  provisionalYears: number[];
}

export type PeriodUnit = 'calendar' | 'working';

export interface PeriodOptions {
  /** R-06 *policy*: move a calendar-day period ending on a rest day to the next working day (default true). */
  extendOnRestDay?: boolean;
}

// No real calendar has a year of rest days; a longer run means broken override data,
// and failing beats looping forever inside a workflow task.
const MAX_REST_RUN = 366;

function invalid(message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, ['R-06']);
}

/**
 * a period of `days` opened by an act at `openedAt` starts on the
 * following Beijing day and ends at 24:00 Beijing of its last day.
 * - 'calendar': the last day is the opening day + days; if it is a rest day
 *   and extendOnRestDay (default, the rule of Civil Code art. 201/203), the
 *   period runs to the next working day.
 * - 'working': only working days count, adjusted working days
 *   (调休上班) included; the last day is the days-th of them.
 */
export function periodEnd(
  cal: WorkingCalendar,
  openedAt: string,
  days: number,
  unit: PeriodUnit,
  opts: PeriodOptions = {},
): Deadline {
  if (!Number.isInteger(days) || days < 1) throw invalid(`期间天数必须是正整数：${days}`);
  if (unit !== 'calendar' && unit !== 'working') throw invalid(`期间单位无效：${String(unit)}`);
  const openingDay = beijingDate(openedAt);
  const unsettled = new Set<number>();
  // Every day whose kind decides the result goes through here, so the deadline
  // is provisional exactly when one of those days is still a guess.
  const isWorking = (d: string): boolean => {
    for (const y of cal.unsettledYears(d)) unsettled.add(y);
    return cal.isWorkingDay(d);
  };

  let lastDay: string;
  if (unit === 'calendar') {
    lastDay = addDays(openingDay, days);
    if (opts.extendOnRestDay ?? true) {
      let restRun = 0;
      while (!isWorking(lastDay)) {
        if (++restRun > MAX_REST_RUN) throw invalid(`工作日历在 ${lastDay} 前连续一年以上没有工作日`);
        lastDay = addDays(lastDay, 1);
      }
    }
  } else {
    let counted = 0;
    let restRun = 0;
    lastDay = openingDay;
    while (counted < days) {
      lastDay = addDays(lastDay, 1);
      if (isWorking(lastDay)) {
        counted++;
        restRun = 0;
      } else if (++restRun > MAX_REST_RUN) {
        throw invalid(`工作日历在 ${lastDay} 前连续一年以上没有工作日`);
      }
    }
  }

  const provisionalYears = [...unsettled].sort((a, b) => a - b);
  return { lastDay, endsAt: endOfBeijingDay(lastDay), provisional: provisionalYears.length > 0, provisionalYears };
}

/**
 * Working days fully elapsed after the opening day up to instant `at`: a
 * working day counts once its 24:00 Beijing has passed. R-42 compares
 * it with the 7 working days of review; R-48 sums it over the intervals when
 * the submission was with the office, so time while returned does not count.
 */
export function workingDaysElapsed(cal: WorkingCalendar, openedAt: string, at: string): number {
  return workingDaysElapsedDetail(cal, openedAt, at).days;
}

/** A count of working days and, as for a Deadline, whether it rests on a year not yet loaded. */
export interface WorkingDayCount {
  days: number;
  provisional: boolean;
  /** The years whose missing schedule leaves the count a guess, ascending. */
  provisionalYears: number[];
}

/** workingDaysElapsed, saying when a day it classified lies in a year whose schedule is not loaded. */
export function workingDaysElapsedDetail(cal: WorkingCalendar, openedAt: string, at: string): WorkingDayCount {
  if (instantMs(at) <= instantMs(openedAt)) return { days: 0, provisional: false, provisionalYears: [] };
  const first = dayNumber(beijingDate(openedAt)) + 1;
  // Day D is over iff `at` falls on a later Beijing day: 24:00 of D is 00:00 of D + 1.
  const last = dayNumber(beijingDate(at)) - 1;
  let n = 0;
  const unsettled = new Set<number>();
  for (let d = first; d <= last; d++) {
    const date = fromDayNumber(d);
    for (const y of cal.unsettledYears(date)) unsettled.add(y);
    if (cal.isWorkingDay(date)) n++;
  }
  const provisionalYears = [...unsettled].sort((a, b) => a - b);
  return { days: n, provisional: provisionalYears.length > 0, provisionalYears };
}
