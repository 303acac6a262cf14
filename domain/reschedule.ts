import { isUndecided } from './awaiting';
import { type HolidaySchedule, type WorkingCalendar, type CalendarData } from './calendar';
import type { EventMap } from './events';
import { officeReplyDue, currentIntervals } from './legality-clock';
import { policyPeriodEnd } from './policy-time';
import type { ProcedureState } from './state';

/**
 * the calendar a procedure runs on — the one it pinned at start plus every
 * holiday schedule loaded since (each a recorded event).
 */
export function calendarData(pinned: CalendarData, s: ProcedureState | undefined): CalendarData {
  const loaded = s?.loadedSchedules ?? [];
  if (loaded.length === 0) return pinned;
  return {
    ...pinned,
    version: `${pinned.version}+${loaded.map((x) => x.year).join('+')}`,
    schedules: [...pinned.schedules, ...loaded],
  };
}

/**
 * when a year's schedule arrives, deadlines computed as provisional are
 * recomputed on the completed calendar. Returns the event to record, or
 * undefined when the year is already loaded.
 */
export function loadSchedule(
  s: ProcedureState,
  current: WorkingCalendar,
  next: WorkingCalendar,
  schedule: HolidaySchedule,
): EventMap['HolidayScheduleLoaded'] | undefined {
  if (current.hasSchedule(schedule.year)) return undefined;
  const out: EventMap['HolidayScheduleLoaded'] = { schedule, calendarVersion: next.version };
  const p = s.participation.period;
  if (p && p.provisional && !s.participation.closed) {
    const end = policyPeriodEnd(s.policy, next, p.openedAt, p.days, 'calendar');
    out.participationEnd = { lastDay: end.lastDay, endsAt: end.endsAt, provisional: end.provisional };
  }
  const open = currentIntervals(s).at(-1);
  if (s.stage === 'legality_review' && s.legality.officeDueProvisional && open) {
    const due = officeReplyDue(s, next, open.submittedAt);
    out.officeDue = { lastDay: due.lastDay, endsAt: due.endsAt, provisional: due.provisional };
  }
  // the sponsor's supplement date, counted from the return.
  const returned = currentIntervals(s).at(-1)?.returnedAt;
  const supplementDays = s.policy.supplementWorkingDays as number | undefined;
  if (s.stage === 'legality_returned' && s.legality.supplementDueProvisional && returned && supplementDays !== undefined) {
    const due = policyPeriodEnd(s.policy, next, returned, supplementDays, 'working');
    out.supplementDue = { lastDay: due.lastDay, endsAt: due.endsAt, provisional: due.provisional };
  }
  // the delay limit, when computed as an R-06 period that was provisional.
  const delay = s.delayedDecisionDue;
  if (delay?.provisional && isUndecided(s) && !s.delayed) {
    const end = policyPeriodEnd(s.policy, next, s.startedAt, s.policy.delayedDecisionDays, 'calendar');
    out.delayedDecision = { lastDay: end.lastDay, endsAt: end.endsAt, provisional: end.provisional };
  }
  // the next periodic execution report, counted from the naming or the last periodic report.
  const report = s.after.executionReportDue;
  const every = s.policy.executionReportEveryDays as number | undefined;
  const named = s.after.executingUnit;
  if (report?.provisional && named && every !== undefined && (s.stage === 'executing' || s.stage === 'post_evaluation')) {
    const from = s.after.executionReports.filter((r) => r.kind === 'periodic').at(-1)?.at ?? named.at;
    const end = policyPeriodEnd(s.policy, next, from, every, 'calendar');
    out.executionReportDue = { lastDay: end.lastDay, endsAt: end.endsAt, provisional: end.provisional };
  }
  return out;
}
