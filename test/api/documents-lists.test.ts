import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Actor } from '../../domain';
import { actors, UNITS } from '../support/fixtures';
import { waitFor } from '../foundation/helpers';
import { FIXTURE_DOCS, docOf, lightStart, postEvaluationSteps, startWithEvents, trail } from './fixtures';
import { bearer, devServerHarness, get, post, upload, type ApiHarness } from './harness';

/*
 * Issue #4 items 1 and 6: documents stored by hash, and lists as visibility queries on the
 * search attributes — on the real dev server, whose visibility store answers them.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await devServerHarness({ documentMaxBytes: 4096 });
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

/** A unit name with the characters a query string would trip on. */
const ODD_UNIT = "某'局 OR SponsorUnit = '某市交通运输局";
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const digest = (b: Buffer) => `sha-256=:${createHash('sha256').update(b).digest('base64')}:`;

describe('documents (ARCHITECTURE decision 4, R-62)', () => {
  it('stores bytes under their hash and gives them back', async () => {
    const bytes = Buffer.from('%PDF-1.7 征求意见稿');
    const res = await request(h.app).post('/documents').set('Authorization', await bearer(h.config, actors.sponsor)).set('Content-Type', 'application/pdf').set('Content-Digest', digest(bytes)).send(bytes);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ sha256: sha256(bytes), size: bytes.length, mediaType: 'application/pdf' });
    expect(res.headers.location).toBe(`/documents/${sha256(bytes)}`);
    const again = await request(h.app).post('/documents').set('Authorization', await bearer(h.config, actors.expert1)).set('Content-Type', 'application/pdf').send(bytes);
    expect(again.body).toEqual(res.body);
    const down = await request(h.app).get(`/documents/${sha256(bytes)}`).set('Authorization', await bearer(h.config, actors.auditor)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toMatch(/^attachment/);
    expect(down.headers.etag).toBe(`"${sha256(bytes)}"`);
  });

  it('refuses bytes whose hash differs from the declared Content-Digest, and stores nothing', async () => {
    const bytes = Buffer.from('tampered');
    const res = await request(h.app).post('/documents').set('Authorization', await bearer(h.config, actors.sponsor)).set('Content-Type', 'application/pdf').set('Content-Digest', digest(Buffer.from('original'))).send(bytes);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ actual: sha256(bytes), declared: sha256(Buffer.from('original')) });
    expect((await get(h, actors.auditor, `/documents/${sha256(bytes)}`)).status).toBe(404);
  });

  it('stops a streamed upload at the limit (413) and keeps nothing', async () => {
    const server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const auth = await bearer(h.config, actors.sponsor);
    const chunk = Buffer.alloc(1024, 7);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/documents', headers: { Authorization: auth, 'Content-Type': 'application/pdf', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 6; i++) req.write(chunk);
      req.end();
    });
    server.close();
    expect(status).toBe(413);
    expect((await get(h, actors.auditor, `/documents/${sha256(Buffer.concat(Array(6).fill(chunk)))}`)).status).toBe(404);
  });
});

