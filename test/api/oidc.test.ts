import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { buildApp } from '../../api/app';
import { OneTimeStore } from '../../api/auth/one-time-store';
import { createTokenVerifier } from '../../api/auth/tokens';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { UnitDirectory } from '../../api/unit-directory';
import { ConfigError, loadConfig, type Config } from '../../runtime/config';
import { createLazyClient } from '../../runtime/temporal';
import { freePorts, memoryLogger, tempDir, testConfig } from '../foundation/helpers';
import { startIssuer, type IssuerClient } from '../support/oidc-issuer';

/*
 * Sign-in through an OpenID Connect issuer (web application issue), over HTTP end to end: a
 * real oidc-provider (test/api/oidc-issuer.mjs) with its built-in login and consent forms, the
 * API listening on a loopback port, and a "browser" made of fetch calls that follow every
 * redirect by hand and keep each host's cookies. No Temporal server: the token obtained is
 * used on a route that never reaches Temporal (a document upload).
 */
const CLIENT_ID = 'decision-web';
const AUDIENCE = 'decision-procedures-api';
const RESOURCE = 'urn:decision-procedures:api';
const PEOPLE = {
  'p-office': { name: '张处长', unit: '某市司法局', roles: ['legality_office'] },
  'p-auditor': { name: '钱审计', unit: '某市审计局', roles: ['auditor'] },
  // An account the issuer knows but gives no unit or roles: its access token is of no use here.
  'p-plain': { name: '无单位' },
};

