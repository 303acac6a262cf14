import fc from 'fast-check';
import { COMMAND_NAMES, type Actor } from '../../domain';
import { mintToken } from '../../api/auth/tokens';
import { lightStart } from '../api/fixtures';
import { actors } from '../support/fixtures';
import { checkHistory, type HistoryCheck } from '../../bench/history-check';
import { upload, type Driver, type Who } from '../../bench/procedure-driver';
import { bearers, startStack, type Stack } from '../../bench/stack';

/*
 * Fault injection: 500 (`npm test`) or 10,000 (`npm run fuzz`) malformed or hostile requests
 * (forged, expired or missing tokens, actors of the wrong role or unit, non-object or non-JSON bodies, odd
 * content types, hostile keys and paths, bad Idempotency-Keys) and valid-but-hostile ones (JSON
 * nested 10,000 deep, forged page tokens, one command path spelled four ways under one key, a
 * caller-chosen receivedAt, oversized unknown fields) against a procedure waiting
 * in its comment period. No answer is a 5xx, and its history gains no command: the only new
 * events a hostile request may cause are recorded refusals, never a step.
 */
// 500 in `npm test`; `npm run fuzz` sends 10,000 (FUZZ_RUNS).
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const KEY = 'fuzz-target';
let stack: Stack;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ dayMs: 86_400_000, quietSdk: false });
  base = stack.url;
  auth = await bearers(stack.config, actors as Record<string, Actor>);
  // The organ's own identity, but expired an hour ago, or signed with another key.
  const organ = { personId: actors.organ.personId, name: actors.organ.name, unit: actors.organ.unit, roles: [actors.organ.role] };
  auth.expiredOrgan = `Bearer ${await mintToken(stack.config.auth.jwtSecret ?? '', organ, Math.floor(Date.now() / 1000) - 3600)}`;
  auth.forgedOrgan = `Bearer ${await mintToken('not-the-service-secret-not-the-service-secret', organ)}`;
  const d: Driver = { base, auth: auth as Record<Who, string>, dayMs: 0 };
  const draft = await upload(d, 'sponsor', 'fuzz-draft');
  const explanation = await upload(d, 'sponsor', 'fuzz-explanation');
  const post = (who: Who, url: string, body: unknown) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { Authorization: auth[who] ?? '', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('organ', '/procedures', { ...lightStart(KEY), draft })).status).toBe(201);
  expect((await post('sponsor', `/procedures/${KEY}/open-comment-period`, { explanation, channels: ['网站'], days: 30 })).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_./%?&=;:\'"<>{}[]()*$#@!~`\\ '.split('')), maxLength: 40 });

/** One command's path spelled four ways (case, percent-encoding, trailing slash): one request. */
const spellings = (command: string) => [
  `/procedures/${KEY}/${command}`,
  `/Procedures/${KEY}/${command}`,
  `/procedures/${encodeURIComponent(KEY).replace(/-/g, '%2D')}/${command}`,
  `/procedures/${KEY}/${command}/`,
];

const pathArb = fc.oneof(
  fc.constantFrom(...COMMAND_NAMES.map((c) => `/procedures/${KEY}/${kebab(c)}`)),
  fc.constantFrom(...spellings('close-comment-period'), ...spellings('record-public-comment')),
  // Page tokens the server never handed out.
  fc.constantFrom('/procedures?pageToken=AAAA', '/me/tasks?pageToken=Zm9yZ2Vk', `/procedures?pageToken=${'A'.repeat(4096)}`, '/public/decisions?pageToken=eyJ4IjoxfQ'),
  fc.base64String({ minLength: 4, maxLength: 200 }).map((t) => `/procedures?pageToken=${t.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`),
  fc.constantFrom('/procedures', '/documents', `/procedures/${KEY}`, '/procedures/../../etc/passwd', '/procedures/%00/close-procedure'),
  printable.map((s) => `/procedures/${encodeURIComponent(s)}/close-procedure`),
  printable.map((s) => `/procedures?stage=${encodeURIComponent(s)}&pageSize=${encodeURIComponent(s)}`),
  printable.map((s) => `/${encodeURIComponent(s)}`),
);

