import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { WEB_DIST } from '../runtime/web-build';

/*
 * The web application (web/, built into web/dist) at `/`, beside the API it calls. A page
 * request (a GET whose Accept prefers HTML to JSON) gets index.html and the app's
 * router takes over; its hashed assets are cached for good. The API stays the one way in: the
 * app holds no privilege of its own.
 */

/**
 * The page's Content Security Policy: scripts, fonts and connections to this origin only.
 * Ant Design writes its styles at run time (inline <style>), and the forms' JSON Schema
 * validator (ajv) compiles each schema into a function, hence 'unsafe-inline' for styles and
 * 'unsafe-eval' for scripts on the page — never inline scripts.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>网页应用尚未构建</title>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>网页应用尚未构建 / The web application is not built</h1>
<p>运行 <code>npm run build:web</code>(<code>npm start</code> 会自动构建),然后刷新本页。接口仍可使用:<a href="/docs">/docs</a>。</p>
<p>Run <code>npm run build:web</code> (<code>npm start</code> builds it for you), then reload. The API works meanwhile: <a href="/docs">/docs</a>.</p>
</body></html>`;

/** Paths a browser navigates to that belong to the API, not the app: its docs, sign-in redirects, files (the public's too), probes. */
const API_PAGES = /^\/(docs|openapi\.json|auth\/|documents\/|public\/consultations\/[^/]+\/documents\/|metrics|healthz|readyz)/;

export function webAppRouter(dist = WEB_DIST): Router {
  const router = Router();
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  router.get(/.*/, (req, res, next) => {
    // A page request: the browser prefers HTML. fetch() asks for JSON, curl for anything: both go on to the API.
    if (req.accepts(['json', 'html']) !== 'html' || API_PAGES.test(req.path)) return next();
    const index = path.join(dist, 'index.html');
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    if (!existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.type('html').send(readFileSync(index));
  });
  return router;
}
