import request from 'supertest';
import { actors, UNITS } from '../support/fixtures';
import { docOf, lightStart } from './fixtures';
import { devServerHarness, get, post, tokenFor, type ApiHarness } from './harness';

/*
 * R-02 through HTTP: the yearly catalog is published after the Party committee's consent and
 * never changes afterwards; the organ adjusts it during the year, with the same consent, each
 * adjustment a recorded new version. Procedures cite the version in force.
 */
let h: ApiHarness;
// The current year, so the catalog is still open for adjustment.
const YEAR = new Date().getUTCFullYear();
const ORGAN = encodeURIComponent(UNITS.organ);
const c = `/catalogs/${ORGAN}/${YEAR}`;

beforeAll(async () => {
  h = await devServerHarness();
  const auth = `Bearer ${await tokenFor(h.config, actors.organ)}`;
  for (const name of ['party', 'party-2', 'draft-v1']) {
    await request(h.app).post('/documents').set('Authorization', auth).set('Content-Type', 'application/pdf').send(docOf(name).bytes).expect(201);
  }
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const key = (name: string) => `adjust-${name}-${Date.now()}`;
const launch = (entryId: string, k: string) => post(h, actors.sponsor, '/procedures', { ...lightStart(k), catalog: { year: YEAR, entryId } });

it('R-02: publishing needs the Party committee consent; a procedure cannot be launched from an unpublished catalog', async () => {
  const { organ } = actors;
  expect((await post(h, organ, '/catalogs', { decisionOrgan: UNITS.organ, year: YEAR })).status).toBe(201);
  expect((await post(h, organ, `${c}/entries`, { entryId: 'A', title: '事项甲', category: 'public_policy', sponsorUnit: UNITS.sponsor })).status).toBe(200);
  const early = await post(h, organ, `${c}/publish`, { channels: ['市政府网站'] });
  expect(early.status).toBe(409);
  expect(early.body.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([['catalog.partyConsent', 'R-02']]);
  const unpublished = await launch('A', key('unpublished'));
  expect(unpublished.status).toBe(409);
  expect(unpublished.body.missing.map((m: { item: string }) => m.item)).toEqual(['catalog.published']);
  // Each missing item reads Chinese first, then English (docs/rules.md §3).
  for (const m of [...early.body.missing, ...unpublished.body.missing] as { message: string }[]) {
    expect(m.message).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ [a-z][a-z ]+/);
  }
});

it('R-02: a published catalog never changes; an adjustment with the consent is published as a new version', async () => {
  const { organ } = actors;
  expect((await post(h, organ, `${c}/party-consent`, { document: docOf('party').ref })).status).toBe(200);
  const v1 = await post(h, organ, `${c}/publish`, { channels: ['市政府网站'] });
  expect(v1.status).toBe(200);
  expect(v1.body).toMatchObject({ status: 'published', version: 1 });
  // Published: no entry is added or withdrawn in place.
  expect((await post(h, organ, `${c}/entries`, { entryId: 'B', title: '事项乙', category: 'public_policy', sponsorUnit: UNITS.sponsor })).status).toBe(409);
  expect((await post(h, organ, `${c}/withdrawals`, { entryId: 'A', reason: '撤出' })).status).toBe(409);
  expect((await launch('A', key('v1'))).status).toBe(201);

  // The adjustment: a new version prepared from the one in force, which stays in force meanwhile.
  const adj = await post(h, organ, `${c}/adjustments`, { reason: '年中新增重大事项' });
  expect(adj.status).toBe(200);
  expect(adj.body).toMatchObject({ status: 'draft', version: 2, adjustment: { reason: '年中新增重大事项' } });
  expect((await post(h, organ, `${c}/entries`, { entryId: 'B', title: '事项乙', category: 'public_policy', sponsorUnit: UNITS.sponsor })).status).toBe(200);
  expect((await post(h, organ, `${c}/withdrawals`, { entryId: 'A', reason: '情况变化，不再作为重大决策事项' })).status).toBe(200);
  expect((await request(h.app).get(`/public/catalogs/${ORGAN}/${YEAR}`)).body.entries.map((e: { entryId: string }) => e.entryId)).toEqual(['A']);
  expect((await launch('B', key('b-early'))).status).toBe(422);
  // The adjustment is published only with the Party committee's consent.
  expect((await post(h, organ, `${c}/publish`, { channels: ['市政府网站'] })).status).toBe(409);
  expect((await post(h, organ, `${c}/party-consent`, { document: docOf('party-2').ref })).status).toBe(200);
  expect((await post(h, organ, `${c}/publish`, { channels: ['市政府网站'] })).status).toBe(200);

  const pub = await request(h.app).get(`/public/catalogs/${ORGAN}/${YEAR}`).expect(200);
  expect(pub.body).toMatchObject({ version: 2 });
  expect(pub.body.entries.map((e: { entryId: string }) => e.entryId)).toEqual(['B']);
  // Every published version stays as it was published, recorded with its adjustment.
  const read = await get(h, organ, c);
  expect(read.body.versions.map((v: { version: number; entries: { entryId: string }[] }) => [v.version, v.entries.map((e) => e.entryId)])).toEqual([[1, ['A']], [2, ['B']]]);
  expect(read.body.versions[1].adjustment).toMatchObject({ reason: '年中新增重大事项', withdrawn: [{ entryId: 'A', reason: '情况变化，不再作为重大决策事项' }] });
  expect((await launch('B', key('b'))).status).toBe(201);
  expect((await launch('A', key('a-withdrawn'))).status).toBe(422);
  // Only the decision organ adjusts.
  expect((await post(h, actors.sponsor, `${c}/adjustments`, { reason: '调整' })).status).toBe(403);
});
