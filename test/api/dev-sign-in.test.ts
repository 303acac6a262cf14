import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { createTokenVerifier } from '../../api/auth/tokens';
import { apiErrorHandlers, createApiRouters, type ApiDeps } from '../../api/routers';
import { UnitDirectory } from '../../api/unit-directory';
import { ConfigError, loadConfig, type Config } from '../../runtime/config';
import { createLazyClient } from '../../runtime/temporal';
import { memoryLogger, tempDir, testConfig } from '../foundation/helpers';

/*
 * The embedded mode's sign-in (web application issue): GET /auth/config, the people of the
 * directory, and a token for one of them that the API then accepts like any minted one. No
 * Temporal server: the client points at nothing, and the authenticated route called (a document
 * upload and its download) never reaches Temporal.
 */
const EXAMPLE_DIRECTORY = path.resolve(__dirname, '../../config/directory.example.json');

function appWith(config: Config, over: Partial<ApiDeps> = {}, withDirectory = true) {
  const { logger, lines } = memoryLogger('info');
  const file = path.join(config.dataDir, 'directory.json');
  if (withDirectory) copyFileSync(EXAMPLE_DIRECTORY, file);
  const routers = [createApiRouters({ client: createLazyClient(config.temporal), config, logger, directory: new UnitDirectory(file), ...over })];
  const app = buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers });
  return { app, lines };
}

const signIn = (app: Express, body: unknown) => request(app).post('/auth/dev/sign-in').send(body as object);

describe('embedded mode: sign in as a person of the directory', () => {
  const config = testConfig({});
  const { app, lines } = appWith(config);

  it('GET /auth/config says embedded, with the dev sign-in and no OIDC', async () => {
    const res = await request(app).get('/auth/config').expect(200);
    expect(res.body).toEqual({ mode: 'embedded', devSignIn: true });
  });

  it('lists every person of every unit from the directory file, with unit, roles and head', async () => {
    const res = await request(app).get('/auth/dev/people').expect(200);
    const people = res.body.people as { personId: string; name: string; unit: string; roles: string[]; head?: boolean }[];
    expect(people.map((p) => p.personId)).toEqual(['p-mayor', 'p-organ-secretary', 'p-sponsor', 'p-sponsor-legal', 'p-office-head', 'p-office', 'p-office-clerk', 'p-exec']);
    expect(people[0]).toEqual({ personId: 'p-mayor', name: '王市长', unit: '某市人民政府', roles: ['decision_organ'], head: true });
    expect(people.find((p) => p.personId === 'p-office')).toEqual({ personId: 'p-office', name: '张处长', unit: '某市司法局', roles: ['legality_office'] });
    // The directory gives the office's head no role: listed, but no token can name them.
    expect(people.find((p) => p.personId === 'p-office-head')).toEqual({ personId: 'p-office-head', name: '陈局长', unit: '某市司法局', roles: [], head: true });
    expect(res.body.hint).toBeUndefined();
  });

  it('signs in: an 8-hour HS256 token the API accepts, naming the person, unit and roles', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await signIn(app, { personId: 'p-sponsor' }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const principal = { personId: 'p-sponsor', name: '李科长', unit: '某市交通运输局', roles: ['sponsor'] };
    expect(res.body.principal).toEqual(principal);
    const { token, expiresAt } = res.body as { token: string; expiresAt: string };
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    expect(claims.iat!).toBeGreaterThanOrEqual(before);
    expect(new Date(expiresAt).getTime()).toBe(claims.exp! * 1000);
    // Verified as every bearer token is, and accepted on an authenticated route.
    await expect(createTokenVerifier(config.auth)(token)).resolves.toEqual(principal);
    const bytes = Buffer.from('a document uploaded by the signed-in sponsor');
    const up = await request(app).post('/documents').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/pdf').send(bytes).expect(201);
    await request(app).get(`/documents/${up.body.sha256}`).set('Authorization', `Bearer ${token}`).expect(200);
    await request(app).post('/documents').set('Authorization', `Bearer ${token.slice(0, -2)}xx`).set('Content-Type', 'application/pdf').send(bytes).expect(401);
    // Each dev sign-in is logged as a warning that it is not for production.
    const line = lines().find((l) => l.component === 'auth' && l.personId === 'p-sponsor');
    expect(line).toMatchObject({ level: 'warn', unit: '某市交通运输局', roles: ['sponsor'] });
    expect(String(line?.msg)).toMatch(/内置模式.*不得用于生产环境.*not for production/);
  });

  it('caps the lifetime at JWT_MAX_LIFETIME', async () => {
    const short = testConfig({ JWT_MAX_LIFETIME: '30m' });
    const res = await signIn(appWith(short).app, { personId: 'p-office' }).expect(200);
    const claims = decodeJwt(res.body.token);
    expect(claims.exp! - claims.iat!).toBe(1800);
  });

  it('404 for a person not in the directory, 422 for one without a role, 400 for a bad body, 415 for a non-JSON body', async () => {
    const unknown = await signIn(app, { personId: 'p-nobody' }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.detail).toMatch(/通讯录中没有人员「p-nobody」/);
    const roleless = await signIn(app, { personId: 'p-office-head' }).expect(422);
    expect(roleless.body.detail).toMatch(/陈局长.*角色/);
    const empty = await signIn(app, {}).expect(400);
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(['personId']);
    const extra = await signIn(app, { personId: 'p-office', role: 'auditor' }).expect(400);
    expect(extra.body.errors.map((e: { path: string }) => e.path)).toContain('role');
    await signIn(app, { personId: '' }).expect(400);
    await request(app).post('/auth/dev/sign-in').set('Content-Type', 'text/plain').send('p-office').expect(415);
  });

  it('the OIDC routes answer 404 when no issuer is configured', async () => {
    await request(app).get('/auth/oidc/login').expect(404);
    await request(app).get('/auth/oidc/callback?state=x&code=y').expect(404);
    await request(app).post('/auth/oidc/ticket').send({ ticket: 'x' }).expect(404);
  });

  it('without a directory file: no people, a hint in Chinese, and nobody to sign in as', async () => {
    const { app: bare } = appWith(testConfig({}), {}, false);
    const res = await request(bare).get('/auth/dev/people').expect(200);
    expect(res.body.people).toEqual([]);
    expect(res.body.hint).toMatch(/没有通讯录文件/);
    await signIn(bare, { personId: 'p-office' }).expect(404);
  });

  it('rate-limits sign-ins per client address like the public routes', async () => {
    const { app: limited } = appWith(testConfig({}), { publicRateLimit: { windowMs: 60_000, limit: 2 } });
    await signIn(limited, { personId: 'p-office' }).expect(200);
    await signIn(limited, { personId: 'p-nobody' }).expect(404);
    const res = await signIn(limited, { personId: 'p-office' }).expect(429);
    expect(res.body.type).toMatch(/too-many-requests/);
    // The configuration the web application reads first is not limited.
    await request(limited).get('/auth/config').expect(200);
  });
});

