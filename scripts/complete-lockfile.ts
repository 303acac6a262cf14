/**
 * Adds to package-lock.json the platform-specific optional packages (`@swc/core-darwin-arm64`,
 * `@unrs/resolver-binding-win32-x64-msvc`, …) that npm left out, so that `npm ci` accepts the
 * lock file on every platform.
 *
 *   npm run complete-lockfile     (after any `npm install` that changed the lock file)
 *
 * Why: the package registry these machines reach serves only the Linux builds of such
 * packages. `npm install` here silently skips the others, and `npm ci` then refuses the lock
 * file as "out of sync" ("Missing: @swc/core-darwin-arm64@ from lock file"), even on Linux.
 * The entries added here carry version, os, cpu and libc (read from the package name, the
 * convention these packages follow) so npm skips them on other platforms without fetching
 * them. They have no integrity hash: the registry here cannot provide one; npm on a platform
 * that needs them fetches them by exact version.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = Record<string, unknown> & { version?: string; optionalDependencies?: Record<string, string> };

const PLATFORM = /-(darwin|linux|win32|android|freebsd|openharmony|sunos|aix|netbsd|openbsd)-([a-z0-9]+)(?:-([a-z0-9]+))?$/;

function platformOf(name: string): { os: string; cpu: string; libc?: string } | undefined {
  const m = PLATFORM.exec(name);
  if (!m) return undefined;
  const [, os, cpu, abi] = m as unknown as [string, string, string, string | undefined];
  if (os !== 'linux') return { os, cpu };
  return { os, cpu, libc: abi?.startsWith('musl') ? 'musl' : 'glibc' };
}

function main(file = 'package-lock.json'): void {
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
  const packages = lock.packages;
  const added: string[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    if (!key.startsWith('node_modules/')) continue;
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const target = `node_modules/${name}`;
      const platform = platformOf(name);
      if (packages[target] || !platform) continue;
      // Siblings (same parent, other platforms) tell whether the package is a dev dependency and its license.
      const sibling = Object.entries(packages).find(([k]) => Object.keys(entry.optionalDependencies ?? {}).some((n) => k === `node_modules/${n}`))?.[1];
      packages[target] = {
        version,
        cpu: [platform.cpu],
        ...(sibling?.dev ? { dev: true } : {}),
        ...(platform.libc ? { libc: [platform.libc] } : {}),
        ...(sibling?.license ? { license: sibling.license } : {}),
        optional: true,
        os: [platform.os],
      };
      added.push(`${name}@${version}`);
    }
  }
  // npm's own order: the root first, then keys by localeCompare('en').
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(added.length === 0 ? 'package-lock.json is complete; nothing to do' : `added ${added.length}: ${added.join(', ')}`);
}

main(process.argv[2]);
