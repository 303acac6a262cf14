import { join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { ROUTE_RULES } from './authorization';

/*
 * ARCHITECTURE decision 10: the web application (web/, React with Ant Design) is served by the
 * API at `/` from its build folder (WEB_DIST_DIR, default web/dist). Its hashed assets are cached
 * for good; index.html never is, so a new build is picked up on the next visit. A browser's
 * request for a page the app routes itself (a GET that accepts HTML, matching no API route and
 * outside the API's paths) gets index.html. Middleware, not routes: it serves no API operation,
 * so the OpenAPI description rightly leaves it out.
 */

/**
 * First path segments that belong to the API (a page of the web application never starts with
 * one, so a mistyped API path is a 404, not the app): every route's, the probes', the page of
 * the API description, sign-in (api/auth/) and the app's own assets.
 */
export const API_PATH_PREFIXES: ReadonlySet<string> = new Set([
  ...ROUTE_RULES.map((r) => r.path.split('/')[1] ?? ''),
  'healthz',
  'readyz',
  'docs',
  'auth',
  'assets',
]);

/**
 * The page's own policy: its scripts, styles and fonts only, from this origin. Ant Design puts its
 * styles in <style> elements at run time (CSS-in-JS), hence 'unsafe-inline' for styles — on the
 * app's page only; scripts stay 'self'. No upgrade-insecure-requests: over plain HTTP (an intranet
 * address) it would send the page's own requests to an HTTPS port nobody listens on.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>网页应用尚未构建 / The web application is not built</title>
</head>
<body>
<h1>网页应用尚未构建 / The web application is not built</h1>
<p>请在项目目录运行 <code>npm run build:web</code>，然后刷新本页（构建目录由 <code>WEB_DIST_DIR</code> 指定，默认 <code>web/dist</code>）。</p>
<p>Run <code>npm run build:web</code> in the project folder, then reload this page (the build folder is <code>WEB_DIST_DIR</code>, by default <code>web/dist</code>).</p>
<p>接口说明 / API description: <a href="/docs">/docs</a></p>
</body>
</html>
`;

const asPage = (res: Response) => res.set({ 'Cache-Control': 'no-cache', 'Content-Security-Policy': WEB_APP_CSP });

/** Whether the request is a browser asking for a page of the app. */
function wantsAppPage(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (API_PATH_PREFIXES.has(req.path.split('/')[1] ?? '')) return false;
  return req.accepts(['json', 'html']) === 'html';
}

export function webAppRouter(dir: string): Router {
  const router = Router();
  const index = join(dir, 'index.html');
  // Vite names each asset by its content's hash: a changed file is a new name.
  router.use('/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true }));
  router.use(
    express.static(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) asPage(res);
      },
    }),
  );
  router.use((req, res, next) => {
    if (!wantsAppPage(req)) return next();
    asPage(res).sendFile(index, (err?: NodeJS.ErrnoException) => {
      if (!err) return;
      if (res.headersSent) return next(err);
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') res.status(200).type('html').send(NOT_BUILT);
      else next(err);
    });
  });
  return router;
}
