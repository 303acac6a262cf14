import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureWebBuild, webBuildStale } from '../../runtime/web-build';

// `npm start` builds the web application when its build is missing (scripts/start.ts).
it('builds the web application where none is, and then leaves it alone', () => {
  const dist = path.join(mkdtempSync(path.join(tmpdir(), 'web-build-')), 'dist');
  expect(webBuildStale(dist)).toBe(true);
  const said: string[] = [];
  ensureWebBuild((m) => said.push(m), dist);
  expect(existsSync(path.join(dist, 'index.html'))).toBe(true);
  expect(said).toHaveLength(1);
  expect(webBuildStale(dist)).toBe(false);
  ensureWebBuild((m) => said.push(m), dist);
  expect(said).toHaveLength(1);
}, 120_000);
