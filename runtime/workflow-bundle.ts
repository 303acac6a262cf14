import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Modules evaluated once per V8 context and shared by every workflow in it, instead of once per
 * workflow instance. Without this each cached procedure carried its own copy of zod and of the
 * domain's schemas and tables (≈ 5.5 of its ≈ 6.9 MB of heap, bench/RESULTS.md), and every
 * replay evaluated them again.
 *
 * Safe only for modules without per-workflow state: the SDK deep-freezes them. domain/ is pure
 * (ARCHITECTURE.md: no I/O, no clock, no module-level mutable state). zod keeps its lazily built
 * internals in closures or builds them when the freeze reads them; its one write to a shared
 * object, the `lastIndex` reset of a regexp, is made safe by runtime/frozen-regexp-loader.js.
 * test/workflows/preload.test.ts checks both; the whole suite runs on this bundle.
 */
// require.resolve: domain/index.ts under ts-node, dist/domain/index.js when compiled (Dockerfile).
export const PRELOADED_MODULES = [require.resolve('../domain')]; // and zod, which domain/ imports

/** The options every bundle of workflows/ uses: the worker, the audit replayer, tests, benches. */
export function workflowBundleOptions(
  workflowsPath = require.resolve('../workflows'),
): Pick<BundleOptions, 'workflowsPath' | 'preloadModules' | 'webpackConfigHook'> {
  return { workflowsPath, preloadModules: PRELOADED_MODULES, webpackConfigHook: zodOnFrozenRegexps };
}

/** zod's `lastIndex` resets, made safe on frozen regexps (runtime/frozen-regexp-loader.js). */
function zodOnFrozenRegexps(config: Configuration): Configuration {
  const rule = { test: /[\\/]node_modules[\\/]zod[\\/].*\.c?js$/, use: [{ loader: path.join(__dirname, 'frozen-regexp-loader.js') }] };
  return { ...config, module: { ...config.module, rules: [...(config.module?.rules ?? []), rule] } };
}

type Logger = NonNullable<BundleOptions['logger']>;
type Configuration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/** Bundling logs nothing unless given a logger (tests, benches and the audit bundle silently). */
const silent: Logger = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function buildWorkflowBundle(logger: Logger = silent, workflowsPath?: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger });
}

/*
 * The prebuilt bundle (`npm run build` → dist/workflow-bundle.js, scripts/build-workflow-bundle.ts).
 * Bundling at start loads webpack and its ≈ 400 modules into the worker's main thread for good;
 * a prebuilt file is only read. The SDK loads it with `workflowBundle: { codePath }`
 * (@temporalio/worker lib/worker.js `parseWorkflowCode`), which refuses code without an inline
 * `data:` source map, and evaluates what it reads in the main thread once and in every workflow
 * thread. So the file keeps an inline map of positions only (stack traces of workflow code still
 * name the TypeScript file and line), and the sources' text, most of the map, goes to
 * `<bundle>.map` beside it. Beside both, `<bundle>.manifest.json` records the file's sha256 and
 * every file webpack built it from, so a bundle older than its inputs is refused, not run.
 */
const INLINE_MAP = '//# sourceMappingURL=data:';

export const PREBUILT_BUNDLE_FILE = 'workflow-bundle.js';
export const manifestPathOf = (codePath: string) => `${codePath.replace(/\.js$/, '')}.manifest.json`;

interface BundleManifest {
  /** sha256 of the bundle file. */
  sha256: string;
  /** Every file webpack built the bundle from, relative to the bundle's folder, with its sha256. */
  inputs: Record<string, string>;
}

