import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The web application's folder and its build, served by the API at `/`. */
export const WEB_DIR = path.join(__dirname, '..', 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether web/dist is missing or older than a source of the app (after a pull, an edit). */
export function webBuildStale(dist = WEB_DIST): boolean {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return true;
  if (!existsSync(path.join(WEB_DIR, 'src'))) return false;
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), statSync(path.join(WEB_DIR, 'index.html')).mtimeMs, statSync(path.join(WEB_DIR, 'vite.config.ts')).mtimeMs);
  return sources > statSync(index).mtimeMs;
}

/**
 * Builds the web application with Vite when its build is missing or stale (`npm start` calls
 * this, so the README's run command serves a working application). Vite runs as a child
 * process: it is an ES module, and this service is CommonJS.
 */
export function ensureWebBuild(log: (msg: string) => void, dist = WEB_DIST): void {
  if (!webBuildStale(dist)) return;
  log('正在构建网页应用 / building the web application (web/ → web/dist)');
  // vite's exports do not include its bin; its package.json is exported.
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB_DIR, 'vite.config.ts'), '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`网页应用构建失败 / the web application failed to build (vite exit ${r.status ?? r.signal})`);
}
