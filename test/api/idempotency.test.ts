import request from 'supertest';
import { IdempotencyStore } from '../../api/idempotency';
import { actors } from '../support/fixtures';
import { archivedExecutingSteps, lightStart, startWithEvents, trail } from './fixtures';
import { bearer, devServerHarness, get, post, upload, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * docs/rules.md §3 / issue #4 item 5: a repeated request with the same Idempotency-Key gets the
 * first result, once — concurrent repeats included, after the procedure has ended, and in a
 * second API process that never saw the first request (there Temporal's own dedupe of update
 * IDs, signal request IDs and workflow IDs carries it).
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await devServerHarness();
  await uploadFixtureDocs(h);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const historyLength = async (key: string) => (await h.client.workflow.getHandle(`decision-procedure/${key}`).describe()).historyLength;

it('20 concurrent creates with one key start one procedure and all get the first answer', async () => {
  const draft = await upload(h, actors.sponsor, 'draft-idem-1');
  const body = { ...lightStart('idem-1'), draft };
  const auth = await bearer(h.config, actors.organ);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => request(h.app).post('/procedures').set('Authorization', auth).set('Idempotency-Key', 'create-idem-1').send(body)),
  );
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
  expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
  expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
  // Another process (a fresh store) finds its own start in the memo instead of a conflict.
  const other = h.anotherApp({ idempotency: new IdempotencyStore() });
  const again = await request(other).post('/procedures').set('Authorization', auth).set('Idempotency-Key', 'create-idem-1').send(body);
  expect(again.status).toBe(201);
  expect(again.body).toEqual(answers[0]?.body);
  // Without the key, or with another key, the second start is a conflict.
  expect((await request(other).post('/procedures').set('Authorization', auth).set('Idempotency-Key', 'other').send(body)).status).toBe(409);
});

it('20 concurrent repeats of a command record it once', async () => {
  const draft = await upload(h, actors.sponsor, 'draft-idem-2');
  await post(h, actors.organ, '/procedures', { ...lightStart('idem-2'), draft });
  await get(h, actors.sponsor, '/procedures/idem-2');
  const before = await historyLength('idem-2');
  const auth = await bearer(h.config, actors.sponsor);
  const body = { groups: ['出租车司机'], summary: '座谈会' };
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      request(h.app).post('/procedures/idem-2/record-group-consultation').set('Authorization', auth).set('Idempotency-Key', 'k-20').send(body),
    ),
  );
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
  const events = (await get(h, actors.auditor, '/procedures/idem-2/events')).body.events as { type: string }[];
  expect(events.filter((e) => e.type === 'GroupConsulted')).toHaveLength(1);
  const grew = (await historyLength('idem-2')) - before;
  // Also from a second process: Temporal returns the first update's outcome for the same update ID.
  const other = h.anotherApp({ idempotency: new IdempotencyStore() });
  const again = await request(other).post('/procedures/idem-2/record-group-consultation').set('Authorization', auth).set('Idempotency-Key', 'k-20').send(body);
  expect(again.status).toBe(200);
  expect(again.body).toEqual(answers[0]?.body);
  expect((await historyLength('idem-2')) - before).toBe(grew);
  // The same key for another body is refused; a new key is a new command.
  const reused = await request(h.app).post('/procedures/idem-2/record-group-consultation').set('Authorization', auth).set('Idempotency-Key', 'k-20').send({ ...body, summary: '另一次' });
  expect(reused.status).toBe(422);
});

it('a refused command repeated (here and in another process) is refused alike and its refusal recorded once (R-50)', async () => {
  const draft = await upload(h, actors.sponsor, 'draft-idem-3');
  await post(h, actors.organ, '/procedures', { ...lightStart('idem-3'), draft });
  const auth = await bearer(h.config, actors.sponsor);
  const send = (app = h.app) => request(app).post('/procedures/idem-3/submit-to-discussion').set('Authorization', auth).set('Idempotency-Key', 'refused-1').send({});
  const answers = await Promise.all(Array.from({ length: 5 }, () => send()));
  expect(answers.map((r) => r.status)).toEqual(Array(5).fill(409));
  const fresh = await send(h.anotherApp({ idempotency: new IdempotencyStore() }));
  expect(fresh.status).toBe(409);
  expect(fresh.body.missing).toEqual(answers[0]?.body.missing);
  const state = await get(h, actors.sponsor, '/procedures/idem-3');
  expect(state.body.refusals).toHaveLength(1);
});

it('a repeat after the procedure has ended gets the first answer back', async () => {
  await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart('idem-4'), archivedExecutingSteps()).events);
  const auth = await bearer(h.config, actors.organ);
  const close = (app = h.app) => request(app).post('/procedures/idem-4/close-procedure').set('Authorization', auth).set('Idempotency-Key', 'close-1').send({ reason: '执行完毕' });
  const first = await close();
  expect(first.status).toBe(200);
  expect(first.body.stage).toBe('closed');
  await h.client.workflow.getHandle('decision-procedure/idem-4').result();
  for (const app of [h.app, h.anotherApp({ idempotency: new IdempotencyStore() })]) {
    const again = await close(app);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  }
  // A new request on the ended procedure is a conflict, not a replay.
  const fresh = await request(h.app).post('/procedures/idem-4/close-procedure').set('Authorization', auth).set('Idempotency-Key', 'close-2').send({ reason: '执行完毕' });
  expect(fresh.status).toBe(409);
});

it('rejects a malformed key', async () => {
  const res = await post(h, actors.sponsor, '/procedures/idem-2/record-group-consultation', { groups: ['g'], summary: 's' }, { 'Idempotency-Key': 'has space' });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].path).toBe('header.Idempotency-Key');
});
