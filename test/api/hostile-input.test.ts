import { Client } from '@temporalio/client';
import { SignJWT } from 'jose';
import request from 'supertest';
import { ApiRefusalLog } from '../../audit/api-refusal-log';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, mintToken } from '../../api/auth/tokens';
import { PUBLIC_LISTING_MEMO, publicListingOf } from '../../api/public.routes';
import { defaultCalendar, defaultPolicy } from '../../domain';
import { procedureWorkflowId } from '../../workflows/ids';
import type { DecisionProcedureInput } from '../../workflows/messages';
import { tempDir, waitFor } from '../foundation/helpers';
import { actors } from '../support/fixtures';
import { lightStart, postEvaluationSteps, trail } from './fixtures';
import { bearer, devServerHarness, get, post, upload, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * "The record holds": valid but hostile input over real HTTP against a real Temporal server.
 * Secrets stay out of logs; bad tokens cannot flood the durable refusal log; deep JSON, forged
 * page tokens and unknown fields are 400s; one Idempotency-Key is one application whatever the
 * spelling of the path; a procedure that continued as new is one list item; tokens live ≤ 12 h.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await devServerHarness();
  await uploadFixtureDocs(h);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const secret = () => h.config.auth.jwtSecret ?? '';
const who = { personId: actors.auditor.personId, name: actors.auditor.name, unit: actors.auditor.unit, roles: [actors.auditor.role] };
const events = async (key: string) => (await get(h, actors.auditor, `/procedures/${key}/events`)).body.events as { type: string }[];

async function started(key: string): Promise<void> {
  const draft = await upload(h, actors.sponsor, `draft-${key}`);
  const res = await post(h, actors.organ, '/procedures', { ...lightStart(key), draft });
  expect(res.status).toBe(201);
}

it('bearer tokens, cookies and API keys never reach a log line', async () => {
  const token = await mintToken(secret(), who);
  await request(h.app).get('/procedures/no-such').set('Authorization', `Bearer ${token}`).set('Cookie', 'session=cookie-secret-1').set('X-Api-Key', 'api-key-secret-1');
  await request(h.app).get('/procedures').set('Authorization', 'Bearer not.a-valid.token-secret-2');
  const text = JSON.stringify(h.logs());
  expect(text).toContain('/procedures/no-such');
  for (const s of [token, 'cookie-secret-1', 'api-key-secret-1', 'not.a-valid.token-secret-2']) expect(text).not.toContain(s);
});

it('failed authentications beyond the limit are answered 429 with Retry-After and leave one “rate limited” entry, not one each', async () => {
  const refusals = new ApiRefusalLog(`${tempDir('refusals')}/api-refusals.jsonl`);
  const app = h.anotherApp({ refusals, authFailureRateLimit: { windowMs: 60_000, limit: 5 } });
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) {
    const res = await request(app).get('/procedures').set('Authorization', `Bearer bad.token.${i}`);
    statuses.push(res.status);
    if (res.status === 429) {
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.detail).toMatch(/^认证失败次数过多.* \/ too many failed authentications/);
    }
  }
  expect(statuses).toEqual([...Array(5).fill(401), ...Array(25).fill(429)]);
  const list = await refusals.list();
  expect(list.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
  // A valid token from the same client still gets through.
  expect((await request(app).get('/procedures').set('Authorization', await bearer(h.config, actors.auditor))).status).toBe(200);
});

it('a refusal whose X-Acting-Role is longer than 128 characters is recorded, its value cut', async () => {
  const refusals = new ApiRefusalLog(`${tempDir('refusals')}/api-refusals.jsonl`);
  const app = h.anotherApp({ refusals });
  const role = 'x'.repeat(5000);
  const res = await request(app).get('/procedures').set('Authorization', await bearer(h.config, actors.auditor)).set('X-Acting-Role', role);
  expect(res.status).toBe(403);
  expect(JSON.stringify(res.body)).not.toContain(role.slice(0, 200));
  const [entry, ...more] = await refusals.list();
  expect(more).toEqual([]);
  expect(entry).toMatchObject({ status: 403, route: 'listProcedures', actor: { personId: actors.auditor.personId } });
  expect(entry?.actor?.role?.length).toBeLessThanOrEqual(128);
});

