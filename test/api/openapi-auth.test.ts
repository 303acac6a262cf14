import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Router } from 'express';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { ROUTE_RULES } from '../../api/authorization';
import { startApi } from '../../api/server';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { COMMANDS } from '../../domain';
import type { Config } from '../../runtime/config';
import { createLazyClient } from '../../runtime/temporal';
import { actors } from '../support/fixtures';
import { freePort, memoryLogger, testConfig } from '../foundation/helpers';
import { bearer } from './harness';

/*
 * Issue #4 items 2, 7 and 8, where no Temporal server is needed: the OpenAPI description
 * covers every route; tokens from an OIDC issuer are verified against its JWKS; the server
 * finishes requests in flight when it shuts down. The Temporal client points at nothing;
 * only routes that never reach Temporal (documents) are called.
 */
function appWith(config: Config): Express {
  const { logger } = memoryLogger('silent');
  const client = createLazyClient(config.temporal);
  return buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers: [createApiRouters({ client, config, logger })], errorHandlers: apiErrorHandlers });
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  name?: string;
  handle?: { stack?: Layer[] };
}

/** Every [METHOD, path] the app answers, from express's own router, as OpenAPI paths. */
function expressRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.name === 'router' && layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: Router }).router.stack as unknown as Layer[]);
  return out;
}

describe('OpenAPI 3.1 from the zod schemas (issue #4 item 7)', () => {
  const config = testConfig({});
  const app = appWith(config);

  it('documents every route the app serves, with its roles, and nothing it does not serve', async () => {
    const res = await request(app).get('/openapi.json').expect(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { operationId: string; 'x-roles': unknown; parameters?: { name: string; in: string }[]; requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const served = expressRoutes(app).filter((r) => !r.startsWith('GET /healthz') && !r.startsWith('GET /readyz'));
    expect(served.sort()).toEqual(documented.sort());
    // …and the authorization table has exactly these rows.
    expect(ROUTE_RULES.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(documented.sort());
    for (const rule of ROUTE_RULES) {
      const op = doc.paths[rule.path]?.[rule.method];
      expect(op?.operationId).toBe(rule.id);
      expect(op?.['x-roles']).toEqual(rule.access);
      if (rule.method === 'post') expect(op?.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(true);
    }
  });

  it('describes each command’s body with the domain’s own schema', async () => {
    const doc = (await request(app).get('/openapi.json')).body;
    const body = doc.paths['/procedures/{key}/record-meeting'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['meetingType', 'heldAt', 'speeches', 'outcome', 'minutes']));
    for (const name of Object.keys(COMMANDS)) {
      const path = ROUTE_RULES.find((r) => r.id === name)?.path ?? '';
      expect(doc.paths[path].post.requestBody.content['application/json'].schema).toBeDefined();
    }
  });

  it('serves an interactive page at /docs from the installed Swagger UI', async () => {
    const page = await request(app).get('/docs').expect(200);
    expect(page.text).toContain('swagger-ui');
    await request(app).get('/docs/swagger-ui-bundle.js').expect(200).expect('Content-Type', /javascript/);
    await request(app).get('/docs/init.js').expect(200);
  });
});

describe('identity from an OIDC issuer’s JWKS (issue #4 item 2)', () => {
  let jwksServer: http.Server;
  let config: Config;
  type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let sign: (claims: Record<string, unknown>, over?: { aud?: string; key?: PrivateKey }) => Promise<string>;
  let otherKey: PrivateKey;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = http.createServer((_req, res) => res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    config = testConfig({ JWT_JWKS_URL: url, JWT_ISSUER: 'https://idp.example.gov.cn', JWT_AUDIENCE: 'decision-api' });
    sign = (claims, over = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('p-oidc')
        .setIssuer('https://idp.example.gov.cn')
        .setAudience(over.aud ?? 'decision-api')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(over.key ?? privateKey);
    otherKey = other.privateKey;
  });
  afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

  it('accepts the issuer’s tokens and refuses another audience or another key', async () => {
    const app = appWith(config);
    const claims = { name: '审计员', unit: '某市审计局', roles: ['auditor'] };
    const missing = `/documents/${'a'.repeat(64)}`;
    await request(app).get(missing).set('Authorization', `Bearer ${await sign(claims)}`).expect(404);
    await request(app).get(missing).set('Authorization', `Bearer ${await sign(claims, { aud: 'someone-else' })}`).expect(401);
    await request(app).get(missing).set('Authorization', `Bearer ${await sign(claims, { key: otherKey })}`).expect(401);
    // The embedded HS256 tokens keep working beside it.
    await request(app).get(missing).set('Authorization', await bearer(config, actors.auditor)).expect(404);
  });
});

/*
 * One connection per request: with a keep-alive client, api/server.ts's close() keeps waiting
 * after the in-flight response for the then idle socket until its grace period ends (reported
 * to the lead); the request itself is finished either way.
 */
const NO_KEEP_ALIVE = new http.Agent({ keepAlive: false });
describe('graceful shutdown (issue #4 item 8)', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const config = testConfig({ PORT: String(await freePort()) });
    const { logger } = memoryLogger('silent');
    const api = await startApi({ config, logger, client: createLazyClient(config.temporal) });
    const { port } = api.server.address() as AddressInfo;
    const auth = await bearer(config, actors.sponsor);
    const half = Buffer.alloc(512, 1);
    let closed = false;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/documents', agent: NO_KEEP_ALIVE, headers: { Authorization: auth, 'Content-Type': 'application/pdf', 'Content-Length': '1024' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(half);
      // The upload is half sent when the shutdown begins; the rest follows.
      setTimeout(() => {
        void api.close(10_000).then(() => (closed = true));
        setTimeout(() => req.end(half), 200);
      }, 200);
    });
    const res = await answer;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).sha256).toBe(createHash('sha256').update(Buffer.concat([half, half])).digest('hex'));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
