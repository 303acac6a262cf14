import { Router } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import type { ReadinessCheck } from '../../api/health.routes';
import { memoryLogger } from './helpers';

/*
 * The app's plumbing: a request id on every API log line (kept from X-Request-Id when the
 * caller sends a sane one), routers mounted by the composition root, problem+json for unknown
 * routes and for unexpected errors without internals. Readiness here is a plain function: its
 * real, Temporal-backed version is exercised in readiness.test.ts.
 */
const ready: ReadinessCheck = async () => ({ ready: true, checks: {} });

function appWithRoutes() {
  const { logger, lines } = memoryLogger('info');
  const router = Router();
  router.get('/echo', (req, res) => {
    req.log.info({ step: 'handler' }, 'handling echo');
    res.json({ ok: true });
  });
  router.get('/boom', () => {
    throw new Error('secret internal detail');
  });
  router.post('/json', (req, res) => {
    res.json(req.body);
  });
  return { app: buildApp({ logger, readiness: ready, routers: [router] }), lines };
}

it('puts the request id on every API log line and echoes it in X-Request-Id', async () => {
  const { app, lines } = appWithRoutes();
  const res = await request(app).get('/echo').set('X-Request-Id', 'gw-123.abc').expect(200);
  expect(res.headers['x-request-id']).toBe('gw-123.abc');
  const apiLines = lines().filter((l) => l.component === 'api');
  expect(apiLines.map((l) => l.msg)).toEqual(['handling echo', 'request completed']);
  for (const line of apiLines) expect(line.reqId).toBe('gw-123.abc');

  // No usable incoming id: one is generated (a UUID), and a hostile header is not reflected.
  const generated = await request(app).get('/echo').set('X-Request-Id', 'bad id\twith spaces').expect(200);
  expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(lines().filter((l) => l.reqId === generated.headers['x-request-id'])).toHaveLength(2);
});

it('answers unknown routes and failures with problem+json, without internals', async () => {
  const { app, lines } = appWithRoutes();
  const missing = await request(app).get('/nowhere').expect(404);
  expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(missing.body).toMatchObject({ status: 404, detail: 'GET /nowhere' });

  const boom = await request(app).get('/boom').expect(500);
  expect(boom.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(JSON.stringify(boom.body)).not.toContain('secret internal detail');
  // …but the log has it, with the request id, for whoever investigates.
  const errorLine = lines().find((l) => l.msg === 'unhandled error');
  expect(errorLine).toMatchObject({ level: 'error', reqId: boom.headers['x-request-id'] });

  const bad = await request(app).post('/json').set('Content-Type', 'application/json').send('{"broken"').expect(400);
  expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
});

it('keeps successful health probes out of the log', async () => {
  const { app, lines } = appWithRoutes();
  await request(app).get('/healthz').expect(200);
  await request(app).get('/readyz').expect(200);
  expect(lines().filter((l) => l.component === 'api')).toEqual([]);
});
