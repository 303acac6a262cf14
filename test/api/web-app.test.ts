import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { webAppRouter, WEB_CSP } from '../../api/web-app';
import { createLogger } from '../../runtime/logger';

/*
 * The web application is served at `/` beside the API: a browser's page request gets the app,
 * an API client (JSON or anything) gets the API, even where both use the same path.
 */
function appWith(dist: string) {
  const api = Router();
  api.get('/procedures', (_req, res) => void res.json({ items: [] }));
  return buildApp({ logger: createLogger('silent'), readiness: async () => ({ ready: true, checks: {} }), routers: [webAppRouter(dist), api] });
}

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the built app', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  const app = appWith(dist);

  it('a page request gets index.html, uncached, with the page CSP (no inline scripts)', async () => {
    for (const page of ['/', '/tasks', '/procedures', '/procedures/JT-2026-07', '/public']) {
      const res = await request(app).get(page).set('Accept', BROWSER).expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(WEB_CSP);
    }
    expect(WEB_CSP).toContain("script-src 'self' 'unsafe-eval'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it('an API client on the same path gets the API', async () => {
    expect((await request(app).get('/procedures').set('Accept', 'application/json').expect(200)).body).toEqual({ items: [] });
    expect((await request(app).get('/procedures').expect(200)).body).toEqual({ items: [] });
  });

  it('the API pages a browser opens stay the API: docs, sign-in redirects, files, probes', async () => {
    for (const p of ['/docs', '/openapi.json', '/auth/oidc/login', '/documents/abc', '/public/consultations/JT-2026-07/documents/abc', '/healthz']) {
      const res = await request(app).get(p).set('Accept', BROWSER);
      expect(res.text).not.toContain('<div id="root">');
    }
  });

  it('hashed assets are cached for good; a missing one is a 404, not the app', async () => {
    const res = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(app).get('/assets/missing.js').set('Accept', BROWSER).expect(404);
  });
});

it('without a build, a page request says how to build it', async () => {
  const res = await request(appWith(mkdtempSync(path.join(tmpdir(), 'no-dist-')))).get('/').set('Accept', BROWSER).expect(503);
  expect(res.text).toContain('npm run build:web');
});
