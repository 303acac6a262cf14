/**
 * The worker: hosts the workflows of workflows/ and the activities of activities/ on the task
 * queue. Run alone (`npm run worker`, docker-compose's `worker` service) or inside the start
 * script beside the embedded dev server and the API.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import {
  NativeConnection,
  Runtime,
  Worker,
  makeTelemetryFilterString,
  type WorkflowBundle,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { createActivities, noticeOutboxDir, type ActivityDeps } from './activities';
import { loadNotificationConfig } from './activities/notification-config';
import { ConfigError, loadConfig, type Config } from './runtime/config';
import { createLogger, toSdkLogger, type AppLogger } from './runtime/logger';
import { NoticeJournal } from './runtime/notice-journal';
import { NoticeRelay, relaySinks, type RelayDeps } from './runtime/notice-relay';
import { connectionOptions } from './runtime/temporal';
import { PREBUILT_BUNDLE_FILE, buildWorkflowBundle, checkPrebuiltBundle, sha256 } from './runtime/workflow-bundle';

let runtimeInstalled = false;

/**
 * Routes the SDK's own logs, workflow `log.*` and activity `log.*` into our pino stream.
 * Must run before the first connection or worker is created; only once per process.
 * Signal handling stays ours (shutdownSignals: []) so the caller decides the shutdown order.
 */
export function installSdkLogging(logger: AppLogger, metricsAddress?: string): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: toSdkLogger(logger),
    shutdownSignals: [],
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      // Temporal's own worker metrics (WORKER_METRICS_ADDRESS), failing workflow tasks among them.
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  });
  runtimeInstalled = true;
}

export interface WorkerDeps {
  config: Config;
  logger: AppLogger;
  /** A bundle built in this process (tests build it once per file); otherwise see {@link workflowBundleFor}. */
  workflowBundle?: WorkflowBundle;
}

export interface RunningWorker {
  worker: Worker;
  connection: NativeConnection;
  /** Delivers the notices of v8 procedures; stop it after the worker, before closing the connection. */
  relay: NoticeRelay;
}

/**
 * The worker's activities and its notice relay, built from the same delivery log, inbox and
 * directory, so a notice the relay sends and one a dispatcher's activity sends dedupe alike.
 */
