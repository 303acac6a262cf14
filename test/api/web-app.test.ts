import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { createLazyClient } from '../../runtime/temporal';
import { actors } from '../support/fixtures';
import { memoryLogger, tempDir, testConfig } from '../foundation/helpers';
import { bearer } from './harness';

/*
 * ARCHITECTURE decision 10: the API serves the built web application at `/` — here a stand-in
 * build (an index.html and one hashed asset) in a temporary folder. Pages the app routes itself
 * get index.html; API paths stay the API's; hashed assets are cached for good, the page never;
 * the page's Content-Security-Policy admits only its own scripts. Without a build, `/` says how
 * to make one.
 */
const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-3f2a9c.js"></script></head><body><div id="root"></div></body></html>';
const html = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

function appServing(dir: string) {
  const config = testConfig({});
  const { logger } = memoryLogger('silent');
  const routers = [createApiRouters({ client: createLazyClient(config.temporal), config, logger })];
  return { config, app: buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers, webApp: { dir } }) };
}

describe('the web application at /', () => {
  const dist = tempDir('web-dist');
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'assets', 'index-3f2a9c.js'), 'console.log("app");\n');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const { app, config } = appServing(dist);

  it('serves index.html at / and at every page the app routes itself, never cached, under the app’s own policy', async () => {
    for (const page of ['/', '/tasks', '/procedures-board/2026-001', '/index.html']) {
      const res = await request(app).get(page).set(html);
      expect({ page, status: res.status }).toEqual({ page, status: 200 });
      expect(res.text).toBe(INDEX);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toMatch(/https:|\*/);
    }
  });

  it('serves hashed assets with long, immutable caching; a missing asset is a 404, not the page', async () => {
    const res = await request(app).get('/assets/index-3f2a9c.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(app).get('/assets/index-000000.js').set(html).expect(404);
    await request(app).get('/favicon.svg').expect(200).expect('Content-Type', /svg/);
  });

  it('leaves the API its paths: routes answer as the API, an unknown API path or a non-HTML request is a 404 problem', async () => {
    // A browser asking for an API route gets the API's answer (here: no token).
    const tasks = await request(app).get('/me/tasks').set(html);
    expect(tasks.status).toBe(401);
    expect(tasks.headers['content-type']).toMatch(/^application\/problem\+json/);
    const forms = await request(app).get('/forms').set(html).set('Authorization', await bearer(config, actors.sponsor));
    expect(forms.status).toBe(200);
    expect(forms.body).toHaveProperty('commands');
    for (const url of ['/procedures/x/no-such-page', '/public/nothing', '/me/nothing']) {
      const res = await request(app).get(url).set(html);
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
    }
    await request(app).get('/tasks').set('Accept', 'application/json').expect(404);
    await request(app).post('/tasks').set(html).expect(404);
    // The API's own answers keep helmet's policy (no inline scripts).
    const openapi = await request(app).get('/openapi.json').expect(200);
    expect(openapi.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('without a build, / says the web application is not built and how to build it (zh-CN, then English)', async () => {
    const { app: bare } = appServing(path.join(tempDir('no-web'), 'dist'));
    const res = await request(bare).get('/').set(html).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('网页应用尚未构建');
    expect(res.text).toContain('The web application is not built');
    expect(res.text).toContain('npm run build:web');
    await request(bare).get('/assets/index-3f2a9c.js').expect(404);
  });
});
