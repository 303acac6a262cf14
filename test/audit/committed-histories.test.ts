import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractEvents } from '../../audit/events-from-history';
import { fold } from '../../domain';
import { historyFromObject } from '../replay/history-file';

/*
 * Histories recorded by earlier releases (test/replay/histories/) read offline. v1 predates
 * the memo: its start and its refusals are derived from the workflow input and the signal, and
 * the fold of what is read must agree with the final state the workflow itself returned.
 */
const load = (name: string) =>
  historyFromObject(JSON.parse(readFileSync(path.join(__dirname, '..', 'replay', 'histories', `${name}.json`), 'utf8')) as Record<string, unknown>);
const read = (name: string) => extractEvents([{ runId: name, history: load(name) }]);

it.each(['standard-procedure-v1', 'standard-procedure-v2', 'standard-procedure-v3'])('R-62: %s — the fold of the events read from the history agrees with the workflow result', (name) => {
  const x = read(name);
  expect(x.result?.stage).toBe('closed');
  expect(x.notes.filter((n) => n.includes('最终状态'))).toEqual([]);
  expect(x.events[0]?.event.type).toBe('ProcedureStarted');
  expect(x.events.map((e) => e.event.type)).toContain('MeetingRecorded');
  expect(fold(x.events.map((e) => e.event))?.stage).toBe('closed');
});

it('v1: the start is derived from the input (said so in the notes); v2: it is read from the memo', () => {
  const v1 = read('standard-procedure-v1');
  const v2 = read('standard-procedure-v2');
  expect(v1.events[0]?.source.how).toBe('derived');
  expect(v1.notes.join('\n')).toContain('ProcedureStarted derived from the workflow input');
  expect(v2.events[0]?.source.how).toBe('memo');
  expect(v2.notes).toEqual([]);
  // The derived start is the one the workflow folded: its instant and actor are in the result.
  expect(v1.events[0]?.event.at).toBe(v1.result?.startedAt);
  expect(v1.events[0]?.event.actor).toEqual(v1.result?.startedBy);
});

it('R-50: a v1 refusal is derived from its reportRefusal signal; a v2 one is read from the memo, never twice', () => {
  const v1 = read('standard-procedure-v1-refusal');
  const v2 = read('standard-procedure-v2-refusal');
  const v3 = read('standard-procedure-v3-refusal');
  expect(v1.events.map((e) => `${e.event.type}:${e.source.how}`)).toEqual(['ProcedureStarted:derived', 'CommandRefused:derived']);
  expect(v2.events.map((e) => `${e.event.type}:${e.source.how}`)).toEqual(['ProcedureStarted:memo', 'CommandRefused:memo']);
  expect(v3.events.map((e) => `${e.event.type}:${e.source.how}`)).toEqual(['ProcedureStarted:memo', 'CommandRefused:memo']);
  const [r1, r2] = [v1.events[1]?.event, v2.events[1]?.event];
  expect(r1?.type === 'CommandRefused' && r2?.type === 'CommandRefused').toBe(true);
  expect(r1?.data).toEqual(r2?.data);
  expect(r1?.actor).toEqual(r2?.actor);
});
