import type { Express } from 'express';
import request from 'supertest';
import { problemTypeUri } from '../../api/problem';
import type { Actor } from '../../domain';
import type { Config } from '../../runtime/config';
import { actors } from '../support/fixtures';
import { bearer, offlineApp } from './harness';

/*
 * GET /planning/periods: pure computation, so no Temporal server
 * is needed; the client points at nothing.
 */
let config: Config;
let app: Express;
beforeAll(() => {
  ({ config, app } = offlineApp());
});

const plan = async (query: string, who: Actor = actors.sponsor) => request(app).get(`/planning/periods?${query}`).set('Authorization', await bearer(config, who));

describe('GET /planning/periods', () => {
  it('answers each period’s rule, name, Beijing end and the figure used, for any role with a token', async () => {
    const res = await plan(`from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}&jurisdiction=national`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jurisdiction: 'national', policyVersion: 'national@2' });
    const comment = res.body.periods.find((p: { id: string }) => p.id === 'commentPeriod');
    expect(comment).toMatchObject({ ruleId: 'R-11', name: '公开征求意见期限', days: 30, endsAtBeijing: '2026-10-21T00:00:00+08:00', provisional: false });
    expect(res.body.periods.map((p: { ruleId: string }) => p.ruleId)).toEqual(['R-11', 'R-42', 'R-48', 'R-48', 'R-14', 'R-14', 'R-14']);
    // An auditor plans too: any role with a token.
    expect((await plan(`from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}`, actors.auditor)).status).toBe(200);
  });

  it('marks a period into 2027 provisional and uses the jurisdiction’s figures', async () => {
    const res = await plan(`from=${encodeURIComponent('2026-12-10T10:00:00+08:00')}&jurisdiction=example-city&commentDays=40`);
    expect(res.status).toBe(200);
    const comment = res.body.periods.find((p: { id: string }) => p.id === 'commentPeriod');
    expect(comment).toMatchObject({ days: 40, provisional: true, provisionalYears: [2027] });
    expect(res.body.periods.find((p: { id: string }) => p.id === 'hearingAnnouncement')).toMatchObject({ days: 30 });
  });

  it('reads an offset whose "+" the query string turned into a space', async () => {
    const res = await plan('from=2026-09-20T10:00:00+08:00');
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2026-09-20T10:00:00+08:00');
  });

  it('names each bad parameter: the instant, an unknown jurisdiction, too short a comment period', async () => {
    const res = await plan('from=yesterday&jurisdiction=atlantis');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(problemTypeUri('invalid-input'));
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.from']);
    const j = await plan(`from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}&jurisdiction=atlantis`);
    expect(j.status).toBe(400);
    expect(j.body.errors).toEqual([{ path: 'query.jurisdiction', message: expect.stringContaining('national') }]);
    const short = await plan(`from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}&commentDays=20`);
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ path: 'query.commentDays', message: expect.stringContaining('30') }]);
  });

  it('needs a token', async () => {
    const res = await request(app).get(`/planning/periods?from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}`);
    expect(res.status).toBe(401);
  });
});

describe('the OpenAPI description', () => {
  it('documents GET /planning/periods with its query and roles', async () => {
    const res = await request(app).get('/openapi.json').expect(200);
    const op = res.body.paths['/planning/periods'].get;
    expect(op.operationId).toBe('planPeriods');
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['query:from', 'query:jurisdiction', 'query:commentDays']));
    expect(op['x-roles']).toMatchObject({ public: 'any', sponsor: 'any' });
    expect(res.body.tags.map((t: { name: string }) => t.name)).toContain('planning');
  });
});
