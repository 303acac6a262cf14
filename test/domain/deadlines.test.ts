import {
  apply,
  defaultCalendar,
  dueItems,
  fireAlarms,
  nextAlarm,
  noticesFor,
  overdueItems,
  reminderAt,
  resolvePolicy,
  type DomainEvent,
  type ProcedureState,
} from '../../domain';
import { OFFICE, ORGAN, SPONSOR, actors, bj, doc, engageAdviser, participate, refuse, start, step, submitted, type Trail } from './builders';

/*
 * Deadlines with a duty behind them: a reminder the policy's number of working days before,
 * escalation on expiry to the unit's head and the decision organ, the overdue flag until the
 * duty is done (issue: notifications, deadlines; ).
 */
const system = { personId: 'system', name: '系统', unit: ORGAN, role: 'decision_organ' as const };
const submission = { legalBasis: '《价格法》第十八条', procedureAccount: '已履行程序', documents: [doc('sub')] };

// Submitted Mon Sep 21 2026 09:00; the office's 15 working days end Mon Oct 19 (legality.test.ts).
function submittedSep21(reminderWorkingDaysBefore = 2): Trail {
  let t = start({}, { now: bj('2026-08-03', '09:00'), policy: resolvePolicy({ reminderWorkingDaysBefore }) });
  t = participate(t, { open: bj('2026-08-03'), close: bj('2026-09-03'), report: bj('2026-09-04') });
  return step(t, 'submitLegalityReview', submission, actors.sponsor, bj('2026-09-21', '09:00'));
}
const record = (s: ProcedureState, evs: DomainEvent[]) => evs.reduce<ProcedureState>((x, e) => apply(x, e), s);

describe('reminders', () => {
  it('R-48: 2 working days before the office must reply, at 09:00 Beijing: Thu Oct 15 for Mon Oct 19', () => {
    const s = submittedSep21().state;
    expect(reminderAt(s, defaultCalendar, '2026-10-19T16:00:00.000Z')).toBe('2026-10-15T01:00:00.000Z');
    expect(nextAlarm(s, defaultCalendar)).toMatchObject({ kind: 'reminder', at: '2026-10-15T01:00:00.000Z', due: { item: 'legality.reply', ruleId: 'R-48' } });
  });

  it('R-06: counting back skips the National Day holiday and counts the adjusted Saturday Oct 10', () => {
    // Oct 16 (1), 15, 14, 13, 12 (5), Sat Oct 10 adjusted (6), Oct 9 (7), Oct 8 (8), Oct 1–7 off, Sep 30 (9).
    const s = submittedSep21(9).state;
    expect(reminderAt(s, defaultCalendar, '2026-10-19T16:00:00.000Z')).toBe('2026-09-30T01:00:00.000Z');
  });

  it('fires once: the reminder is recorded, then the next alarm is the expiry', () => {
    const s = submittedSep21().state;
    const fired = fireAlarms(s, defaultCalendar, '2026-10-15T01:00:00.000Z', system);
    expect(fired).toEqual([
      { type: 'DeadlineApproaching', at: '2026-10-15T01:00:00.000Z', actor: system, data: { item: 'legality.reply', ruleId: 'R-48', dueAt: '2026-10-19T16:00:00.000Z', party: { role: 'legality_office', unit: OFFICE } } },
    ]);
    const after = record(s, fired);
    expect(nextAlarm(after, defaultCalendar)).toMatchObject({ kind: 'expiry', at: '2026-10-19T16:00:00.000Z' });
    expect(noticesFor(fired[0]!, after)).toEqual([
      { template: 'deadlineReminder', ruleId: 'R-48', recipients: [{ role: 'legality_office', unit: OFFICE }], data: { item: 'legality.reply', dueAt: '2026-10-19T16:00:00.000Z' } },
    ]);
  });

  it('an extension is a new due date, reminded afresh', () => {
    let t = submittedSep21();
    t = { ...t, state: record(t.state, fireAlarms(t.state, defaultCalendar, '2026-10-15T01:00:00.000Z', system)) };
    t = step(t, 'extendLegalityDeadline', { workingDays: 10, reason: '涉及面广' }, actors.office, bj('2026-10-15'));
    expect(nextAlarm(t.state, defaultCalendar)).toMatchObject({ kind: 'reminder', due: { item: 'legality.reply', dueAt: '2026-11-02T16:00:00.000Z' } });
  });
});

