import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../api/app';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { webAppRouter } from '../../api/web-app';
import { createLazyClient } from '../../runtime/temporal';
import { freePorts, memoryLogger, testConfig } from '../foundation/helpers';
import { startIssuer } from '../support/oidc-issuer';
import { launchBrowser, newContext, screenshot } from './browser';

/*
 * Production sign-in in a real browser: the app's button, a real OpenID provider's login and
 * consent pages (oidc-provider on loopback), the API's callback, and the app exchanging the
 * one-time ticket for the session. No Temporal server: the person lands signed in on a page
 * whose reads answer 503, shown as what to do.
 */
const AUDIENCE = 'decision-procedures-api';
const RESOURCE = 'urn:decision-procedures:api';

let issuerProcess: ChildProcess | undefined;
let server: http.Server | undefined;
let browser: Browser | undefined;
let base: string;

beforeAll(async () => {
  const [port] = await freePorts(1);
  base = `http://127.0.0.1:${port}`;
  const client = { clientId: 'decision-web', redirectUri: `${base}/auth/oidc/callback` };
  const started = await startIssuer({ clients: [client], resource: RESOURCE, audience: AUDIENCE, people: { 'p-office': { name: '张处长', unit: '某市司法局', roles: ['legality_office'] } } });
  issuerProcess = started.process;
  const issuer = started.issuer;
  const config = testConfig({
    JWT_JWKS_URL: `${issuer}/jwks`, JWT_ISSUER: issuer, JWT_AUDIENCE: AUDIENCE,
    OIDC_ISSUER: issuer, OIDC_CLIENT_ID: client.clientId, OIDC_REDIRECT_URI: client.redirectUri,
    OIDC_SCOPE: 'openid profile api', OIDC_RESOURCE: RESOURCE,
  });
  writeFileSync(path.join(config.dataDir, 'directory.json'), JSON.stringify({ units: { 某市司法局: { people: [{ personId: 'p-office', name: '张处长', roles: ['legality_office'] }] } } }));
  const { logger } = memoryLogger('silent');
  const app = buildApp({
    logger,
    readiness: async () => ({ ready: true, checks: {} }),
    routers: [webAppRouter(config.webDistDir), createApiRouters({ client: createLazyClient(config.temporal), config, logger })],
    errorHandlers: apiErrorHandlers,
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  issuerProcess?.kill();
});

it('a person signs in through the identity provider and lands on their tasks, signed in', async () => {
  const page = await (await newContext(browser as Browser)).newPage();
  await page.goto(`${base}/signin`);
  // No embedded-mode picker outside embedded mode: only the identity provider.
  await page.getByRole('link', { name: '通过统一身份认证登录' }).click();
  // The provider's own login and consent pages (oidc-provider's development interactions).
  await page.locator('input[name=login]').fill('p-office');
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`${base}/tasks`);
  await page.getByTestId('who').waitFor();
  await expect(page.getByTestId('who').innerText()).resolves.toBe('张处长 · 某市司法局');
  expect(await page.getByTestId('dev-sign-in').count()).toBe(0);
  await screenshot(page, 'signed-in-oidc');
}, 60_000);