describe('the dev sign-in is off outside embedded mode, or with DEV_SIGN_IN=false', () => {
  async function expectOff(config: Config, mode: 'embedded' | 'oidc') {
    const { app } = appWith(config);
    expect((await request(app).get('/auth/config').expect(200)).body).toEqual({ mode, devSignIn: false });
    const people = await request(app).get('/auth/dev/people').expect(404);
    expect(people.body.detail).toMatch(/开发登录未开启/);
    await signIn(app, { personId: 'p-office' }).expect(404);
  }

  it('DEV_SIGN_IN=false turns it off in embedded mode', async () => {
    await expectOff(testConfig({ DEV_SIGN_IN: 'false' }), 'embedded');
  });

  it('tokens from an OIDC issuer (JWKS) turn it off', async () => {
    await expectOff(testConfig({ JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', JWT_ISSUER: 'https://idp.example.gov.cn', JWT_AUDIENCE: 'decision-api' }), 'oidc');
  });

  it('an external Temporal cluster turns it off, and DEV_SIGN_IN=true there is a configuration problem', () => {
    const external = { DATA_DIR: tempDir('data'), TEMPORAL_ADDRESS: 'temporal.example:7233', JWT_SECRET: 's'.repeat(32) };
    expect(loadConfig(external).auth.devSignIn).toBeUndefined();
    let problem: ConfigError | undefined;
    try {
      loadConfig({ ...external, DEV_SIGN_IN: 'true' });
    } catch (err) {
      problem = err as ConfigError;
    }
    expect(problem?.problems.map((p) => p.variable)).toEqual(['DEV_SIGN_IN']);
    expect(problem?.message).toMatch(/DEV_SIGN_IN: 开发登录仅用于内置模式/);
    expect(() => loadConfig({ DATA_DIR: tempDir('data'), DEV_SIGN_IN: 'maybe' })).toThrow(/DEV_SIGN_IN: 应为 true 或 false/);
  });
});
