import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { problemTypeUri } from '../../api/problem';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { editDistance, nearestNames } from '../../api/suggest';
import type { Config } from '../../runtime/config';
import { createLazyClient } from '../../runtime/temporal';
import { DIRECTORY_UNITS, actors } from '../support/fixtures';
import { memoryLogger, testConfig } from '../foundation/helpers';
import { bearer } from './harness';

/*
 * An unknown command name is a 404 naming the nearest commands. It is answered before Temporal
 * is asked anything, so the client here points at nothing.
 */
describe('nearestNames', () => {
  it('measures insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('open-coment-period', 'open-comment-period')).toBe(1);
    expect(editDistance('close-comment-preiod', 'close-comment-period')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('gives the nearest names first, and none for a name far from all of them', () => {
    const names = ['open-comment-period', 'close-comment-period', 'record-hearing', 'record-meeting'];
    expect(nearestNames('open-coment-period', names)).toEqual(['open-comment-period']);
    expect(nearestNames('record-heating', names)).toEqual(['record-hearing', 'record-meeting']);
    expect(nearestNames('OPEN-COMMENT-PERIOD', names)).toEqual(['open-comment-period']);
    expect(nearestNames('launch-rocket', names)).toEqual([]);
  });
});

describe('POST /procedures/{key}/{unknown command}', () => {
  let config: Config;
  let app: Express;
  let lines: () => Record<string, unknown>[];
  beforeAll(() => {
    config = testConfig({});
    writeFileSync(path.join(config.dataDir, 'directory.json'), JSON.stringify({ units: Object.fromEntries(DIRECTORY_UNITS.map((u) => [u, { people: [] }])) }));
    const built = memoryLogger('info');
    lines = built.lines;
    const client = createLazyClient(config.temporal);
    app = buildApp({ logger: built.logger, readiness: async () => ({ ready: true, checks: {} }), routers: [createApiRouters({ client, config, logger: built.logger })], errorHandlers: apiErrorHandlers });
  });

  it('answers 404 naming the nearest command, and logs it like other problems', async () => {
    const res = await request(app).post('/procedures/X-001/open-coment-period').set('Authorization', await bearer(config, actors.sponsor)).send({ days: 30 });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe(problemTypeUri('not-found'));
    expect(res.body.suggestions).toEqual(['open-comment-period']);
    expect(res.body.detail).toMatch(/^没有名为「open-coment-period」的命令；您是否要找：open-comment-period \/ no command named open-coment-period; did you mean: open-comment-period$/);
    expect(res.body.instance).toBe('/procedures/X-001/open-coment-period');
    const logged = lines().find((l) => (l.res as { statusCode?: number } | undefined)?.statusCode === 404 && (l.req as { url?: string } | undefined)?.url === '/procedures/X-001/open-coment-period');
    expect(logged).toMatchObject({ level: 'warn' });
  });

  it('reads a camelCase name as its kebab-case path, on any spelling of the path express accepts', async () => {
    const res = await request(app).post('/Procedures/X-001/openCommentPeriod/').send({});
    expect(res.status).toBe(404);
    expect(res.body.suggestions).toEqual(['open-comment-period']);
  });

  it('points at the API description when nothing is near', async () => {
    const res = await request(app).post('/procedures/X-001/launch-rocket').send({});
    expect(res.status).toBe(404);
    expect(res.body.suggestions).toEqual([]);
    expect(res.body.detail).toContain('/openapi.json');
  });

  it('leaves known commands and other paths alone', async () => {
    // A known command still needs its token (401), and a GET of an unknown path is the plain 404.
    expect((await request(app).post('/procedures/X-001/open-comment-period').send({})).status).toBe(401);
    const other = await request(app).get('/procedures/X-001/open-coment-period');
    expect(other.status).toBe(404);
    expect(other.body.suggestions).toBeUndefined();
  });
});
