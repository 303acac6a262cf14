import request from 'supertest';
import { commandPath } from '../../api/authorization';
import { actsAcross, delayedProcedures } from '../../audit/accountability';
import { listProcedures } from '../../audit/procedure-list';
import { COMMAND_NAMES } from '../../domain';
import { bj } from '../api/fixtures';
import { bearer } from '../api/harness';
import { waitFor } from '../foundation/helpers';
import { actors, UNITS } from '../support/fixtures';
import { devAudit, type DevAudit } from './dev-audit';

/*
 * Issue #6 on the real dev server (visibility queries work there): the delayed list, acts across
 * procedures, the audit routes, and the auditor's 403 on every command through the API.
 */
let d: DevAudit;
beforeAll(async () => {
  d = await devAudit();
}, 180_000);
afterAll(async () => {
  await d?.stop();
});

const historyLength = async (key: string) => (await d.client.workflow.getHandle(`decision-procedure/${key}`).fetchHistory()).events?.length;

it('R-66: the visibility query finds the delayed procedure; the delayed list confirms it from the history', async () => {
  const flagged = await waitFor('Delayed = true listed', async () => {
    const found: string[] = [];
    for await (const p of listProcedures(d.client, { delayed: true })) found.push(p.procedureKey);
    return found.includes(d.keys.delayed) ? found : undefined;
  });
  expect(flagged).toEqual([d.keys.delayed]);
  const list = await delayedProcedures(d.client);
  expect(list.map((x) => x.procedureKey)).toEqual([d.keys.delayed]);
  expect(list[0]).toMatchObject({ startedAt: bj('2025-03-02', '09:00'), limitDays: 365, dueAt: '2026-03-02T16:00:00.000Z', flaggedAt: expect.any(String) });
}, 60_000);

it('R-66: acts across procedures on the visibility listing — the dissenting member, the head, the sponsor', async () => {
  await waitFor('three procedures listed', async () => {
    let n = 0;
    for await (const _ of listProcedures(d.client)) n++;
    return n >= 3 ? n : undefined;
  });
  const dissent = await actsAcross(d.client, { personId: 'm-1' });
  expect(dissent.map((a) => [a.procedureKey, a.kind])).toEqual([[d.keys.decided, 'dissented']]);
  const mayor = await actsAcross(d.client, { personId: actors.organ.personId });
  expect(mayor.filter((a) => a.kind === 'decided' || a.kind === 'suspended').map((a) => a.kind)).toEqual(['decided', 'decided', 'suspended']);
  const sponsor = await actsAcross(d.client, { unit: UNITS.sponsor }, { filter: { stage: 'preparation' } });
  expect(new Set(sponsor.map((a) => a.procedureKey))).toEqual(new Set([d.keys.live]));
}, 60_000);

it('R-62 issue #6 §6: an auditor gets 403 on every command, on create, upload and catalog commands; nothing changes; each refusal is logged and shown in the timeline', async () => {
  const before = await historyLength(d.keys.live);
  const auth = await bearer(d.config, actors.auditor);
  const organ = encodeURIComponent(UNITS.organ);
  const posts = [
    ...COMMAND_NAMES.map((name) => `/procedures/${d.keys.live}/${commandPath(name)}`),
    '/procedures',
    '/documents',
    '/catalogs',
    `/catalogs/${organ}/2026/entries`,
    `/catalogs/${organ}/2026/party-consent`,
    `/catalogs/${organ}/2026/publish`,
  ];
  for (const url of posts) {
    const res = await request(d.app).post(url).set('Authorization', auth).send({});
    expect([url, res.status]).toEqual([url, 403]);
  }
  expect(await historyLength(d.keys.live)).toBe(before);
  const logged = await d.log.list({ personId: actors.auditor.personId });
  expect(logged).toHaveLength(posts.length);
  expect(logged.every((r) => r.status === 403 && r.actor?.role === 'auditor')).toBe(true);
  expect((await d.log.verify()).problems).toEqual([]);

  const t = await request(d.app).get(`/audit/procedures/${d.keys.live}/timeline`).set('Authorization', auth).expect(200);
  const refused = t.body.entries.filter((e: { eventType: string }) => e.eventType === 'ApiRefused');
  expect(refused).toHaveLength(COMMAND_NAMES.length);
  expect(refused[0]).toMatchObject({ actor: { personId: actors.auditor.personId }, gate: { accepted: false } });
}, 120_000);

it('issue #6: the audit routes answer auditors only (403 and 401 logged), as JSON or text', async () => {
  const auth = await bearer(d.config, actors.auditor);
  const key = d.keys.decided;
  const text = await request(d.app).get(`/audit/procedures/${key}/timeline?format=text`).set('Authorization', auth).expect(200);
  expect(text.headers['content-type']).toMatch(/^text\/plain/);
  expect(text.text).toContain('集体讨论决定');
  const asOf = await request(d.app).get(`/audit/procedures/${key}/as-of?at=2026-04-27`).set('Authorization', auth).expect(200);
  expect(asOf.body).toMatchObject({ at: '2026-04-27T15:59:59.999Z', state: { stage: 'awaiting_discussion' } });
  await request(d.app).get(`/audit/procedures/${key}/as-of?at=2025-01-01`).set('Authorization', auth).expect(404);
  const bad = await request(d.app).get(`/audit/procedures/${key}/as-of?at=soon`).set('Authorization', auth).expect(400);
  expect(bad.headers['content-type']).toMatch(/problem\+json/);
  const replay = await request(d.app).get(`/audit/procedures/${key}/replay`).set('Authorization', auth).expect(200);
  expect(replay.body).toMatchObject({ procedureKey: key, ok: true });
  await request(d.app).get('/audit/procedures/no-such-procedure/timeline').set('Authorization', auth).expect(404);
  const acts = await request(d.app).get('/audit/acts?person=m-1').set('Authorization', auth).expect(200);
  expect(acts.body.acts.map((a: { kind: string }) => a.kind)).toEqual(['dissented']);
  await request(d.app).get('/audit/acts').set('Authorization', auth).expect(400);
  const delayed = await request(d.app).get('/audit/delayed').set('Authorization', auth).expect(200);
  expect(delayed.body.items.map((x: { procedureKey: string }) => x.procedureKey)).toEqual([d.keys.delayed]);

  const before = (await d.log.list()).length;
  await request(d.app).get('/audit/delayed').set('Authorization', await bearer(d.config, actors.organ)).expect(403);
  await request(d.app).get(`/audit/procedures/${key}/timeline`).expect(401);
  const log = await request(d.app).get('/audit/refusals').set('Authorization', auth).expect(200);
  expect(log.body.chain.problems).toEqual([]);
  expect(log.body.items.slice(before).map((r: { status: number; route: string; actor?: { personId: string } }) => [r.status, r.route, r.actor?.personId])).toEqual([
    [403, 'auditDelayed', actors.organ.personId],
    [401, 'auditTimeline', undefined],
  ]);
}, 60_000);
