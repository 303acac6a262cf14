import type { WorkflowHandle } from '@temporalio/client';
import { parseInstant, stateAsOf } from '../../audit/as-of';
import { procedureStateAsOf, readProcedureRecord } from '../../audit/procedure-record';
import type { ProcedureState } from '../../domain';
import { reportRefusalSignal } from '../../workflows/messages';
import { actors, doc, meeting, minimalStart } from '../support/fixtures';
import { command, refusal, startProcedureWorkflow, stateOf } from '../support/procedure-client';
import { envNow, timeSkippingSuite } from '../support/temporal-env';

/*
 * Issue #6 §3: the state as of an instant, folded from the events found in the history, equals
 * what the workflow's procedureState query answered at that instant. The test queries the
 * workflow after each step, notes the server's clock, and later recomputes every one of those
 * states from the history alone.
 */
const DAY = 24 * 3600 * 1000;
const suite = timeSkippingSuite();

const { organ, sponsor, office, adviser } = actors;

it('R-62: the state folded from the history as of each instant equals what the query answered then', async () => {
  const key = `audit-asof-${Date.now()}`;
  const beforeStart = await envNow(suite.env);
  await suite.env.sleep(1000);
  const h = await startProcedureWorkflow(suite.env.client, minimalStart(key), organ);
  const seen: { at: string; state: ProcedureState }[] = [];
  // Query, note the server's clock, then let a second pass so the next step is strictly later.
  const snapshot = async (wf: WorkflowHandle) => {
    const state = await stateOf(wf);
    seen.push({ at: await envNow(suite.env), state });
    await suite.env.sleep(1000);
  };
  await snapshot(h);
  await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  await snapshot(h);
  await command(h, 'returnForSupplement', office, { missingItems: ['社会稳定风险评估说明'] });
  await snapshot(h);
  await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据（补充）', procedureAccount: '已补充材料' });
  await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  await command(h, 'giveLegalityOpinion', office, { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('op') });
  await snapshot(h);
  const refused = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
  await h.signal(reportRefusalSignal, { actor: sponsor, command: 'submitToDiscussion', missing: refused.details.missing });
  await snapshot(h);
  await command(h, 'recordLegalOpinionAdoption', sponsor, { opinions: [{ summary: '审查意见', adopted: true }] });
  await suite.env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  await snapshot(h);
  await command(h, 'recordMeeting', organ, meeting('approve', ['approve', 'reject'], undefined, await envNow(suite.env)));
  await snapshot(h);

  const record = await readProcedureRecord(suite.env.client, key);
  for (const { at, state } of seen) expect(stateAsOf(record.extracted.events, at)).toEqual(state);
  expect(seen.map((s) => s.state.stage)).toEqual(['preparation', 'legality_review', 'legality_returned', 'preparation', 'preparation', 'awaiting_discussion', 'decided']);
  expect(seen[4]?.state.refusals).toHaveLength(1);
  expect(stateAsOf(record.extracted.events, beforeStart)).toBeUndefined();
  // The same through the reader the CLI and the API use.
  expect(await procedureStateAsOf(suite.env.client, key, seen[2]?.at ?? '')).toEqual(seen[2]?.state);
}, 120_000);

it('R-06: a date means the end of that day in Beijing time; anything else must be an instant with offset', () => {
  expect(parseInstant('2026-12-01')).toBe('2026-12-01T15:59:59.999Z');
  expect(parseInstant('2026-12-01T10:00:00+08:00')).toBe('2026-12-01T02:00:00.000Z');
  expect(() => parseInstant('2026-12-01T10:00:00')).toThrow(/not an instant/);
  expect(() => parseInstant('yesterday')).toThrow(/not an instant/);
});
