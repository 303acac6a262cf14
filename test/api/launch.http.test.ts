import type { WorkflowHandle } from '@temporalio/client';
import { actors, UNITS } from '../support/fixtures';
import { docOf, lightStart, postEvaluationSteps, settled, startWithEvents, trail } from './fixtures';
import { devServerHarness, get, post, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * R-03 through HTTP: a sponsoring unit launches an item of the organ's published catalog that
 * names it; an item outside the catalog it launches as a request the organ approves or refuses.
 * the procedure an amendment starts passes the same catalog check as any start.
 */
let h: ApiHarness;
let executing: WorkflowHandle;
const ORGAN = encodeURIComponent(UNITS.organ);
const EXEC_KEY = `launch-exec-${Date.now()}`;

beforeAll(async () => {
  h = await devServerHarness();
  const { organ } = actors;
  await uploadFixtureDocs(h);
  // The 2026 catalog, published: one entry names the sponsor, one another unit.
  expect((await post(h, organ, '/catalogs', { decisionOrgan: UNITS.organ, year: 2026 })).status).toBe(201);
  const c = `/catalogs/${ORGAN}/2026`;
  expect((await post(h, organ, `${c}/entries`, { entryId: '2026-01', title: '事项一', category: 'public_policy', sponsorUnit: UNITS.sponsor })).status).toBe(200);
  expect((await post(h, organ, `${c}/entries`, { entryId: '2026-02', title: '事项二', category: 'public_policy', sponsorUnit: UNITS.other })).status).toBe(200);
  expect((await post(h, organ, `${c}/party-consent`, { document: docOf('party').ref })).status).toBe(200);
  expect((await post(h, organ, `${c}/publish`, { channels: ['市政府网站'] })).status).toBe(200);
  // The 2027 catalog, not yet published.
  expect((await post(h, organ, '/catalogs', { decisionOrgan: UNITS.organ, year: 2027 })).status).toBe(201);
  expect((await post(h, organ, `/catalogs/${ORGAN}/2027/entries`, { entryId: '2027-01', title: '事项', category: 'public_policy', sponsorUnit: UNITS.sponsor })).status).toBe(200);
  executing = await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart(EXEC_KEY), postEvaluationSteps()).events);
  await settled(executing);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const key = (name: string) => `launch-${name}-${Date.now()}`;

describe('R-03 who launches a procedure, through HTTP', () => {
  it('R-03: a sponsoring unit launches an item of the published catalog that names it; the procedure runs at once', async () => {
    const k = key('catalog');
    const res = await post(h, actors.sponsor, '/procedures', { ...lightStart(k), catalog: { year: 2026, entryId: '2026-01' } });
    expect(res.status).toBe(201);
    expect(res.body.state).toMatchObject({ stage: 'preparation', startedBy: actors.sponsor });
  });

  it('R-03: a catalog item naming another unit, or a procedure naming another sponsoring unit, is refused (403)', async () => {
    const other = await post(h, actors.sponsor, '/procedures', { ...lightStart(key('other-entry')), catalog: { year: 2026, entryId: '2026-02' } });
    expect(other.status).toBe(403);
    const notMine = await post(h, actors.otherSponsor, '/procedures', { ...lightStart(key('not-mine')), catalog: { year: 2026, entryId: '2026-02' } });
    expect(notMine.status).toBe(403);
  });

  it('R-02 R-03: the organ launches a catalog item with the sponsoring unit and category the catalog lists; otherwise 422 naming each', async () => {
    const wrong = await post(h, actors.organ, '/procedures', { ...lightStart(key('organ-mismatch')), category: 'development_plan', catalog: { year: 2026, entryId: '2026-02' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ ruleIds: ['R-02', 'R-03'] });
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(['sponsorUnit', 'category']);
    expect(wrong.body.errors[0].message).toContain(UNITS.other);
    const right = await post(h, actors.organ, '/procedures', { ...lightStart(key('organ-listed')), sponsorUnit: UNITS.other, catalog: { year: 2026, entryId: '2026-02' } });
    expect(right.status).toBe(201);
  });

  it('R-02 R-03: a sponsor cannot launch from a catalog not yet published', async () => {
    const res = await post(h, actors.sponsor, '/procedures', { ...lightStart(key('unpublished')), catalog: { year: 2027, entryId: '2027-01' } });
    expect(res.status).toBe(409);
    expect(res.body.missing.map((m: { item: string }) => m.item)).toEqual(['catalog.published']);
  });

  it('R-03: an item outside the catalog is a launch request: every command is refused (409, R-03) until the organ approves', async () => {
    const k = key('request');
    const created = await post(h, actors.sponsor, '/procedures', lightStart(k));
    expect(created.status).toBe(201);
    expect(created.body.state.stage).toBe('launch_requested');
    const early = await post(h, actors.sponsor, `/procedures/${k}/record-department-consultation`, { department: UNITS.other, agreed: true });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ ruleIds: ['R-03'] });
    expect(early.body.missing).toEqual([expect.objectContaining({ item: 'launch.approval', ruleId: 'R-03', responsible: { role: 'decision_organ', unit: UNITS.organ } })]);
    expect((await post(h, actors.sponsor, `/procedures/${k}/approve-launch`, {})).status).toBe(403);
    const approved = await post(h, actors.organ, `/procedures/${k}/approve-launch`, { note: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.stage).toBe('preparation');
    expect((await post(h, actors.sponsor, `/procedures/${k}/record-department-consultation`, { department: UNITS.other, agreed: true })).status).toBe(200);
  });

  it('R-03: the organ refuses a launch request with a reason; the procedure is closed', async () => {
    const k = key('refused');
    expect((await post(h, actors.sponsor, '/procedures', lightStart(k))).status).toBe(201);
    expect((await post(h, actors.organ, `/procedures/${k}/refuse-launch`, {})).status).toBe(400);
    const refused = await post(h, actors.organ, `/procedures/${k}/refuse-launch`, { reason: '不属于本年度重点工作' });
    expect(refused.status).toBe(200);
    expect(refused.body.stage).toBe('closed');
    const read = await get(h, actors.organ, `/procedures/${k}`);
    expect(read.body.stage).toBe('closed');
  });

  it('R-03: the decision organ launches as before, an item outside the catalog included', async () => {
    const res = await post(h, actors.organ, '/procedures', lightStart(key('organ')));
    expect(res.status).toBe(201);
    expect(res.body.state.stage).toBe('preparation');
  });
});

describe('R-65 an amendment passes the catalog check', () => {
  it('R-65 R-02: the amendment names an entry of a published catalog, or is refused before anything starts', async () => {
    const url = `/procedures/${EXEC_KEY}/start-amendment`;
    const unknown = await post(h, actors.organ, url, { reason: '重大调整', procedure: { ...lightStart(key('amend-unknown')), catalog: { year: 2026, entryId: '2026-99' } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.ruleIds).toEqual(['R-02']);
    const unpublished = await post(h, actors.organ, url, { reason: '重大调整', procedure: { ...lightStart(key('amend-2027')), catalog: { year: 2027, entryId: '2027-01' } } });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.missing.map((m: { item: string }) => m.item)).toEqual(['catalog.published']);
    const k = key('amend-ok');
    const ok = await post(h, actors.organ, url, { reason: '重大调整', procedure: { ...lightStart(k), catalog: { year: 2026, entryId: '2026-01' } } });
    expect(ok.status).toBe(200);
    expect(ok.body.events.map((e: { type: string }) => e.type)).toEqual(['AmendmentStarted']);
  });
});
