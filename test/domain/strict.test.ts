import { commandSpec, unknownFields } from '../../domain';
import { T, actors, doc, issuePaths, start, step, zodError } from './builders';

/*
 * Commands are strict where they are admitted (domain `check`, which the workflow's update
 * validators run): a field the command does not know is refused with its path, instead of being
 * stripped from the domain event while the whole payload is kept in the workflow's history. The
 * schemas themselves still strip, so the update handler replays recorded payloads that carry one.
 */
const open = { explanation: doc('explanation'), channels: ['江城市人民政府网站'], days: 30 };
const tryOpen = (payload: unknown) => zodError(() => step(start(), 'openCommentPeriod', payload, actors.sponsor, T.open));

it('an unknown field, at the top or nested in an array item, is refused with its path and a Chinese-first message', () => {
  expect(step(start(), 'openCommentPeriod', open, actors.sponsor, T.open).state.participation.period?.days).toBe(30);
  const e = tryOpen({ ...open, padding: 'x'.repeat(500_000) });
  expect(issuePaths(e)).toEqual(['padding']);
  expect(e.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['padding'] });
  expect(e.issues[0]?.message).toMatch(/^不允许的字段.* \/ unknown field/);
  const nested = tryOpen({ ...open, explanation: { ...doc('explanation'), extra: 1 } });
  expect(issuePaths(nested)).toEqual(['explanation.extra']);
  const proto = tryOpen(JSON.parse(`{"__proto__": {"admin": true}, "days": 30, "channels": ["网站"], "explanation": ${JSON.stringify(doc('explanation'))}}`));
  expect(issuePaths(proto)).toEqual(['__proto__']);
});

it('zod’s own messages say what is expected, Chinese first, then English', () => {
  const e = tryOpen({ ...open, days: 'thirty' });
  expect(issuePaths(e)).toEqual(['days']);
  expect(e.issues[0]?.message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff].* \/ .*expected number/);
});

it('the schema itself still strips, so the handler replays a recorded payload that carries an unknown field', () => {
  const parsed = commandSpec('openCommentPeriod').schema.parse({ ...open, padding: 'x' }) as Record<string, unknown>;
  expect(parsed.padding).toBeUndefined();
  expect(unknownFields({ a: 1, b: [{ c: 1, d: 2 }], e: { f: 1 } }, { a: 1, b: [{ c: 1 }], e: { f: 1 } })).toEqual([['b', 0, 'd']]);
  expect(unknownFields({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
});
