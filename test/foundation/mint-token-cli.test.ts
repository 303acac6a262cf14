import { spawnSync } from 'node:child_process';
import path from 'node:path';

/*
 * The token helper operators and the docs' walk use: `--help` prints the usage, and a wrong
 * option is named with the usage, never a stack trace.
 */
const ROOT = path.join(__dirname, '..', '..');
const mint = (...args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'scripts', 'mint-token.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

it('mint-token --help prints its usage; an unknown option gets the usage, not a stack trace', () => {
  const help = mint('--help');
  expect({ status: help.status, out: help.stdout }).toEqual({ status: 0, out: expect.stringContaining('用法 / usage: npm run -s mint-token') });
  const bad = mint('--bogus');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("Unknown option '--bogus'");
  expect(bad.stderr).toContain('用法 / usage');
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});
