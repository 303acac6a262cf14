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