it('valid JSON nested deeper than 64 levels is a 400 naming the limit; 64 levels are parsed', async () => {
  await started('hostile-deep');
  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const res = await request(h.app).post('/procedures/hostile-deep/record-group-consultation').set('Authorization', await bearer(h.config, actors.sponsor)).set('Content-Type', 'application/json').send(deep);
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(JSON.stringify(res.body)).toContain('64');
  const nested = (n: number): unknown => (n === 0 ? 'g' : { x: nested(n - 1) });
  // 64 levels (the body and 63 below it): parsed, so refused for its unknown field, not for its depth.
  const at64 = await post(h, actors.sponsor, '/procedures/hostile-deep/record-group-consultation', { groups: ['g'], summary: 's', deep: nested(63) });
  expect(at64.status).toBe(400);
  expect(at64.body.errors.map((e: { path: string }) => e.path)).toEqual(['deep']);
  const at65 = await post(h, actors.sponsor, '/procedures/hostile-deep/record-group-consultation', { groups: ['g'], summary: 's', deep: nested(64) });
  expect(at65.status).toBe(400);
  expect(at65.body.errors[0].message).toMatch(/64/);
});

it('a malformed or forged page token is a 400 naming the field, on the procedure list and the inbox', async () => {
  for (const url of ['/procedures?pageToken=AAAA', '/procedures?pageToken=Zm9yZ2Vk', '/me/tasks?pageToken=AAAA', '/procedures?pageToken=a%20b']) {
    const res = await get(h, url.startsWith('/me') ? actors.sponsor : actors.auditor, url);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.pageToken']);
  }
  // A real token pages on; the same token edited is refused before the server sees it.
  await started('hostile-page-1');
  await started('hostile-page-2');
  const first = await waitFor('two pages', async () => {
    const r = await get(h, actors.auditor, '/procedures?pageSize=1');
    return typeof r.body.nextPageToken === 'string' ? r : undefined;
  });
  const token: string = first.body.nextPageToken;
  expect((await get(h, actors.auditor, `/procedures?pageSize=1&pageToken=${token}`)).status).toBe(200);
  const edited = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
  expect((await get(h, actors.auditor, `/procedures?pageSize=1&pageToken=${edited}`)).status).toBe(400);
});

it('an unknown field is a 400 naming it, on commands and on the create route, and nothing is recorded', async () => {
  await started('hostile-strict');
  const before = (await events('hostile-strict')).length;
  const res = await post(h, actors.sponsor, '/procedures/hostile-strict/record-group-consultation', { groups: ['g'], summary: 's', padding: 'p'.repeat(500_000) });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([{ path: 'padding', message: expect.stringMatching(/^不允许的字段.* \/ unknown field/) }]);
  expect((await events('hostile-strict')).length).toBe(before);
  const history = await h.client.workflow.getHandle(procedureWorkflowId('hostile-strict')).fetchHistory();
  expect(JSON.stringify(history).length).toBeLessThan(200_000);
  const draft = await upload(h, actors.sponsor, 'draft-hostile-strict-2');
  const create = await post(h, actors.organ, '/procedures', { ...lightStart('hostile-strict-2'), draft, isAdmin: true, proposal: { ...lightStart('x').proposal, extra: 1 } });
  expect(create.status).toBe(400);
  expect(create.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['isAdmin', 'proposal.extra']);
  const wrongType = await post(h, actors.sponsor, '/procedures/hostile-strict/record-group-consultation', { groups: 'g', summary: 's' });
  expect(wrongType.status).toBe(400);
  expect(wrongType.body.errors[0].message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff].* \/ .*expected array/);
});

it('one Idempotency-Key sent on four spellings of one command path applies it once', async () => {
  await started('PA-001');
  const auth = await bearer(h.config, actors.sponsor);
  const body = { groups: ['出租车司机'], summary: '座谈会' };
  const paths = ['/procedures/PA-001/record-group-consultation', '/Procedures/PA-001/record-group-consultation', '/procedures/PA%2D001/record-group-consultation', '/procedures/PA-001/record-group-consultation/'];
  const answers = [];
  for (const p of paths) answers.push(await request(h.app).post(p).set('Authorization', auth).set('Idempotency-Key', 'one-key').send(body));
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  expect((await events('PA-001')).filter((e) => e.type === 'GroupConsulted')).toHaveLength(1);
  // Also in a second API process, where only Temporal's dedupe of the update ID carries it.
  const other = h.anotherApp();
  expect((await request(other).post(paths[1] ?? '').set('Authorization', auth).set('Idempotency-Key', 'one-key').send(body)).status).toBe(200);
  expect((await events('PA-001')).filter((e) => e.type === 'GroupConsulted')).toHaveLength(1);
});

