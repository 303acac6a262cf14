import request from 'supertest';
import { actors } from '../support/fixtures';
import { waitFor } from '../foundation/helpers';
import { bj, docOf, lightStart, startWithEvents, trail } from './fixtures';
import { devServerHarness, post, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * what anyone reads without a token of the drafts open for public comment —
 * on the real dev server, whose visibility store answers the list. Listed: a disclosable procedure
 * whose period runs now, whether started through the API (with the listing memo) or carried in by
 * its events (without it). Not listed: a period that has ended, a procedure without a period, a
 * non-disclosable one.
 */
let h: ApiHarness;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const open = { explanation: docOf('explanation').ref, channels: ['市政府网站', '意见请发送至 jt@example.gov.cn'], days: 30 };

beforeAll(async () => {
  h = await devServerHarness({ publicRateLimit: { windowMs: 60_000, limit: 10_000 } });
  await uploadFixtureDocs(h);
  for (const key of ['cons-open', 'cons-none']) expect((await post(h, actors.organ, '/procedures', lightStart(key))).status).toBe(201);
  const secret = lightStart('cons-secret');
  expect((await post(h, actors.organ, '/procedures', { ...secret, attributes: { ...secret.attributes, nonDisclosable: true, nonDisclosableGround: '涉及国家秘密' } })).status).toBe(201);
  expect((await post(h, actors.sponsor, '/procedures/cons-open/open-comment-period', open)).status).toBe(200);
  await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart('cons-carried'), [['openCommentPeriod', open, actors.sponsor, minutesAgo(30)]], minutesAgo(60)).events);
  // Opened on 2 March 2026 for 30 days: over since 1 April.
  await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart('cons-ended'), [['openCommentPeriod', open, actors.sponsor, bj('2026-03-02')]]).events);
  // Visibility follows the workflows' upserts a moment later.
  await waitFor('both open consultations listed', async () => {
    const res = await request(h.app).get('/public/consultations?pageSize=20');
    return res.body.items?.length === 2 ? res : undefined;
  });
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const keysOf = (body: { items: { procedureKey: string }[] }) => body.items.map((i) => i.procedureKey).sort();

describe('GET /public/consultations (R-10)', () => {
  it('R-10: lists the disclosable procedures whose comment period runs now, with the period, and no person', async () => {
    const res = await request(h.app).get('/public/consultations').expect(200);
    expect(keysOf(res.body)).toEqual(['cons-carried', 'cons-open']);
    const item = res.body.items.find((i: { procedureKey: string }) => i.procedureKey === 'cons-open');
    expect(item).toMatchObject({ title: lightStart('cons-open').title, category: 'public_policy', decisionOrgan: actors.organ.unit, provisional: expect.any(Boolean), href: '/public/consultations/cons-open' });
    expect(Date.parse(item.openedAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(item.endsAt)).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect(item.lastDay).toMatch(/^\d{4}-\d\d-\d\d$/);
    const text = JSON.stringify(res.body);
    for (const who of [actors.organ, actors.sponsor]) {
      expect(text).not.toContain(who.personId);
      expect(text).not.toContain(who.name);
    }
  });

  it('R-10: pages like the other public lists; every bad query field is named', async () => {
    const first = await request(h.app).get('/public/consultations?pageSize=1').expect(200);
    expect(first.body.items.length).toBeLessThanOrEqual(1);
    expect(typeof first.body.nextPageToken).toBe('string');
    const bad = await request(h.app).get('/public/consultations?pageSize=21&pageToken=not*a*token').expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.pageSize', 'query.pageToken']);
  });
});

describe('GET /public/consultations/{key} and its documents (R-10, R-11)', () => {
  it('R-10: the draft and its explanation, where to comment and until when', async () => {
    const res = await request(h.app).get('/public/consultations/cons-open').expect(200);
    expect(res.body).toMatchObject({
      procedureKey: 'cons-open',
      days: 30,
      channels: open.channels,
      draft: { ...docOf('draft-v1').ref, href: `/public/consultations/cons-open/documents/${docOf('draft-v1').ref.sha256}` },
      explanation: { ...docOf('explanation').ref, href: `/public/consultations/cons-open/documents/${docOf('explanation').ref.sha256}` },
    });
    expect(res.body.shortenedReason).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(actors.sponsor.personId);
  });

  it('R-10 R-12: not found once the period is over, without one, for a non-disclosable item, or for no such procedure', async () => {
    for (const key of ['cons-ended', 'cons-none', 'cons-secret', 'no-such-procedure', '..']) {
      const res = await request(h.app).get(`/public/consultations/${key}`);
      expect({ key, status: res.status }).toEqual({ key, status: 404 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('R-10: anyone downloads the draft and the explanation while the period runs, and nothing else', async () => {
    const bytes = (url: string) =>
      request(h.app).get(url).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    for (const name of ['draft-v1', 'explanation']) {
      const d = docOf(name);
      const res = await bytes(`/public/consultations/cons-open/documents/${d.ref.sha256}`);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, d.bytes)).toBe(0);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${d.ref.sha256}"; filename*=UTF-8''${d.ref.name}`);
    }
    // Stored, but not what the consultation published; the same draft of a period that is over.
    expect((await request(h.app).get(`/public/consultations/cons-open/documents/${docOf('adoption').ref.sha256}`)).status).toBe(404);
    expect((await request(h.app).get(`/public/consultations/cons-ended/documents/${docOf('draft-v1').ref.sha256}`)).status).toBe(404);
    const bad = await request(h.app).get('/public/consultations/cons-open/documents/not-a-hash').expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['path.sha256']);
  });
});