/** Who the request claims to be: nobody, a forgery, or a real actor. */
const authArb = fc.oneof(
  fc.constant(undefined),
  printable.map((s) => `Bearer ${s}`),
  fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiZGVjaXNpb25fb3JnYW4iXX0.'),
  fc.constant('Basic YWRtaW46YWRtaW4='),
  fc.constantFrom('organ', 'sponsor', 'office', 'adviser', 'executor', 'auditor', 'otherSponsor', 'evaluator', 'expiredOrgan', 'forgedOrgan'),
);

/** Bodies that can never be a well-formed command: non-objects, non-JSON, oversized. */
const bodyArb = fc.oneof(
  fc.oneof(fc.array(fc.jsonValue(), { maxLength: 4 }), fc.string(), fc.integer(), fc.constant(null), fc.boolean()).map((v) => JSON.stringify(v)),
  printable,
  fc.constant('{"days": 1e400, "__proto__": {"admin": true}}'),
  fc.constant('{"explanation": {"sha256": "../../../etc/passwd", "size": -1}}'),
  fc.constant('x'.repeat(300_000)),
  fc.constant('{'.repeat(5000)),
  // Valid but hostile: deep nesting, oversized unknown fields.
  fc.constantFrom(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
  fc.constant(JSON.stringify({ channel: '网站', padding: 'p'.repeat(500_000) })),
  fc.constant(JSON.stringify({ reason: '执行完毕', __proto__: { admin: true }, extra: { nested: 'x'.repeat(100_000) } })),
);

const requestArb = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
  path: pathArb,
  auth: authArb,
  body: bodyArb,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/pdf', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined),
  // One key shared by many requests (and by the path spellings above) besides random ones.
  idempotencyKey: fc.option(fc.oneof(printable, fc.constant('k'.repeat(300)), fc.constant('one-shared-key')), { nil: undefined }),
});

it(`${RUNS} hostile requests: no 5xx, no command applied`, async () => {
  const before: HistoryCheck = await checkHistory(stack.client, KEY);
  const statuses: Record<number, number> = {};
  await fc.assert(
    fc.asyncProperty(requestArb, async (r) => {
      const headers: Record<string, string> = {};
      if (r.auth !== undefined) headers.Authorization = r.auth.startsWith('B') ? r.auth : (auth[r.auth] ?? '');
      if (r.contentType) headers['Content-Type'] = r.contentType;
      if (r.idempotencyKey !== undefined) headers['Idempotency-Key'] = r.idempotencyKey;
      const hasBody = r.method !== 'GET';
      const res = await fetch(`${base}${r.path}`, { method: r.method, headers, ...(hasBody ? { body: r.body } : {}) });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) throw new Error(`${res.status} for ${r.method} ${r.path}`);
    }),
    { numRuns: RUNS },
  );
  const after = await checkHistory(stack.client, KEY);
  expect(after.accepted).toEqual(before.accepted);
  expect(after.completed).toBe(false);
  expect(after.signals.slice(before.signals.length).filter((s) => s !== 'reportRefusal')).toEqual([]);
  // The procedure still answers, in the stage it was in.
  const read = await fetch(`${base}/procedures/${KEY}`, { headers: { Authorization: auth.auditor ?? '' } });
  expect(read.status).toBe(200);
  expect(Object.keys(statuses).every((s) => Number(s) < 500)).toBe(true);
}, 180_000 + RUNS * 100);

it('an expired token, or one signed with another key, is refused even for the decision organ', async () => {
  for (const who of ['expiredOrgan', 'forgedOrgan']) {
    const res = await fetch(`${base}/procedures/${KEY}`, { headers: { Authorization: auth[who] ?? '' } });
    expect(res.status).toBe(401);
  }
});

it('a caller-chosen receivedAt on record-public-comment (past, far future, malformed) is never a 5xx', async () => {
  const statuses: number[] = [];
  for (const who of ['sponsor', 'organ', 'auditor']) {
    for (const receivedAt of ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59+08:00', '+275760-09-13T00:00:00Z', '2026-02-30T25:61:00+08:00', 'not a date', '']) {
      const res = await fetch(`${base}/procedures/${KEY}/record-public-comment`, {
        method: 'POST',
        headers: { Authorization: auth[who] ?? '', 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: '网站', receivedAt }),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
  }
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
});
