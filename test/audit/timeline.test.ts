import path from 'node:path';
import { defaultCalendar, defaultPolicy } from '../../domain';
import { ApiRefusalLog, refusalEntry } from '../../audit/api-refusal-log';
import { beijingTime } from '../../audit/event-catalog';
import { extractEvents } from '../../audit/events-from-history';
import { readProcedureRecord } from '../../audit/procedure-record';
import { buildTimeline, renderTimeline } from '../../audit/timeline';
import { procedureWorkflowId } from '../../workflows/ids';
import { procedureEventsQuery, reportRefusalSignal } from '../../workflows/messages';
import { tempDir } from '../foundation/helpers';
import { actors, doc, fullStart } from '../support/fixtures';
import { command, refusal, startProcedureWorkflow } from '../support/procedure-client';
import { envNow, timeSkippingSuite, TASK_QUEUE } from '../support/temporal-env';

/*
 * Issue #6 §1: the timeline is read from the workflow history alone — accepted commands from
 * update completions, the rest from the memo — and must hold exactly the events the workflow
 * itself recorded (its procedureEvents query), plus the refusals the API logged.
 */
const DAY = 24 * 3600 * 1000;
const suite = timeSkippingSuite();

const { organ, sponsor, expert1, otherSponsor } = actors;

it('R-50 R-62 R-66: every event in order — commands, the start, a refusal, the delay flag — and the API refusal, as the workflow recorded them', async () => {
  const key = `audit-timeline-${Date.now()}`;
  const log = new ApiRefusalLog(path.join(tempDir('audit-log'), 'api-refusals.jsonl'));
  const h = await startProcedureWorkflow(suite.env.client, fullStart(key), organ);
  await command(h, 'openCommentPeriod', sponsor, { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 });
  await command(h, 'recordExpertPanel', sponsor, {
    members: [{ personId: expert1.personId, name: expert1.name, expertise: '交通工程', perspective: '中立', directInterest: false }],
    selectionRationale: '专业性、代表性、中立性',
  });
  await command(h, 'submitExpertOpinion', expert1, { personId: expert1.personId, document: doc('expert-1'), signed: true });
  // refused by the gate, then reported as the API does; the workflow records it.
  const refused = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  await h.signal(reportRefusalSignal, { actor: sponsor, command: 'submitToDiscussion', missing: refused.details.missing });
  // A sponsor of another unit, refused by the API before the workflow (403), logged there.
  await log.append(
    refusalEntry(
      { method: 'POST', originalUrl: `/procedures/${key}/record-expert-panel` },
      { status: 403, route: 'recordExpertPanel', actor: otherSponsor, reason: '某市财政局 不是本事项的办理单位', at: await envNow(suite.env) },
    ),
  );
  await suite.env.sleep(DAY);
  // undecided a year after the start (365 days counted as R-06 says, so a rest day at the
  // end runs to the next working day), the timer flags it as delayed.
  await suite.env.sleep(371 * DAY);

  const record = await readProcedureRecord(suite.env.client, key);
  const queried = await h.query(procedureEventsQuery);
  expect(record.extracted.events.map((r) => r.event)).toEqual(queried);
  expect(record.extracted.notes).toEqual([]);
  expect(record.extracted.events.map((r) => `${r.event.type}:${r.source.how}`)).toEqual([
    'ProcedureStarted:input', // v7: computed from the workflow's input, as the workflow did
    'CommentPeriodOpened:update',
    'ExpertPanelRecorded:update',
    'ExpertOpinionSubmitted:update',
    'CommandRefused:memo',
    // The policy's reminder of R-66's limit, two working days before it (domain/deadlines.ts).
    'DeadlineApproaching:memo',
    'DelayedFlagged:memo',
  ]);

  // As a v1 history would be, without the memo: the start, the refusal and the delay flag are
  // derived from the input, the signal and the fired timer — the same events, at the same instants.
  const history = record.runs[0]?.history;
  const stripped = { events: (history?.events ?? []).filter((e) => !e.workflowPropertiesModifiedEventAttributes) };
  const derived = extractEvents([{ runId: 'v1-like', history: stripped }]);
  // A v1 workflow had no deadline reminders; everything it did record is derived the same, but
  // it stamped the delay flag when its timer's task ran, where the current one stamps the limit.
  const v1Stamp = (e: (typeof queried)[number]) => (e.type === 'DelayedFlagged' ? { ...e, at: expect.any(String) } : e);
  expect(derived.events.map((r) => r.event)).toEqual(queried.filter((e) => e.type !== 'DeadlineApproaching').map(v1Stamp));
  const flagAt = (evs: { type: string; at: string }[]) => Date.parse(evs.find((e) => e.type === 'DelayedFlagged')?.at ?? '');
  expect(flagAt(derived.events.map((r) => r.event))).toBeGreaterThanOrEqual(flagAt(queried));
  // The start is the v7 input's either way (a v1 input derives it alike: committed-histories.test.ts).
  expect(derived.events.filter((r) => r.source.how === 'derived').map((r) => r.event.type)).toEqual(['CommandRefused', 'DelayedFlagged']);
  expect(derived.events[0]?.source.how).toBe('input');

  const t = buildTimeline(key, record.extracted, await log.list({ procedureKey: key }));
  expect(t.entries.map((e) => e.eventType)).toEqual([
    'ProcedureStarted',
    'CommentPeriodOpened',
    'ExpertPanelRecorded',
    'ExpertOpinionSubmitted',
    'CommandRefused',
    'ApiRefused',
    'DeadlineApproaching',
    'DelayedFlagged',
  ]);
  const [started, , , opinion, refusedEntry, apiRefused, reminded, delayed] = t.entries;
  expect(reminded).toMatchObject({ action: '期限临近提醒', ruleIds: ['R-66'], actor: { personId: 'system' } });
  expect(started).toMatchObject({ actor: organ, action: '决定启动决策程序', ruleIds: ['R-01', 'R-02', 'R-03', 'R-04'], gate: { accepted: true } });
  expect(started?.documents.map((d) => d.sha256)).toEqual([doc('draft-v1').sha256]);
  expect(opinion).toMatchObject({ actor: expert1, command: 'submitExpertOpinion', ruleIds: ['R-21'], documents: [doc('expert-1')], gate: { accepted: true, text: '已受理 / accepted' } });
  expect(opinion?.source).toMatchObject({ kind: 'history', how: 'update', runId: record.runs[0]?.runId });
  expect(refusedEntry?.gate.accepted).toBe(false);
  expect(refusedEntry?.gate.missing?.map((m) => m.item)).toEqual(refused.details.missing.map((m: { item: string }) => m.item));
  expect(refusedEntry?.ruleIds).toEqual(expect.arrayContaining(['R-50', 'R-40']));
  expect(apiRefused).toMatchObject({ actor: otherSponsor, command: 'recordExpertPanel', gate: { accepted: false }, source: { kind: 'api-refusal-log', seq: 1 } });
  expect(delayed).toMatchObject({ ruleIds: ['R-66'], actor: { personId: 'system', unit: organ.unit } });
  expect(started?.beijingTime).toBe(beijingTime(started?.at ?? ''));
  // Beijing time is UTC+8 all year; 16:00Z is midnight of the next day there.
  expect(beijingTime('2026-11-23T16:00:00.306Z')).toBe('2026-11-24 00:00:00');

  const text = renderTimeline(t);
  expect(text).toContain(`王市长 (p-mayor) · 决策机关 decision_organ · ${organ.unit}`);
  expect(text).toContain(`sha256 ${doc('expert-1').sha256}`);
  expect(text).toContain('拒绝 403');
  // the opinion waits on the submission, so the sponsor, who can act now, owes it.
  expect(text).toContain(
    'legality.opinion (R-40) 本稿尚未经合法性审查（须先完成：本稿尚未送请合法性审查） / ' +
      'this version of the draft has not been reviewed for legality (waits on: this version of the draft has not been submitted for legality review) → 决策承办单位 某市交通运输局',
  );
}, 120_000);