export function noticeServices(
  config: Config,
  logger: Pick<AppLogger, 'info' | 'warn' | 'error'>,
  history: NativeConnection['workflowService'],
  namespace: string,
  more: Omit<ActivityDeps, 'config' | 'notifications' | 'logger'> = {},
  relayOptions: Pick<RelayDeps, 'firstCheckMs' | 'maxConcurrent'> = {},
) {
  const notifications = loadNotificationConfig(config.dataDir);
  const say = (level: 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => logger[level]({ component: 'notices', ...meta }, message);
  const activities = createActivities({ ...more, config, notifications, logger: { warn: say('warn'), error: say('error') } });
  const relay = new NoticeRelay({
    journal: new NoticeJournal(noticeOutboxDir(config)),
    history,
    namespace,
    deliver: activities.deliverNotice,
    recordFailure: activities.recordDeliveryFailure,
    policy: notifications.policy,
    logger,
    ...relayOptions,
  });
  return { activities, relay };
}

/**
 * Bundles workflows/ (the sandbox's code). Webpack's full stats would land in the log at
 * info on every start; they go to debug, and only the summary stays at info.
 */
export async function bundleWorkflows(logger: AppLogger): Promise<WorkflowBundle> {
  const sdk = toSdkLogger(logger);
  return buildWorkflowBundle({ ...sdk, info: (message, meta) => sdk.debug(message, meta) });
}

/**
 * The prebuilt bundle beside the compiled worker: `npm run build` writes dist/workflow-bundle.js
 * next to dist/worker.js. Under ts-node (`npm start`, `npm run worker`, the tests) there is none:
 * the worker then bundles the sources it runs, and never picks up a dist/ built from older ones.
 */
export function bundledBeside(workerFile = __filename): string | undefined {
  if (path.extname(workerFile) !== '.js') return undefined;
  const file = path.join(path.dirname(workerFile), PREBUILT_BUNDLE_FILE);
  return existsSync(file) ? file : undefined;
}

/**
 * What the worker runs: the bundle it was given, else WORKFLOW_BUNDLE_PATH, else the one beside
 * the compiled worker (both checked against the files they were built from), else a bundle built
 * now. Logs which, with its sha256.
 */
export async function workflowBundleFor(config: Config, logger: AppLogger, given?: WorkflowBundle): Promise<WorkflowBundleOption> {
  const prebuilt = given ? undefined : (config.worker.workflowBundlePath ?? bundledBeside());
  if (prebuilt) {
    const { codePath, sha256: hash } = checkPrebuiltBundle(prebuilt);
    logger.info({ component: 'worker', bundle: codePath, sha256: hash }, 'Workflow 代码包:预构建 / running the prebuilt workflow bundle');
    return { codePath };
  }
  const bundle = given ?? (await bundleWorkflows(logger));
  const source = given ? 'given' : 'built at start';
  logger.info({ component: 'worker', bundle: source, sha256: sha256(bundle.code), size: bundle.code.length }, `Workflow 代码包 / workflow bundle ${source}`);
  return bundle;
}

/**
 * Heap limits are per V8 isolate: `--max-old-space-size` gives the main thread and each workflow
 * thread that limit alike, and overrides the `resourceLimits` of worker threads (which the SDK
 * does not set anyway). V8 reads the flag when it creates an isolate, so setting it just before
 * Worker.create starts the workflow threads bounds them and leaves the main thread's as it was;
 * the process's own value is put back afterwards, for threads started later (audit replays in the
 * same process, other tests).
 */
async function withWorkflowThreadHeapLimit<T>(config: Config, create: () => Promise<T>): Promise<T> {
  v8.setFlagsFromString(`--max-old-space-size=${config.worker.workflowHeapMb}`);
  try {
    return await create();
  } finally {
    v8.setFlagsFromString(`--max-old-space-size=${ownOldSpaceLimit()}`);
  }
}

/** The process's own `--max-old-space-size` (node's command line, then NODE_OPTIONS), 0 for V8's default. */
function ownOldSpaceLimit(): number {
  let mb = 0;
  for (const arg of [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv]) {
    const set = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(arg);
    if (set) mb = Number(set[1]);
  }
  return mb;
}

function logMemoryLimits(config: Config, logger: AppLogger): void {
  logger.info(
    {
      component: 'worker',
      mainHeapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
      workflowThreads: config.worker.workflowThreads,
      workflowThreadOldSpaceMb: config.worker.workflowHeapMb,
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
    },
    'Worker 内存上限 / worker memory limits',
  );
}

export async function createWorker({ config, logger, workflowBundle }: WorkerDeps): Promise<RunningWorker> {
  const bundle = await workflowBundleFor(config, logger, workflowBundle);
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  let relay: NoticeRelay | undefined;
  try {
    logMemoryLimits(config, logger);
    const services = noticeServices(config, logger, connection.workflowService, config.temporal.namespace);
    relay = services.relay;
    services.relay.start();
    const worker = await withWorkflowThreadHeapLimit(config, () => Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: bundle,
      activities: services.activities,
      sinks: relaySinks(services.relay),
      // Lets an activity in flight finish (or heartbeat its cancellation) before the process exits.
      shutdownGraceTime: '10s',
      maxCachedWorkflows: config.worker.maxCachedWorkflows,
      // The SDK caps concurrent workflow tasks (default 40) at the cache size, warning at every start.
      ...(config.worker.maxCachedWorkflows > 0 ? { maxConcurrentWorkflowTaskExecutions: Math.min(40, Math.max(2, config.worker.maxCachedWorkflows)) } : {}),
      workflowThreadPoolSize: config.worker.workflowThreads,
    }));
    return { worker, connection, relay: services.relay };
  } catch (err) {
    await relay?.stop(0);
    await connection.close();
    throw err;
  }
}

/** Runs until SIGINT/SIGTERM, then drains and closes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installSdkLogging(logger, config.worker.metricsAddress);
  const { worker, connection, relay } = await createWorker({ config, logger });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'Worker 正在停止 / worker shutting down');
      // A second signal while draining must not throw out of the handler.
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
  }
  logger.info(
    { address: config.temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
    'Worker 已启动 / worker started',
  );
  await worker.run();
  await relay.stop();
  await connection.close();
  logger.info('Worker 已停止 / worker stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
