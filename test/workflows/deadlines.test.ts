import type { WorkflowHandle } from '@temporalio/client';
import {
  addDays,
  beijingDate,
  defaultCalendar,
  periodEnd,
  reminderAt,
  resolvePolicy,
  type DomainEvent,
} from '../../domain';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { procedureWorkflowId } from '../../workflows/ids';
import { procedureEventsQuery } from '../../workflows/messages';
import { actors, doc, minimalStart, UNITS } from '../support/fixtures';
import { toExecution } from '../support/minimal-procedure';
import { command, startProcedureWorkflow, stateOf } from '../support/procedure-client';
import { TASK_QUEUE, timeSkippingSuite } from '../support/temporal-env';

/*
 * Deadlines on the time-skipping server (issue: notifications, deadlines): the durable timer
 * reminds the responsible party the policy's working days before, skipping a holiday; on
 * expiry the procedure is overdue (search attribute) and the party, its head and the
 * decision organ are told; the late act clears the flag.
 */
const suite = timeSkippingSuite();
const { sponsor, office, adviser, executor, organ } = actors;
const MINUTE = 60_000;
let seq = 0;
const key = (name: string) => `${name}-${Date.now()}-${seq++}`;

const eventsOf = async (h: WorkflowHandle, type: DomainEvent['type']) =>
  (await h.query(procedureEventsQuery)).filter((e) => e.type === type);
const overdueOf = async (h: WorkflowHandle) => (await h.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.Overdue);
const sleepUntil = async (instant: string, plusMs = 0) =>
  suite.env.sleep(Math.max(1, Date.parse(instant) + plusMs - (await suite.env.currentTimeMs())));

/** The in-app notices of one procedure in one party's inbox, once the dispatcher has delivered `count`. */
async function inbox(party: { role: string; unit: string }, procedureKey: string, subject: string, count = 1) {
  const list = async () => (await suite.inbox.list(party)).filter((n) => n.procedureKey === procedureKey && n.subject.includes(subject));
  for (let i = 0; i < 150 && (await list()).length < count; i++) await new Promise((r) => setTimeout(r, 100));
  return list();
}

it('R-48: the office is reminded 3 working days before its reply is due, across a local holiday; past it, escalated and overdue until the opinion', async () => {
  const now = new Date(await suite.env.currentTimeMs()).toISOString();
  // A local holiday on the last working day before the reply would otherwise be due.
  const plain = periodEnd(defaultCalendar, now, 15, 'working');
  let holiday = addDays(plain.lastDay, -1);
  while (!defaultCalendar.isWorkingDay(holiday)) holiday = addDays(holiday, -1);
  const calendar = defaultCalendar.withOverrides({ off: [holiday], work: [], source: '地方性假日（测试）' });
  const policy = resolvePolicy({ reminderWorkingDaysBefore: 3 });

  const procedureKey = key('reply-due');
  const h = await suite.env.client.workflow.start('decisionProcedure', {
    taskQueue: TASK_QUEUE,
    workflowId: procedureWorkflowId(procedureKey),
    args: [{ start: minimalStart(procedureKey), actor: organ, policy, calendar: calendar.toData() }],
  });
  const submitted = await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  const dueAt = submitted.state.legality.officeDueAt!;
  expect(beijingDate(dueAt) > beijingDate(plain.endsAt)).toBe(true); // the holiday moved the due day on
  const remindAt = reminderAt(submitted.state, calendar, dueAt);
  // Counting back skips the holiday: without it the reminder would come a working day later.
  expect(Date.parse(remindAt)).toBeLessThan(Date.parse(reminderAt(submitted.state, defaultCalendar, dueAt)));

  await sleepUntil(remindAt, -MINUTE);
  expect(await eventsOf(h, 'DeadlineApproaching')).toEqual([]);
  await sleepUntil(remindAt, MINUTE);
  const [reminder] = await eventsOf(h, 'DeadlineApproaching');
  expect(reminder).toMatchObject({ data: { item: 'legality.reply', ruleId: 'R-48', dueAt, party: { role: 'legality_office', unit: UNITS.office } } });
  expect(Date.parse(reminder!.at) - Date.parse(remindAt)).toBeLessThan(MINUTE);
  expect(await inbox({ role: 'legality_office', unit: UNITS.office }, procedureKey, '期限临近')).toHaveLength(1);
  expect(await overdueOf(h)).toBe(false);

  await sleepUntil(dueAt, MINUTE);
  const [missed] = await eventsOf(h, 'DeadlineMissed');
  expect(missed).toMatchObject({ data: { item: 'legality.reply', ruleId: 'R-48', dueAt } });
  expect(await overdueOf(h)).toBe(true);
  expect((await stateOf(h)).deadlines.missed).toEqual([`legality.reply@${dueAt}`]);
  const [toOffice] = await inbox({ role: 'legality_office', unit: UNITS.office }, procedureKey, '逾期督办');
  const [toOrgan] = await inbox({ role: 'decision_organ', unit: UNITS.organ }, procedureKey, '逾期督办');
  expect(toOffice?.subject).toContain('出具合法性审查意见');
  expect(toOrgan?.body).toContain(UNITS.office);

  // The late opinion ends the duty: no longer overdue, and nothing more fires for it.
  await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  await command(h, 'giveLegalityOpinion', office, { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('op') });
  expect(await overdueOf(h)).toBe(false);
  await suite.env.sleep(30 * 24 * 60 * MINUTE);
  expect(await eventsOf(h, 'DeadlineMissed')).toHaveLength(1);
  expect(await eventsOf(h, 'DeadlineApproaching')).toHaveLength(1);
});

it('R-63: the executing unit is told its periodic execution report is due; the report sets the next date', async () => {
  const procedureKey = key('report-due');
  const h = await toExecution(suite.env, await startProcedureWorkflow(suite.env.client, minimalStart(procedureKey), organ));
  const s = await stateOf(h);
  const namedAt = Date.parse(s.after.executingUnit!.at);
  expect(await eventsOf(h, 'DeadlineApproaching')).toEqual([]);
  // 180 days after the naming, less the 2 working days' reminder.
  await suite.env.sleep(180 * 24 * 60 * MINUTE);
  const [approaching] = await eventsOf(h, 'DeadlineApproaching');
  expect(approaching).toMatchObject({ data: { item: 'execution.report', ruleId: 'R-63', party: { role: 'executing_unit', unit: UNITS.executor } } });
  const dueAt = (approaching!.data as { dueAt: string }).dueAt;
  expect(Date.parse(dueAt)).toBeGreaterThan(namedAt + 179 * 24 * 60 * MINUTE);
  expect(await inbox({ role: 'executing_unit', unit: UNITS.executor }, procedureKey, '请报告决策执行情况')).toHaveLength(1);

  const reported = await command(h, 'submitExecutionReport', executor, { kind: 'periodic', document: doc('report-1') });
  expect(reported.state.deadlines.missed).toEqual([]);
  await suite.env.sleep(2 * 24 * 60 * MINUTE);
  expect(await eventsOf(h, 'DeadlineMissed')).toEqual([]);
  expect(await overdueOf(h)).toBe(false);
});