it('continue-as-new: the events of every run, the carried input checked against them, and carried events standing in for a run gone past retention', async () => {
  const key = `audit-can-${Date.now()}`;
  const h = await suite.env.client.workflow.start('decisionProcedure', {
    taskQueue: TASK_QUEUE,
    workflowId: procedureWorkflowId(key),
    args: [{ start: fullStart(key), actor: organ, policy: defaultPolicy, calendar: defaultCalendar.toData(), continueAsNewAfterEvents: 40 }],
  });
  await command(h, 'openCommentPeriod', sponsor, { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 });
  for (let i = 0; i < 16; i++) await command(h, 'recordPublicComment', sponsor, { channel: '市政府网站', receivedAt: await envNow(suite.env) });

  const record = await readProcedureRecord(suite.env.client, key);
  expect(record.runs.length).toBeGreaterThanOrEqual(2);
  expect(record.runs[0]?.runId).toBe(h.firstExecutionRunId);
  const latest = suite.env.client.workflow.getHandle(procedureWorkflowId(key));
  expect(record.extracted.events.map((r) => r.event)).toEqual(await latest.query(procedureEventsQuery));
  expect(record.extracted.notes).toEqual([]);
  expect(new Set(record.extracted.events.map((r) => r.source.runId)).size).toBe(record.runs.length);

  // The first run is gone (retention): its events are still known from the next run's input.
  const [first, ...rest] = record.runs;
  const partial = extractEvents(rest, { missingRuns: [first?.runId ?? ''] });
  expect(partial.events.map((r) => r.event)).toEqual(record.extracted.events.map((r) => r.event));
  expect(partial.events[0]?.source.how).toBe('carried');
  expect(partial.notes.join('\n')).toContain(first?.runId);
}, 120_000);
