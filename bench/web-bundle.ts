/**
 * The web application's first-load weight: for each page, the gzipped bytes of every
 * JavaScript file the browser fetches to render it from a cold start (the bar: at most
 * 400 KB), lazy chunks the page fetches by itself included (the dashboard's ECharts, the new
 * procedure's form renderer). The built app (web/dist, `npm run build:web`) is served as the API
 * serves it, with the API's reads answered empty: this measures code, not data.
 *
 *   npx ts-node --transpile-only bench/web-bundle.ts            the figures
 *   npx ts-node --transpile-only bench/web-bundle.ts --files    and each page's files
 *   npx ts-node --transpile-only bench/web-bundle.ts --modules  and what weighs what in them
 *   npx ts-node --transpile-only bench/web-bundle.ts --roles auditor,decision_organ
 *                                                       as a person with two roles (a role switcher)
 *
 * `--modules` builds the app afresh with source maps into a temporary folder (web/dist is left
 * alone) and shares each file's gzipped size among the packages its minified bytes come from.
 */
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../test/web/browser';
import { WEB_DIR, WEB_DIST } from '../runtime/web-build';
import { buildForms } from '../api/forms.routes';

const LIMIT_KB = 400;
const ROUTES = ['/public', '/signin', '/tasks', '/procedures', '/procedures/new', '/procedures/KEY-1', '/notices', '/legality', '/catalogs', '/dashboard', '/audit'];
// The signed-in person's roles (`--roles a,b`): one by default; with more, the header shows a role switcher.
const rolesArg = process.argv.indexOf('--roles');
const ROLES = rolesArg > 0 ? (process.argv[rolesArg + 1] ?? '').split(',') : ['auditor'];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.woff2': 'font/woff2', '.woff': 'font/woff' };
const kb = (bytes: number) => (Math.round(bytes / 102.4) / 10).toFixed(1);

/** The gzipped size of a built file, without the comment that points at its source map. */
function gzipSize(dist: string, file: string): number {
  const code = readFileSync(path.join(dist, file), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
  return gzipSync(code, { level: 9 }).length;
}

/** For each page, the pathnames of the scripts the browser fetched until the network was idle. */
async function visit(dist: string): Promise<Map<string, string[]>> {
  const forms = buildForms();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(dist, url.pathname);
    if (url.pathname.startsWith('/assets/') && existsSync(file)) {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } else if ((req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(readFileSync(path.join(dist, 'index.html')));
    } else {
      // An API read: empty, so every page renders its frame; but the forms are the real ones,
      // since what the new procedure's form draws decides which code its page loads.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(url.pathname === '/forms' ? forms : { items: [], events: [], actions: [], people: [], mode: 'embedded', devSignIn: true, unreadCount: 0, procedureKey: 'KEY-1', title: '', stage: 'preparation' }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const pages = new Map<string, string[]>();
  try {
    for (const route of ROUTES) {
      const context = await browser.newContext();
      // A signed-in session, so the pages behind sign-in render (the token is never checked here).
      const session = JSON.stringify({ token: 'x', principal: { personId: 'p', name: '测试', unit: '某单位', roles: ROLES }, role: ROLES[0] });
      await context.addInitScript(`location.protocol === 'http:' && sessionStorage.setItem('session', ${JSON.stringify(session)})`);
      const page = await context.newPage();
      const scripts = new Set<string>();
      // Module scripts, modulepreload links and dynamic imports all count as 'script'.
      page.on('request', (r) => r.resourceType() === 'script' && scripts.add(new URL(r.url()).pathname));
      console.error('loading', route);
      await page.goto(`${base}${route}`, { waitUntil: 'networkidle', timeout: 30_000 });
      pages.set(route, [...scripts]);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return pages;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Minified bytes of a built file by source, from its source map (base64 VLQ mappings). */
function bytesBySource(dist: string, file: string): Map<string, number> {
  const code = readFileSync(path.join(dist, file), 'utf8');
  if (!existsSync(path.join(dist, `${file}.map`))) return new Map([['(bundler runtime)', code.length]]);
  const map = JSON.parse(readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[]; mappings: string };
  const lines = code.split('\n');
  const out = new Map<string, number>();
  const add = (source: string, n: number) => out.set(source, (out.get(source) ?? 0) + n);
  let source = 0;
  map.mappings.split(';').forEach((line, i) => {
    let column = 0;
    const segments: { column: number; source: number | undefined }[] = [];
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      const [dColumn = 0, dSource] = fields;
      column += dColumn;
      if (dSource !== undefined) source += dSource;
      segments.push({ column, source: dSource === undefined ? undefined : source });
    }
    const text = lines[i] ?? '';
    segments.forEach((s, j) => {
      const end = segments[j + 1]?.column ?? text.length;
      add(s.source === undefined ? '(no source)' : (map.sources[s.source] ?? '(no source)'), end - s.column);
    });
  });
  return out;
}

/** A source's package: antd, echarts and zrender by folder, the app's own files by path. */
function packageOf(source: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(source);
  if (!m) return source.replace(/^(\.\.\/)+/, '').replace(/^.*?(web\/src\/|domain\/)/, '$1');
  const [, pkg = source, rest = ''] = m;
  if (pkg === 'antd') return `antd/${rest.split('/').slice(0, 2).join('/')}`;
  if (pkg === 'echarts') return `echarts/${rest.split('/').slice(0, 2).join('/')}`;
  return pkg;
}

async function main(): Promise<void> {
  const modules = process.argv.includes('--modules');
  let dist = WEB_DIST;
  if (modules) {
    dist = path.join(mkdtempSync(path.join(tmpdir(), 'web-bundle-')), 'dist');
    const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB_DIR, 'vite.config.ts'), '--outDir', dist, '--sourcemap', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
  } else if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist missing: npm run build:web');
  const pages = await visit(dist);
  const sizes = new Map<string, number>();
  const sizeOf = (f: string) => sizes.get(f) ?? sizes.set(f, gzipSize(dist, f)).get(f) ?? 0;
  const rows = [...pages].map(([route, files]) => ({ route, files, bytes: files.reduce((n, f) => n + sizeOf(f), 0) }));
  for (const r of rows) {
    console.log(`${r.route.padEnd(20)} ${String(r.files.length).padStart(3)} files ${kb(r.bytes).padStart(8)} KB gzip`);
    if (process.argv.includes('--files')) for (const f of [...r.files].sort((a, b) => sizeOf(b) - sizeOf(a))) console.log(`    ${kb(sizeOf(f)).padStart(7)}  ${f}`);
    if (modules) {
      const weights = new Map<string, number>();
      for (const f of r.files) {
        const bySource = bytesBySource(dist, f);
        const total = [...bySource.values()].reduce((a, b) => a + b, 0) || 1;
        for (const [source, n] of bySource) weights.set(packageOf(source), (weights.get(packageOf(source)) ?? 0) + (sizeOf(f) * n) / total);
      }
      for (const [p, n] of [...weights].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) console.log(`    ${kb(n).padStart(7)}  ${p}`);
    }
  }
  if (modules) rmSync(path.dirname(dist), { recursive: true, force: true });
  const worst = Math.max(...rows.map((r) => Number(kb(r.bytes))));
  console.log(`web_initial_js_gzip_kb_max ${worst} (limit ${LIMIT_KB})`);
  if (worst > LIMIT_KB) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
