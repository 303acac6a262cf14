import { temporal } from '@temporalio/proto';
import { defaultCalendar, defaultPolicy, fold, startProcedure, type ProcedureState } from '../../domain';
import { searchAttributesAtStart } from '../../workflows/search';
import { stageEntriesIndexed } from '../../workflows/patches';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { parseStageEntries } from '../../domain';
import { procedureWorkflowId } from '../../workflows/ids';
import { actors, fullStart } from '../support/fixtures';
import { driveStandardProcedure } from '../support/standard-procedure';
import { timeSkippingSuite, TASK_QUEUE } from '../support/temporal-env';

const suite = timeSkippingSuite();
const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The patch markers a history holds, and its upserts of the SDK's TemporalChangeVersion attribute. */
function patchTraces(events: HistoryEvent[]) {
  return {
    markers: events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === 'core_patch').length,
    changeVersions: events.filter((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).includes('TemporalChangeVersion')).length,
  };
}

/** Command events of the first workflow task (between its completion and the next task). */
function firstTaskCommands(events: HistoryEvent[]): number {
  const done = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const next = events.findIndex((e, i) => i > done && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  return events.slice(done + 1, next < 0 ? undefined : next).length;
}

it('history budget: a standard full procedure uses at most 138 history events (22 commands: 115 for a bare workflow, × 1.2), with no marker of any kind', async () => {
  const h = await driveStandardProcedure(suite.env, `budget-${Date.now()}`);
  await h.result();
  const events = (await h.fetchHistory()).events ?? [];
  expect(events.length).toBeLessThanOrEqual(138);
  // v7 (workflows/patches.ts): the released changes are on without patch markers in new procedures.
  expect(patchTraces(events)).toEqual({ markers: 0, changeVersions: 0 });
  // v8: notices leave by the worker's relay, so no local activity marker records their hand-over.
  expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED)).toEqual([]);
  // v10: the stages it went through, each with its entry instant, within the same budget.
  const entries = parseStageEntries((await h.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.StageEntries));
  expect(entries.map((e) => e.stage)).toEqual(['preparation', 'legality_review', 'preparation', 'awaiting_discussion', 'decided', 'published', 'executing', 'closed']);
});

it('a new procedure started as the API starts it (search attributes set) has 1 command in its first task (the alarm timer); without them 2; v7 added the notices hand-over, v6 its markers', async () => {
  const start = async (version: number, withAttributes = false) => {
    const k = `first-task-v${version}-${withAttributes ? 'sa-' : ''}${Date.now()}`;
    const receivedAt = new Date(await suite.env.currentTimeMs()).toISOString();
    const first = startProcedure(fullStart(k), { now: receivedAt, actor: actors.organ, calendar: defaultCalendar }, defaultPolicy);
    const h = await suite.env.client.workflow.start('decisionProcedure', {
      taskQueue: TASK_QUEUE,
      workflowId: procedureWorkflowId(k),
      args: [{ start: fullStart(k), actor: actors.organ, policy: defaultPolicy, calendar: defaultCalendar.toData(), version, receivedAt }],
      ...(withAttributes ? { typedSearchAttributes: searchAttributesAtStart(fold([first]) as ProcedureState, stageEntriesIndexed(version)) } : {}),
    });
    for (let i = 0; i < 100; i++) {
      const events = (await h.fetchHistory()).events ?? [];
      if (events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) return events;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${k}: no workflow task completed`);
  };
  const v10 = await start(10, true);
  expect(firstTaskCommands(v10)).toBe(1);
  expect(v10.filter((e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).toEqual([]);
  const v9 = await start(9, true);
  expect(firstTaskCommands(v9)).toBe(1);
  expect(v9.filter((e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).toEqual([]);
  const bare9 = await start(9);
  expect(firstTaskCommands(bare9)).toBe(2);
  const v8 = await start(8);
  expect(patchTraces(v8)).toEqual({ markers: 0, changeVersions: 0 });
  expect(firstTaskCommands(v8)).toBe(2);
  const v7 = await start(7);
  expect(patchTraces(v7)).toEqual({ markers: 0, changeVersions: 0 });
  expect(firstTaskCommands(v7)).toBe(3);
  const v6 = await start(6);
  expect(patchTraces(v6).markers).toBe(3);
  expect(firstTaskCommands(v6)).toBe(10);
});