it('a procedure that continued as new is one item of the list, its latest run', async () => {
  const key = 'hostile-can';
  const { events: carried } = trail(lightStart(key), []);
  const first = carried[0];
  if (first?.type !== 'ProcedureStarted') throw new Error('no start');
  const { requirements: _r, policy: _p, calendarVersion: _c, ...start } = first.data;
  const input: DecisionProcedureInput = { start, actor: first.actor, policy: defaultPolicy, calendar: defaultCalendar.toData(), carried: { events: carried }, continueAsNewAfterEvents: 15 };
  const listing = publicListingOf(start);
  const started = await h.client.workflow.start('decisionProcedure', { taskQueue: h.config.temporal.taskQueue, workflowId: procedureWorkflowId(key), args: [input], memo: { [PUBLIC_LISTING_MEMO]: listing } });
  const handle = h.client.workflow.getHandle(started.workflowId, started.firstExecutionRunId);
  for (let i = 0; i < 10; i++) {
    if ((await handle.describe()).status.name === 'CONTINUED_AS_NEW') break;
    expect((await post(h, actors.sponsor, `/procedures/${key}/record-group-consultation`, { groups: [`g${i}`], summary: 's' })).status).toBe(200);
  }
  expect((await handle.describe()).status.name).toBe('CONTINUED_AS_NEW');
  // Visibility has caught up with both runs…
  await waitFor('both runs visible', async () => {
    let n = 0;
    for await (const _ of h.client.workflow.list({ query: `WorkflowId = '${procedureWorkflowId(key)}'` })) n++;
    return n >= 2 ? n : undefined;
  });
  // …and the list shows the procedure once.
  const res = await get(h, actors.auditor, '/procedures?pageSize=100');
  expect(res.status).toBe(200);
  const mine = res.body.items.filter((i: { procedureKey: string }) => i.procedureKey === key);
  expect(mine).toHaveLength(1);
  expect(mine[0].status).toBe('RUNNING');
  // The memo the public list reads is carried to the new run by the server.
  expect((await h.client.workflow.getHandle(started.workflowId).describe()).memo?.[PUBLIC_LISTING_MEMO]).toEqual(listing);
});

it('a token living longer than 12 hours, or without iat or exp, is refused 401 with the reason', async () => {
  const key = new TextEncoder().encode(secret());
  const base = () => new SignJWT({ name: who.name, unit: who.unit, roles: who.roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(who.personId).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE);
  const year9999 = await base().setIssuedAt().setExpirationTime(Date.parse('9999-12-31T00:00:00Z') / 1000).sign(key);
  const noIat = await base().setExpirationTime('1h').sign(key);
  const thirteenHours = await mintToken(secret(), who, '13h');
  for (const [token, reason] of [[year9999, /longer than/], [thirteenHours, /longer than/], [noIat, /iat/]] as const) {
    const res = await request(h.app).get('/procedures').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(reason);
  }
  expect((await request(h.app).get('/procedures').set('Authorization', `Bearer ${await mintToken(secret(), who, '12h')}`)).status).toBe(200);
});

it('the public list is answered from search attributes and memo: no query per listed procedure', async () => {
  const startPublished = async (key: string, memo: (start: DecisionProcedureInput['start']) => Record<string, unknown>) => {
    const { events: carried, state } = trail(lightStart(key), postEvaluationSteps().slice(0, 12));
    expect(state.stage).toBe('published');
    const first = carried[0];
    if (first?.type !== 'ProcedureStarted') throw new Error('no start');
    const { requirements: _r, policy, calendarVersion: _c, ...start } = first.data;
    const input: DecisionProcedureInput = { start, actor: first.actor, policy, calendar: defaultCalendar.toData(), carried: { events: carried } };
    await h.client.workflow.start('decisionProcedure', { taskQueue: h.config.temporal.taskQueue, workflowId: procedureWorkflowId(key), args: [input], memo: memo(start) });
    return start;
  };
  // The memo POST /procedures writes; and one saying the item may not be disclosed.
  const listed = await startPublished('hostile-public-1', (start) => ({ [PUBLIC_LISTING_MEMO]: publicListingOf(start) }));
  await startPublished('hostile-public-2', (start) => ({ [PUBLIC_LISTING_MEMO]: { title: start.title, disclosable: false } }));
  await waitFor('both published in the visibility store', async () => {
    let n = 0;
    for await (const _ of h.client.workflow.list({ query: "`ProcedureStage` = 'published' AND `ExecutionStatus` = 'Running'" })) n++;
    return n >= 2 ? n : undefined;
  });
  let queries = 0;
  const counting = new Client({
    connection: h.client.connection,
    interceptors: { workflow: [{ query: (input, next) => (queries++, next(input)) }] },
  });
  const res = await request(h.anotherApp({ client: counting })).get('/public/decisions?pageSize=20').expect(200);
  expect(res.body.items).toEqual([
    { procedureKey: 'hostile-public-1', title: listed.title, category: listed.category, decisionOrgan: listed.decisionOrgan, sponsorUnit: listed.sponsorUnit, stage: 'published', href: '/public/decisions/hostile-public-1' },
  ]);
  expect(queries).toBe(0);
});
