/**
 * The web application's first-load weight: for each main page, the gzipped bytes of every
 * JavaScript file the browser fetches to render it from a cold start (the bar: at most
 * 400 KB). The built app (web/dist, `npm run build:web`) is served as the API serves it, with
 * the API's reads answered empty: this measures code, not data.
 *
 *   npx ts-node --transpile-only bench/web-bundle.ts
 */
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../test/web/browser';
import { WEB_DIST } from '../runtime/web-build';

const LIMIT_KB = 400;
const ROUTES = ['/public', '/signin', '/tasks', '/procedures', '/procedures/KEY-1', '/notices', '/dashboard', '/audit'];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.woff2': 'font/woff2', '.woff': 'font/woff' };

async function main(): Promise<void> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist missing: npm run build:web');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(WEB_DIST, url.pathname);
    if (url.pathname.startsWith('/assets/') && existsSync(file)) {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } else if ((req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(readFileSync(path.join(WEB_DIST, 'index.html')));
    } else {
      // An API read: empty, so every page renders its frame.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ items: [], events: [], actions: [], people: [], mode: 'embedded', devSignIn: true, unreadCount: 0, procedureKey: 'KEY-1', title: '', stage: 'preparation' }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const rows: { route: string; files: number; gzipKB: number }[] = [];
  for (const route of ROUTES) {
    const context = await browser.newContext();
    // A signed-in session, so the pages behind sign-in render (the token is never checked here).
    const session = JSON.stringify({ token: 'x', principal: { personId: 'p', name: '测试', unit: '某单位', roles: ['auditor'] }, role: 'auditor' });
    await context.addInitScript(`location.protocol === 'http:' && sessionStorage.setItem('session', ${JSON.stringify(session)})`);
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('request', (r) => r.resourceType() === 'script' && scripts.add(new URL(r.url()).pathname));
    console.error('loading', route);
    await page.goto(`${base}${route}`, { waitUntil: 'networkidle', timeout: 30_000 });
    const bytes = [...scripts].reduce((n, p) => n + gzipSync(readFileSync(path.join(WEB_DIST, p)), { level: 9 }).length, 0);
    rows.push({ route, files: scripts.size, gzipKB: Math.round(bytes / 102.4) / 10 });
    await context.close();
  }
  await browser.close();
  server.close();
  for (const r of rows) console.log(`${r.route.padEnd(20)} ${String(r.files).padStart(3)} files ${r.gzipKB.toFixed(1).padStart(8)} KB gzip`);
  const worst = Math.max(...rows.map((r) => r.gzipKB));
  console.log(`web_initial_js_gzip_kb_max ${worst} (limit ${LIMIT_KB})`);
  if (worst > LIMIT_KB) process.exitCode = 1;
}

void main();