describe('lists: visibility queries on search attributes', () => {
  let deadline: string;
  beforeAll(async () => {
    for (const name of FIXTURE_DOCS) await upload(h, actors.organ, name, docOf(name).bytes.toString());
    const draftA = await upload(h, actors.sponsor, 'draft-list-a');
    await post(h, actors.organ, '/procedures', { ...lightStart('list-a'), draft: draftA }).then((r) => expect(r.status).toBe(201));
    const draftB = await upload(h, actors.sponsor, 'draft-list-b');
    await post(h, actors.organ, '/procedures', { ...lightStart('list-b'), sponsorUnit: UNITS.other, category: 'development_plan', draft: draftB }).then((r) => expect(r.status).toBe(201));
    const draftD = await upload(h, actors.sponsor, 'draft-list-d');
    await post(h, actors.organ, '/procedures', { ...lightStart('list-d'), sponsorUnit: ODD_UNIT, draft: draftD }).then((r) => expect(r.status).toBe(201));
    const c = trail({ ...lightStart('list-c'), catalog: { year: 2026, entryId: '2026-03' } }, postEvaluationSteps());
    await startWithEvents(h.client, h.config.temporal.taskQueue, c.events);
    const opened = await post(h, actors.sponsor, '/procedures/list-a/open-comment-period', { explanation: docOf('explanation').ref, channels: ['市政府网站'], days: 30 });
    expect(opened.status).toBe(200);
    deadline = new Date(Date.now() + 40 * 24 * 3600_000).toISOString();
    // Visibility follows the workflows' upserts a moment later.
    await waitFor('visibility', async () => {
      const res = await get(h, actors.auditor, `/procedures?deadlineBefore=${encodeURIComponent(deadline)}`);
      const done = await get(h, actors.auditor, '/procedures?stage=post_evaluation');
      const started = await get(h, actors.auditor, '/procedures?stage=preparation');
      return res.body.items?.length === 2 && done.body.items?.length === 1 && started.body.items?.length === 3 ? true : undefined;
    });
  }, 60_000);

  const keys = async (who: Actor = actors.auditor, query = '') => {
    const res = await get(h, who, `/procedures?${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as { procedureKey: string }[]).map((i) => i.procedureKey).sort();
  };

  it('filters on stage, sponsor unit, awaiting party, next deadline, catalog year and category', async () => {
    expect(await keys(actors.auditor, 'stage=post_evaluation')).toEqual(['list-c']);
    expect(await keys(actors.auditor, `sponsorUnit=${encodeURIComponent(UNITS.other)}`)).toEqual(['list-b']);
    expect(await keys(actors.auditor, `awaiting=${encodeURIComponent(`evaluator:${UNITS.evaluator}`)}`)).toEqual(['list-c']);
    // list-a's comment period ends in 30 days; list-c's executing unit owes its periodic report (R-63).
    expect(await keys(actors.auditor, `deadlineBefore=${encodeURIComponent(deadline)}`)).toEqual(['list-a', 'list-c']);
    expect(await keys(actors.auditor, 'catalogYear=2026')).toEqual(['list-c']);
    expect(await keys(actors.auditor, 'catalogYear=2026&delayed=false')).toEqual(['list-c']);
    expect(await keys(actors.auditor, 'delayed=true')).toEqual([]);
    expect(await keys(actors.auditor, 'category=development_plan')).toEqual(['list-b']);
    expect(await keys(actors.auditor, `decisionOrgan=${encodeURIComponent(UNITS.organ)}&stage=preparation`)).toEqual(['list-a', 'list-b', 'list-d']);
  });

  it('narrows to the caller’s own unit, and refuses a filter naming another unit', async () => {
    expect(await keys(actors.sponsor)).toEqual(['list-a', 'list-c']);
    expect(await keys(actors.evaluator)).toEqual(['list-c']);
    expect(await keys(actors.office)).toEqual([]);
    expect((await get(h, actors.sponsor, `/procedures?sponsorUnit=${encodeURIComponent(UNITS.other)}`)).status).toBe(403);
  });

  it('treats filter values as values: quotes and operators in them change nothing', async () => {
    for (const evil of ["x' OR WorkflowType = 'decisionProcedure", "x') OR ('a'='a", "x' OR ProcedureStage != 'none"]) {
      expect(await keys(actors.auditor, `sponsorUnit=${encodeURIComponent(evil)}`)).toEqual([]);
    }
    // What a store cannot match faithfully is refused, not silently missed.
    for (const odd of ["x\\' OR 1=1 OR SponsorUnit = 'y", 'x" OR "1"="1', "'x", "x'"]) {
      expect((await get(h, actors.auditor, `/procedures?sponsorUnit=${encodeURIComponent(odd)}`)).status).toBe(400);
    }
    expect((await get(h, actors.auditor, '/procedures?stage=preparation%27%20OR%20%271%27=%271')).status).toBe(400);
    // …and such characters still match exactly what they are.
    expect(await keys(actors.auditor, `sponsorUnit=${encodeURIComponent(ODD_UNIT)}`)).toEqual(['list-d']);
  });

  it('counts the procedures of each stage under the other filters, in the caller\'s scope; pages hold up to 1,000 rows', async () => {
    const all = await get(h, actors.auditor, '/procedures?counts=true&stage=preparation');
    expect(all.status).toBe(200);
    expect(all.body.counts).toMatchObject({ preparation: 3, post_evaluation: 1, legality_review: 0, closed: 0 });
    expect(Object.values(all.body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(4);
    // The stage filter narrows the rows, not the counts; the unit scope narrows both.
    expect(all.body.items).toHaveLength(3);
    const mine = await get(h, actors.sponsor, '/procedures?counts=true');
    expect(mine.body.counts).toMatchObject({ preparation: 1, post_evaluation: 1 });
    expect((await get(h, actors.auditor, '/procedures')).body.counts).toBeUndefined();
    expect((await get(h, actors.auditor, '/procedures?pageSize=1000')).status).toBe(200);
    const tooMany = await get(h, actors.auditor, '/procedures?pageSize=1001');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body.errors)).toContain('pageSize');
  });

  it('pages with an opaque token', async () => {
    const first = await get(h, actors.auditor, '/procedures?pageSize=2');
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextPageToken).toBe('string');
    const second = await get(h, actors.auditor, `/procedures?pageSize=2&pageToken=${first.body.nextPageToken}`);
    const all = [...first.body.items, ...second.body.items].map((i: { procedureKey: string }) => i.procedureKey);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c', 'list-d'].slice(0, all.length)));
  });

  it('R-61: the public list shows published, disclosable decisions only, without names', async () => {
    const res = await request(h.app).get('/public/decisions').expect(200);
    expect(res.body.items.map((i: { procedureKey: string }) => i.procedureKey)).toEqual(['list-c']);
    expect(JSON.stringify(res.body)).not.toContain(actors.organ.personId);
  });

  it('R-02: lists the organ’s catalogs', async () => {
    await post(h, actors.organ, '/catalogs', { decisionOrgan: UNITS.organ, year: 2027 }).then((r) => expect(r.status).toBe(201));
    const res = await waitFor('catalog list', async () => {
      const r = await get(h, actors.organ, '/catalogs?year=2027');
      return r.body.items?.length === 1 ? r : undefined;
    });
    expect(res.body.items[0]).toMatchObject({ decisionOrgan: UNITS.organ, year: 2027, published: false });
  });
});
