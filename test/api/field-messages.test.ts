import type { Express } from 'express';
import request from 'supertest';
import { problemTypeUri } from '../../api/problem';
import type { Config } from '../../runtime/config';
import { actors } from '../support/fixtures';
import { lightStart } from './fixtures';
import { bearer, offlineApp } from './harness';

/*
 * docs/rules.md §3: a 400 names each invalid field and says what it expects, Chinese first then
 * English. POST /procedures reads its body before Temporal is asked anything, so the client here
 * points at nothing.
 */
let config: Config;
let app: Express;
beforeAll(() => {
  ({ config, app } = offlineApp());
});

describe('400 messages a person can act on', () => {
  it('POST /procedures: catalog, enums and missing fields each say what is expected', async () => {
    const { title: _title, ...start } = lightStart('msg-1');
    const body = { ...start, catalog: { year: 2026 }, category: 'war', proposal: { ...start.proposal, source: 'mayor' } };
    const res = await request(app).post('/procedures').set('Authorization', await bearer(config, actors.organ)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(problemTypeUri('invalid-input'));
    const byPath = Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(['catalog', 'category', 'proposal.source', 'title']);
    expect(byPath.catalog).toMatch(/^应为目录事项 \{ year, entryId \}.*outsideReason.*\/ either a catalog entry \{ year, entryId \} or an \{ outsideReason \}/);
    expect(byPath.category).toMatch(/^应为以下值之一：public_policy、.* \/ expected one of: public_policy, /);
    expect(byPath['proposal.source']).toBe('应为以下值之一：leader、department、lower_government、deputy_or_cppcc、public / expected one of: leader, department, lower_government, deputy_or_cppcc, public');
    expect(byPath.title).toBe('缺少必填字段（应为 string）/ required field missing (expected string)');
    for (const message of Object.values(byPath)) expect(message).not.toMatch(/^(无效输入 \/ )?Invalid input$/);
  });

  it('GET /planning/periods: an instant that is not ISO 8601 says the format, with an example', async () => {
    const res = await request(app).get('/planning/periods?from=2026-09-20').set('Authorization', await bearer(config, actors.sponsor));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'query.from', message: '应为带时区的 ISO 8601 时刻，如 2026-03-01T09:00:00+08:00 / expected an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00+08:00' },
    ]);
  });
});
