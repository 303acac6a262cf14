import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PRELOADED_MODULES, buildWorkflowBundle } from '../../runtime/workflow-bundle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const frozenRegexpLoader = require('../../runtime/frozen-regexp-loader.js') as (source: string) => string;

/*
 * zod and domain/ are preloaded: one copy shared by every workflow of the worker, deep-frozen
 * by the SDK (runtime/workflow-bundle.ts). The rest of the suite runs on this bundle; these
 * tests pin down the two things it relies on.
 */

it('the bundle preloads domain/ (and with it zod) before any workflow', async () => {
  const bundle = await buildWorkflowBundle();
  const preload = /exports\.preloadModules = function preloadModules\(\) \{([\s\S]*?)\n\}/.exec(bundle.code)?.[1] ?? '';
  // webpack replaced each require by a module id: one per preloaded module. (zod needs no entry
  // of its own: domain/ imports it, and webpack drops a bare require of a side-effect-free package.)
  expect(PRELOADED_MODULES.map((m) => path.relative(path.join(__dirname, '..', '..'), m))).toEqual([path.join('domain', 'index.ts')]);
  expect(preload).toContain('__webpack_require__(/* webpackMode: "eager" */ /*! ./domain/index.ts */ "./domain/index.ts")');
}, 120_000);

it('every lastIndex reset in zod is guarded, so zod works on frozen regexps', () => {
  const zodDir = path.dirname(require.resolve('zod/package.json'));
  const files = (readdirSync(zodDir, { recursive: true }) as string[]).filter((f) => /\.c?js$/.test(f));
  let resets = 0;
  for (const f of files) {
    const out = frozenRegexpLoader(readFileSync(path.join(zodDir, f), 'utf8'));
    for (const line of out.split('\n').filter((l) => /\.lastIndex\s*=/.test(l))) {
      resets += 1;
      expect(line).toMatch(/if \(([\w$.]+)\.global \|\| \1\.sticky\) \1\.lastIndex\s*=\s*0;/);
    }
  }
  expect(resets).toBeGreaterThan(0);
  // What the guarded reset does on a frozen, non-global pattern: no TypeError, same answer.
  const pattern = Object.freeze(/^[0-9a-f]{64}$/);
  const check = new Function('pattern', 'value', `'use strict'; ${frozenRegexpLoader('pattern.lastIndex = 0;')} return pattern.test(value);`) as (p: RegExp, v: string) => boolean;
  expect(check(pattern, 'a'.repeat(64))).toBe(true);
  expect(check(pattern, 'x')).toBe(false);
  expect(() => new Function('pattern', "'use strict'; pattern.lastIndex = 0;")(pattern)).toThrow(TypeError);
});