/** Cookies per host, as a browser keeps them (paths ignored: every test path is distinct enough). */
class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const cookies = [...(this.jar.get(u.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(u, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { ...(cookies ? { Cookie: cookies } : {}), ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    const jar = this.jar.get(u.host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    this.jar.set(u.host, jar);
    return res;
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  /** Follows redirects from `url` while they stay on `host`; the first answer that is not one, or the first redirect elsewhere. */
  async follow(url: string, host: string): Promise<{ res: Response; url: string }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const res = await this.go(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      const next = new URL(location, current);
      if (next.host !== host) return { res, url: current };
      current = next.href;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the issuer's form on `url` (login or consent) with `fields`, returning the redirect that follows. */
  async submitForm(url: string, fields: Record<string, string>): Promise<string> {
    const page = await (await this.go(url)).text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`no form on ${url}: ${page.slice(0, 300)}`);
    const hidden = Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const res = await this.go(new URL(action.replace(/&amp;/g, '&'), url).href, { form: { ...hidden, ...fields } });
    const location = res.headers.get('location');
    if (!location) throw new Error(`form on ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return new URL(location, url).href;
  }
}

let issuerProcess: ChildProcess;
let issuer: string;
const servers: http.Server[] = [];
let api: string;
let config: Config;
let logs: () => Record<string, unknown>[];
/** A second API, signing in as a confidential client (OIDC_CLIENT_SECRET, client_secret_basic). */
let confidentialApi: string;

async function startIssuerOf(clients: IssuerClient[]): Promise<string> {
  const started = await startIssuer({ clients, resource: RESOURCE, audience: AUDIENCE, people: PEOPLE });
  issuerProcess = started.process;
  return started.issuer;
}

/** The API as the service builds it, listening on `port` and signing in through the issuer as `client`. */
async function startApi(port: number, client: IssuerClient): Promise<{ config: Config; lines: () => Record<string, unknown>[] }> {
  const apiConfig = testConfig({
    JWT_JWKS_URL: `${issuer}/jwks`,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: AUDIENCE,
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: client.clientId,
    ...(client.clientSecret ? { OIDC_CLIENT_SECRET: client.clientSecret } : {}),
    OIDC_REDIRECT_URI: client.redirectUri,
    OIDC_SCOPE: 'openid profile api',
    OIDC_RESOURCE: RESOURCE,
  });
  // The directory holds the units of the people above (tokens of a role of office must name one).
  const directory = path.join(apiConfig.dataDir, 'directory.json');
  writeFileSync(directory, JSON.stringify({ units: { 某市司法局: { people: [{ personId: 'p-office', name: '张处长', roles: ['legality_office'] }] } } }));
  const { logger, lines } = memoryLogger('info');
  const routers = [createApiRouters({ client: createLazyClient(apiConfig.temporal), config: apiConfig, logger, directory: new UnitDirectory(directory) })];
  const app = buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers });
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { config: apiConfig, lines };
}

/** An API on a free loopback port, for a test of its own. */
async function listen(apiConfig: Config): Promise<{ port: number; close: () => Promise<void> }> {
  const { logger } = memoryLogger('silent');
  const routers = [createApiRouters({ client: createLazyClient(apiConfig.temporal), config: apiConfig, logger })];
  const server = http.createServer(buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers, errorHandlers: apiErrorHandlers }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  const [port, confidentialPort] = await freePorts(2);
  api = `http://127.0.0.1:${port}`;
  confidentialApi = `http://127.0.0.1:${confidentialPort}`;
  const publicClient = { clientId: CLIENT_ID, redirectUri: `${api}/auth/oidc/callback` };
  const confidentialClient = { clientId: 'decision-web-confidential', clientSecret: 'a-client-secret-of-the-test-issuer', redirectUri: `${confidentialApi}/auth/oidc/callback` };
  issuer = await startIssuerOf([publicClient, confidentialClient]);
  ({ config, lines: logs } = await startApi(port!, publicClient));
  await startApi(confidentialPort!, confidentialClient);
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  issuerProcess?.kill();
});

/** The browser's way from the API's login to the issuer's redirect back to the callback, as `login`. */
async function signInAtIssuer(browser: Browser, login: string, returnTo = '/tasks', at = api): Promise<string> {
  const start = await browser.go(`${at}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.searchParams.get('resource')).toBe(RESOURCE);
  const issuerHost = authorize.host;
  const toLogin = await browser.follow(authorize.href, issuerHost);
  expect(toLogin.res.status).toBe(200);
  // The login form, then the consent form (devInteractions), each answered by a redirect on the issuer.
  const afterLogin = await browser.submitForm(toLogin.url, { login, password: 'any' });
  const toConsent = await browser.follow(afterLogin, issuerHost);
  expect(toConsent.res.status).toBe(200);
  const afterConsent = await browser.submitForm(toConsent.url, {});
  const back = await browser.follow(afterConsent, issuerHost);
  const callback = new URL(back.res.headers.get('location')!, back.url);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${at}/auth/oidc/callback`);
  expect(callback.searchParams.get('code')).toBeTruthy();
  return callback.href;
}

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('OIDC sign-in: authorization code with PKCE against a real issuer', () => {
  it('GET /auth/config says oidc, with its login URL and no dev sign-in', async () => {
    const res = await fetch(`${api}/auth/config`);
    expect(await res.json()).toEqual({ mode: 'oidc', devSignIn: false, oidc: { loginUrl: '/auth/oidc/login' } });
  });

  it('signs a person in: the ticket gives the issuer’s access token once, and the API accepts it', async () => {
    const browser = new Browser();
    const callback = await signInAtIssuer(browser, 'p-office', '/procedures?stage=legality_review');
    const done = await browser.go(callback);
    expect(done.status).toBe(302);
    const complete = new URL(done.headers.get('location')!, callback);
    expect(`${complete.origin}${complete.pathname}`).toBe(`${api}/signin/complete`);
    const ticket = complete.searchParams.get('ticket')!;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state cookie went with the callback.
    expect(browser.cookie(new URL(api).host, 'decision_oidc_state')).toBeUndefined();

    const res = await postJson(`${api}/auth/oidc/ticket`, { ticket });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; expiresAt: string; principal: unknown; returnTo: string };
    const principal = { personId: 'p-office', name: '张处长', unit: '某市司法局', roles: ['legality_office'] };
    expect(body.principal).toEqual(principal);
    expect(body.returnTo).toBe('/procedures?stage=legality_review');
    const claims = decodeJwt(body.token);
    expect(claims).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: 'p-office', unit: '某市司法局', roles: ['legality_office'] });
    expect(new Date(body.expiresAt).getTime()).toBe(claims.exp! * 1000);
    // Verified against the issuer's JWKS like any bearer token, and accepted on an authenticated route.
    await expect(createTokenVerifier(config.auth)(body.token)).resolves.toEqual(principal);
    const upload = await fetch(`${api}/documents`, { method: 'POST', headers: { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/pdf' }, body: 'signed in through OIDC' });
    expect(upload.status).toBe(201);
    expect(logs().some((l) => l.component === 'auth' && l.personId === 'p-office')).toBe(true);

    // Once only.
    const again = await postJson(`${api}/auth/oidc/ticket`, { ticket });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/已使用/);
  });

  it('refuses a forged state, a state without its browser’s cookie, and a state used twice (400)', async () => {
    const forged = await fetch(`${api}/auth/oidc/callback?state=forged-state&code=whatever`, { headers: { Cookie: 'decision_oidc_state=forged-state' }, redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await forged.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['query.state']);

    // A genuine callback URL opened in another browser (no state cookie) signs no one in.
    const browser = new Browser();
    const callback = await signInAtIssuer(browser, 'p-auditor');
    const elsewhere = await fetch(callback, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/不是在此浏览器中开始的/);
    // In the browser that started it, it still works, once.
    const stateCookie = browser.cookie(new URL(api).host, 'decision_oidc_state')!;
    expect((await browser.go(callback)).status).toBe(302);
    const replay = await fetch(callback, { headers: { Cookie: `decision_oidc_state=${stateCookie}` }, redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { detail: string }).detail).toMatch(/已过期或已使用/);
  });

  it('signs in as a confidential client too (OIDC_CLIENT_SECRET, client_secret_basic)', async () => {
    const browser = new Browser();
    const callback = await signInAtIssuer(browser, 'p-auditor', '/', confidentialApi);
    const done = await browser.go(callback);
    expect(done.status).toBe(302);
    const ticket = new URL(done.headers.get('location')!, callback).searchParams.get('ticket');
    const res = await postJson(`${confidentialApi}/auth/oidc/ticket`, { ticket });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { principal: unknown }).principal).toEqual({ personId: 'p-auditor', name: '钱审计', unit: '某市审计局', roles: ['auditor'] });
    // A ticket belongs to the API process that issued it.
    expect((await postJson(`${api}/auth/oidc/ticket`, { ticket })).status).toBe(404);
  });

  it('explains in Chinese when the issuer’s access token carries no unit or roles (401)', async () => {
    const browser = new Browser();
    const callback = await signInAtIssuer(browser, 'p-plain');
    const res = await browser.go(callback);
    expect(res.status).toBe(401);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toMatch(/签发方的访问令牌不能用于本服务.*unit.*roles/);
  });

  it('says so when the person cancels at the issuer (401, the issuer’s error)', async () => {
    const browser = new Browser();
    const start = await browser.go(`${api}/auth/oidc/login`);
    const authorize = start.headers.get('location')!;
    const loginPage = await browser.follow(authorize, new URL(authorize).host);
    // The login form's cancel link (devInteractions): /interaction/<uid>/abort.
    const back = await browser.follow(`${loginPage.url}/abort`, new URL(authorize).host);
    const callback = new URL(back.res.headers.get('location')!, back.url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await browser.go(callback.href);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/OIDC 签发方拒绝了登录.*access_denied/);
  });

  it('accepts only a path of this site as returnTo (400)', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'tasks']) {
      const res = await fetch(`${api}/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect({ returnTo, status: res.status }).toEqual({ returnTo, status: 400 });
    }
  });

  it('has no dev sign-in beside it', async () => {
    expect((await fetch(`${api}/auth/dev/people`)).status).toBe(404);
    expect((await postJson(`${api}/auth/dev/sign-in`, { personId: 'p-office' })).status).toBe(404);
  });
});

describe('when the issuer cannot be reached', () => {
  it('the login answers 503 with Retry-After, and the API keeps serving', async () => {
    const [closed] = await freePorts(1);
    const down = `http://127.0.0.1:${closed}`;
    const { port, close } = await listen(
      testConfig({ JWT_JWKS_URL: `${down}/jwks`, JWT_ISSUER: down, JWT_AUDIENCE: AUDIENCE, OIDC_ISSUER: down, OIDC_CLIENT_ID: CLIENT_ID, OIDC_REDIRECT_URI: 'http://127.0.0.1:9/auth/oidc/callback' }),
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/auth/oidc/login`, { redirect: 'manual' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/无法连接 OIDC 签发方/);
      expect((await fetch(`http://127.0.0.1:${port}/auth/config`)).status).toBe(200);
    } finally {
      await close();
    }
  });
});

describe('the sign-in stores: one take each, a lifetime, a bound', () => {
  it('forgets a value after its lifetime or its first take, and the oldest when full', () => {
    let now = 0;
    const store = new OneTimeStore<string>(1000, 2, () => now);
    store.put('a', 'A');
    expect(store.take('a')).toBe('A');
    expect(store.take('a')).toBeUndefined();
    store.put('b', 'B');
    now = 1000;
    expect(store.take('b')).toBeUndefined();
    store.put('c', 'C');
    store.put('d', 'D');
    store.put('e', 'E');
    expect(store.size).toBe(2);
    expect([store.take('c'), store.take('d'), store.take('e')]).toEqual([undefined, 'D', 'E']);
  });
});

describe('OIDC_* configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ DATA_DIR: tempDir('data'), ...env });
      return {};
    } catch (err) {
      return Object.fromEntries((err as ConfigError).problems.map((p) => [p.variable, p.message]));
    }
  };
  const jwks = { JWT_JWKS_URL: 'https://idp.example.gov.cn/jwks', JWT_ISSUER: 'https://idp.example.gov.cn', JWT_AUDIENCE: 'decision-api' };

  it('needs the client id, the redirect URI and the issuer’s JWKS with OIDC_ISSUER', () => {
    expect(Object.keys(problems({ OIDC_ISSUER: 'https://idp.example.gov.cn' })).sort()).toEqual(['JWT_JWKS_URL', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI']);
    expect(problems({ OIDC_ISSUER: 'https://idp.example.gov.cn' }).JWT_JWKS_URL).toMatch(/OIDC_ISSUER/);
  });

  it('refuses OIDC_* without OIDC_ISSUER, an http issuer off loopback, a redirect URI elsewhere than the callback', () => {
    expect(problems({ OIDC_CLIENT_ID: 'x' })).toEqual({ OIDC_CLIENT_ID: expect.stringMatching(/OIDC_ISSUER/) });
    const p = problems({ ...jwks, OIDC_ISSUER: 'http://idp.example.gov.cn', OIDC_CLIENT_ID: 'web', OIDC_REDIRECT_URI: 'https://decisions.example.gov.cn/callback', OIDC_RESOURCE: 'not a uri' });
    expect(Object.keys(p).sort()).toEqual(['OIDC_ISSUER', 'OIDC_REDIRECT_URI', 'OIDC_RESOURCE']);
    expect(p.OIDC_ISSUER).toMatch(/https/);
    expect(p.OIDC_REDIRECT_URI).toMatch(/\/auth\/oidc\/callback/);
  });

  it('reads a complete configuration, public client by default, scope defaulting to openid profile', () => {
    const c = loadConfig({ DATA_DIR: tempDir('data'), ...jwks, OIDC_ISSUER: 'https://idp.example.gov.cn', OIDC_CLIENT_ID: 'web', OIDC_REDIRECT_URI: 'https://decisions.example.gov.cn/auth/oidc/callback' });
    expect(c.auth.oidc).toEqual({ issuer: 'https://idp.example.gov.cn', clientId: 'web', redirectUri: 'https://decisions.example.gov.cn/auth/oidc/callback', scope: 'openid profile' });
    expect(c.auth.devSignIn).toBeUndefined();
  });
});
