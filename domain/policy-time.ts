import {
  addDays,
  beijingDate,
  endOfBeijingDay,
  periodEnd,
  workingDaysElapsedDetail,
  type Deadline,
  type WorkingDayCount,
  type WorkingCalendar,
} from './calendar';
import type { JurisdictionPolicy } from './policy';

/**
 * Periods as the procedure's policy counts them: on the calendar, or, in
 * a simulation policy (benchmarks only, refused outside simulation mode), with
 * each day lasting `simulationDayMs` so statutory waits take seconds.
 */
export function policyPeriodEnd(
  policy: JurisdictionPolicy,
  cal: WorkingCalendar,
  openedAt: string,
  days: number,
  unit: 'calendar' | 'working',
): Deadline {
  if (policy.simulation) {
    const endsAt = new Date(Date.parse(openedAt) + days * policy.simulationDayMs).toISOString();
    return { lastDay: beijingDate(endsAt), endsAt, provisional: false, provisionalYears: [] };
  }
  return periodEnd(cal, openedAt, days, unit, unit === 'calendar' ? { extendOnRestDay: policy.periodEndExtendsOnRestDay } : {});
}

/** Working days elapsed between two instants, or simulated days. */
export function policyWorkingDaysElapsed(policy: JurisdictionPolicy, cal: WorkingCalendar, from: string, to: string): number {
  return policyWorkingDaysElapsedDetail(policy, cal, from, to).days;
}

/** policyWorkingDaysElapsed, with the years not yet loaded that the count rests on. */
export function policyWorkingDaysElapsedDetail(policy: JurisdictionPolicy, cal: WorkingCalendar, from: string, to: string): WorkingDayCount {
  if (policy.simulation) {
    return { days: Math.floor((Date.parse(to) - Date.parse(from)) / policy.simulationDayMs), provisional: false, provisionalYears: [] };
  }
  return workingDaysElapsedDetail(cal, from, to);
}

/** The end of the calendar day `days` after `startedAt`, or its simulated instant. */
export function policyDayEnd(policy: JurisdictionPolicy, startedAt: string, days: number): string {
  if (policy.simulation) return new Date(Date.parse(startedAt) + days * policy.simulationDayMs).toISOString();
  return endOfBeijingDay(addDays(beijingDate(startedAt), days));
}
