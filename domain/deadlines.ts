import type { Actor } from './actor';
import { addDays, beijingDate, type WorkingCalendar } from './calendar';
import { dueItems, dueKey, type DueItem } from './awaiting';
import type { DomainEvent } from './events';
import type { ProcedureState } from './state';

/*
 * Deadlines with a duty behind them (issue: notifications, deadlines): the policy's reminder a
 * number of working days before the due date; on expiry, escalation to the unit's head and to
 * the decision organ, and the procedure is overdue until the duty is done. R-66's limit is
 * the same kind of date, and its expiry is DelayedFlagged (久拖不决).
 *
 * Pure: the workflow asks for the next alarm, sleeps on one durable timer until it, and
 * records what `fireAlarms` returns.
 */

export interface Alarm {
  at: string;
  kind: 'reminder' | 'expiry';
  due: DueItem;
}

// Reminders arrive at the start of office hours, 09:00 Beijing (01:00 UTC).
const REMINDER_HOUR_UTC = 'T01:00:00.000Z';
const MAX_WALK_DAYS = 400;

/**
 * When to remind of a due date: 09:00 Beijing of the working day `reminderWorkingDaysBefore`
 * working days before the last day (0: the last day itself), skipping rest days and holidays
 * . In a simulation policy, that many simulated days before, less 15 simulated hours.
 */
export function reminderAt(s: ProcedureState, cal: WorkingCalendar, dueAt: string): string {
  const n = s.policy.reminderWorkingDaysBefore;
  if (s.policy.simulation) return new Date(Date.parse(dueAt) - (n + 15 / 24) * s.policy.simulationDayMs).toISOString();
  // dueAt is 24:00 Beijing of the last day, which is 00:00 of the day after.
  let day = addDays(beijingDate(dueAt), -1);
  for (let counted = 0, walked = 0; counted < n; ) {
    day = addDays(day, -1);
    if (cal.isWorkingDay(day)) counted++;
    if (++walked > MAX_WALK_DAYS) break;
  }
  return new Date(`${day}${REMINDER_HOUR_UTC}`).toISOString();
}

/** Every alarm not yet fired, earliest first (a reminder before an expiry at the same instant). */
export function pendingAlarms(s: ProcedureState, cal: WorkingCalendar): Alarm[] {
  const out: Alarm[] = [];
  for (const due of dueItems(s)) {
    if (!due.duty) continue;
    const key = dueKey(due);
    if (s.deadlines.missed.includes(key)) continue;
    out.push({ at: due.dueAt, kind: 'expiry', due });
    const remind = reminderAt(s, cal, due.dueAt);
    if (!s.deadlines.reminded.includes(key) && remind < due.dueAt) out.push({ at: remind, kind: 'reminder', due });
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === 'reminder' ? -1 : 1));
}

export function nextAlarm(s: ProcedureState, cal: WorkingCalendar): Alarm | undefined {
  return pendingAlarms(s, cal)[0];
}

/** Identifies the next alarm, so the workflow re-arms its timer only when that changes. */
export const alarmKey = (a: Alarm | undefined): string => (a ? `${a.kind}|${dueKey(a.due)}|${a.at}` : '');

/**
 * The events of every alarm due at `now`. A reminder whose date has already passed (the worker
 * was down) is dropped: its expiry follows at once and says more.
 */
export function fireAlarms(s: ProcedureState, cal: WorkingCalendar, now: string, actor: Actor): DomainEvent[] {
  const nowMs = Date.parse(now);
  const out: DomainEvent[] = [];
  for (const a of pendingAlarms(s, cal)) {
    if (Date.parse(a.at) > nowMs) break;
    const { item, ruleId, dueAt, party } = a.due;
    if (a.kind === 'reminder') {
      if (Date.parse(dueAt) > nowMs) out.push({ type: 'DeadlineApproaching', at: now, actor, data: { item, ruleId, dueAt, party } });
    } else if (item === 'decision.delayed') {
      out.push({ type: 'DelayedFlagged', at: now, actor, data: { startedAt: s.startedAt, limitDays: s.policy.delayedDecisionDays } });
    } else {
      out.push({ type: 'DeadlineMissed', at: now, actor, data: { item, ruleId, dueAt, party } });
    }
  }
  return out;
}
