import type { Deadline, WorkingCalendar, WorkingDayCount } from './calendar';
import { policyPeriodEnd, policyWorkingDaysElapsed, policyWorkingDaysElapsedDetail } from './policy-time';
import { currentDraft, type ProcedureState, type ReviewInterval } from './state';

/** The review intervals of the current draft: a new draft restarts the review. */
export function currentIntervals(s: ProcedureState): ReviewInterval[] {
  const v = currentDraft(s).version;
  return s.legality.intervals.filter((i) => i.draftVersion === v);
}

/**
 * Working days the office has had the current draft, up to `now`:
 * time while returned for supplement does not count.
 */
export function reviewWorkingDays(s: ProcedureState, cal: WorkingCalendar, now: string): number {
  return reviewWorkingDaysDetail(s, cal, now).days;
}

/** reviewWorkingDays, saying when the count crosses a year whose holiday schedule is not loaded. */
export function reviewWorkingDaysDetail(s: ProcedureState, cal: WorkingCalendar, now: string): WorkingDayCount {
  let days = 0;
  const years = new Set<number>();
  for (const i of currentIntervals(s)) {
    const c = policyWorkingDaysElapsedDetail(s.policy, cal, i.submittedAt, i.returnedAt ?? now);
    days += c.days;
    for (const y of c.provisionalYears) years.add(y);
  }
  const provisionalYears = [...years].sort((a, b) => a - b);
  return { days, provisional: provisionalYears.length > 0, provisionalYears };
}

/**
 * when the office must reply, for a submission made at `submittedAt`:
 * the policy's working days (plus an extension) less those already used
 * before a return for supplement.
 */
export function officeReplyDue(
  s: ProcedureState,
  cal: WorkingCalendar,
  submittedAt: string,
  // An extension belongs to the draft it was granted for.
  extraWorkingDays = s.legality.extension?.draftVersion === currentDraft(s).version ? s.legality.extension.workingDays : 0,
): Deadline {
  const used = currentIntervals(s)
    .filter((i) => i.returnedAt !== undefined)
    .reduce((sum, i) => sum + policyWorkingDaysElapsed(s.policy, cal, i.submittedAt, i.returnedAt as string), 0);
  const allowance = s.policy.officeReplyWorkingDays + extraWorkingDays;
  return policyPeriodEnd(s.policy, cal, submittedAt, Math.max(1, allowance - used), 'working');
}
