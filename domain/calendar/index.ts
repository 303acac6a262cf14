/*
 * The working-day calendar of the domain (docs/rules.md R-06, used by ).
 * Pure: callers pass every instant; nothing here reads a clock or a file.
 */
import { NATIONAL_CALENDAR_VERSION, NATIONAL_SCHEDULES } from './national-schedules';
import { WorkingCalendar } from './working-calendar';

export { addDays, beijingDate, beijingIso, endOfBeijingDay, isIsoDate, weekday } from './dates';
export {
  WorkingCalendar,
  calendarDataSchema,
  calendarOverridesSchema,
  holidayScheduleSchema,
  type CalendarData,
  type CalendarOverrides,
  type HolidaySchedule,
} from './working-calendar';
export { periodEnd, workingDaysElapsed, workingDaysElapsedDetail, type WorkingDayCount, type Deadline, type PeriodOptions, type PeriodUnit } from './periods';
export { NATIONAL_CALENDAR_VERSION, NATIONAL_SCHEDULES } from './national-schedules';

/** The national calendar that a procedure pins unless its jurisdiction adds overrides. */
export const defaultCalendar: WorkingCalendar = new WorkingCalendar({
  version: NATIONAL_CALENDAR_VERSION,
  schedules: NATIONAL_SCHEDULES,
});