export interface PrebuiltBundle {
  codePath: string;
  sha256: string;
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Writes the bundle of workflows/ to `codePath`, its full source map to `<codePath>.map` and its manifest. */
export async function writeWorkflowBundle(codePath: string, logger: Logger = silent, workflowsPath?: string): Promise<PrebuiltBundle> {
  const options = workflowBundleOptions(workflowsPath);
  const inputs = new Set<string>();
  const { code } = await bundleWorkflowCode({
    ...options,
    logger,
    webpackConfigHook: (config) => recordInputs(options.webpackConfigHook?.(config) ?? config, inputs),
  });
  const at = code.lastIndexOf(INLINE_MAP);
  const base64 = code.indexOf('base64,', at);
  if (at < 0 || base64 < 0) throw new Error('the SDK bundler returned no inline source map');
  const map = JSON.parse(Buffer.from(code.slice(base64 + 'base64,'.length).trim(), 'base64').toString('utf8')) as { sourcesContent?: unknown };
  const file = path.basename(codePath);
  const { sourcesContent: _text, ...positions } = { ...map, file };
  // The code before the map is kept byte for byte: the map's positions refer to its lines.
  const text = `${code.slice(0, at)}${INLINE_MAP}application/json;base64,${Buffer.from(JSON.stringify(positions)).toString('base64')}\n`;
  const dir = path.dirname(codePath);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${codePath}.map`, JSON.stringify({ ...map, file }));
  writeFileSync(codePath, text);
  const manifest: BundleManifest = {
    sha256: sha256(text),
    inputs: Object.fromEntries(
      [...inputs].sort().map((input) => [path.relative(dir, input).split(path.sep).join('/'), sha256(readFileSync(input))]),
    ),
  };
  writeFileSync(manifestPathOf(codePath), `${JSON.stringify(manifest, null, 1)}\n`);
  return { codePath, sha256: manifest.sha256 };
}

/** webpack's plugin object (its types come through the SDK's; webpack is not ours to import). */
type Plugin = Extract<Exclude<NonNullable<Configuration['plugins']>[number], (...args: never[]) => unknown>, object>;
type Compiler = Parameters<Plugin['apply']>[0];

/** Collects the files on disk webpack built the bundle from. */
function recordInputs(config: Configuration, inputs: Set<string>): Configuration {
  const plugin = {
    apply(compiler: Compiler) {
      compiler.hooks.done.tap('record-workflow-bundle-inputs', ({ compilation }) => {
        // The modules and the loaders that made them: what the bundle's code comes from. Not
        // `fileDependencies`: it also holds the TypeScript sources the source maps point to,
        // which the image does not ship (and which change the map only).
        const files: string[] = [];
        for (const m of compilation.modules) {
          if ('resource' in m && typeof m.resource === 'string') files.push(m.resource);
          if ('loaders' in m && Array.isArray(m.loaders)) files.push(...m.loaders.map((l: { loader: string }) => l.loader));
        }
        // The SDK's generated entry point lives in memory only: it follows from the rest.
        for (const file of files) if (path.isAbsolute(file) && existsSync(file) && statSync(file).isFile()) inputs.add(file.split('?')[0] as string);
      });
    },
  };
  return { ...config, plugins: [...(config.plugins ?? []), plugin] };
}

/**
 * Checks a prebuilt bundle against its manifest: the file is the one written, and every file
 * it was built from is unchanged. Throws, naming what differs, rather than run code older than
 * the sources beside it.
 */
export function checkPrebuiltBundle(file: string): PrebuiltBundle {
  const codePath = path.resolve(file);
  const rebuild = `重新构建 / rebuild it: npm run build (or npm run -s build-workflow-bundle -- --out ${codePath})`;
  let text: Buffer;
  let manifest: BundleManifest;
  try {
    text = readFileSync(codePath);
    manifest = JSON.parse(readFileSync(manifestPathOf(codePath), 'utf8')) as BundleManifest;
  } catch (err) {
    throw new Error(`无法读取 Workflow 代码包 / cannot read the workflow bundle ${codePath} and its manifest: ${(err as Error).message}`);
  }
  const problems: string[] = [];
  if (sha256(text) !== manifest.sha256) problems.push(`${path.basename(codePath)} is not the file its manifest describes`);
  const dir = path.dirname(codePath);
  for (const [input, hash] of Object.entries(manifest.inputs)) {
    let now: string;
    try {
      now = sha256(readFileSync(path.resolve(dir, input)));
    } catch {
      now = 'missing';
    }
    if (now !== hash) problems.push(`${input} ${now === 'missing' ? 'is missing' : 'changed since the bundle was built'}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
    throw new Error(`Workflow 代码包已过期 / the workflow bundle ${codePath} is stale: ${shown}. ${rebuild}`);
  }
  return { codePath, sha256: manifest.sha256 };
}