describe('escalation on expiry', () => {
  it('R-48: past the due date undone: DeadlineMissed, overdue, and escalated to the office, its head and the organ', () => {
    let s = submittedSep21().state;
    s = record(s, fireAlarms(s, defaultCalendar, '2026-10-15T01:00:00.000Z', system));
    const fired = fireAlarms(s, defaultCalendar, '2026-10-19T16:00:00.000Z', system);
    expect(fired.map((e) => e.type)).toEqual(['DeadlineMissed']);
    s = record(s, fired);
    expect(overdueItems(s).map((d) => d.item)).toEqual(['legality.reply']);
    expect(noticesFor(fired[0]!, s)).toEqual([
      {
        template: 'deadlineEscalated',
        ruleId: 'R-48',
        recipients: [{ role: 'legality_office', unit: OFFICE }, { role: 'legality_office', unit: OFFICE, head: true }, { role: 'decision_organ', unit: ORGAN }],
        data: { item: 'legality.reply', dueAt: '2026-10-19T16:00:00.000Z', responsible: { role: 'legality_office', unit: OFFICE } },
      },
    ]);
    // The next alarm is no longer this item's; the opinion, late, clears the overdue flag.
    expect(nextAlarm(s, defaultCalendar)?.due.item).toBe('decision.delayed');
    const t = step(engageAdviser({ state: s, events: [] }, bj('2026-10-20')), 'submitLegalAdviserOpinion', { adviser: '孙律师', document: doc('adv') }, actors.adviser, bj('2026-10-20'));
    const done = step(t, 'giveLegalityOpinion', { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('op') }, actors.office, bj('2026-10-20'));
    expect(overdueItems(done.state)).toEqual([]);
  });

  it('a worker down past the due date: the stale reminder is dropped and only the expiry is recorded', () => {
    const s = submittedSep21().state;
    expect(fireAlarms(s, defaultCalendar, '2026-10-21T03:00:00.000Z', system).map((e) => e.type)).toEqual(['DeadlineMissed']);
  });

  it('R-66: the delay limit is reminded to the organ and the sponsor; its expiry is DelayedFlagged', () => {
    const t = start({}, { now: bj('2026-03-02', '09:00') });
    const due = dueItems(t.state).find((d) => d.item === 'decision.delayed')!;
    const reminder = fireAlarms(t.state, defaultCalendar, reminderAt(t.state, defaultCalendar, due.dueAt), system);
    expect(noticesFor(reminder[0]!, t.state)[0]!.recipients).toEqual([{ role: 'decision_organ', unit: ORGAN }, { role: 'sponsor', unit: SPONSOR }]);
    const s = record(t.state, reminder);
    expect(fireAlarms(s, defaultCalendar, due.dueAt, system)).toEqual([
      { type: 'DelayedFlagged', at: due.dueAt, actor: system, data: { startedAt: s.startedAt, limitDays: 365 } },
    ]);
  });
});

describe('sponsor and executing-unit duties the policy dates', () => {
  it('R-41: a submission returned for supplement is due back within the policy working days; resubmitting ends it', () => {
    let t = submittedSep21();
    // Returned Tue Sep 29 10:00: Sep 30 (1), Oct 8, 9, Sat 10, 12, 13, 14, 15, 16 (9), Oct 19 (10).
    t = step(t, 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-09-29'));
    expect(t.events.at(-1)).toMatchObject({ data: { supplementLastDay: '2026-10-19', supplementDueAt: '2026-10-19T16:00:00.000Z' } });
    expect(dueItems(t.state).filter((d) => d.duty)[0]).toEqual({
      item: 'legality.supplement', ruleId: 'R-41', dueAt: '2026-10-19T16:00:00.000Z', party: { role: 'sponsor', unit: SPONSOR }, duty: true,
    });
    t = step(t, 'submitLegalityReview', submission, actors.sponsor, bj('2026-10-12', '09:00'));
    expect(dueItems(t.state).map((d) => d.item)).not.toContain('legality.supplement');
  });

  it('a policy pinned before supplementWorkingDays existed sets no date for the sponsor', () => {
    const { supplementWorkingDays: _s, executionReportEveryDays: _e, ...older } = resolvePolicy({});
    let t = start({}, { now: bj('2026-08-03', '09:00'), policy: older as never });
    t = participate(t, { open: bj('2026-08-03'), close: bj('2026-09-03'), report: bj('2026-09-04') });
    t = step(t, 'submitLegalityReview', submission, actors.sponsor, bj('2026-09-21', '09:00'));
    t = step(t, 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-09-29'));
    expect(t.events.at(-1)!.data).toEqual({ missingItems: ['测算依据'] });
    expect(dueItems(t.state).map((d) => d.item)).toEqual(['decision.delayed']);
  });
});

describe('R-51: the meeting is scheduled', () => {
  it('the decision organ puts the draft on a meeting; the sponsor and the legality office are told when', () => {
    const t = submitted();
    const payload = { meetingType: 'executive', scheduledAt: bj('2026-04-28', '09:30') };
    expect(refuse(t.state, 'scheduleMeeting', payload, actors.sponsor, bj('2026-04-22')).code).toBe('NOT_ALLOWED');
    const s = step(t, 'scheduleMeeting', payload, actors.organ, bj('2026-04-22'));
    expect(s.state.discussion.scheduled).toMatchObject({ meetingType: 'executive', scheduledAt: bj('2026-04-28', '09:30'), actor: actors.organ });
    expect(noticesFor(s.events.at(-1)!, s.state)).toEqual([
      { template: 'meetingScheduled', ruleId: 'R-51', recipients: [{ role: 'sponsor', unit: SPONSOR }, { role: 'legality_office', unit: OFFICE }], data: payload },
    ]);
    // Only while the draft awaits discussion.
    expect(refuse(start().state, 'scheduleMeeting', payload, actors.organ, bj('2026-03-03')).code).toBe('INVALID_TRANSITION');
  });
});
