/**
 * The worker: hosts the workflows of workflows/ and the activities of activities/ on the task
 * queue. Run alone (`npm run worker`, docker-compose's `worker` service) or inside the start
 * script beside the embedded dev server and the API.
 */
import {
  NativeConnection,
  Runtime,
  Worker,
  makeTelemetryFilterString,
  type WorkflowBundle,
} from '@temporalio/worker';
import { createActivities } from './activities';
import { ConfigError, loadConfig, type Config } from './runtime/config';
import { createLogger, toSdkLogger, type AppLogger } from './runtime/logger';
import { connectionOptions } from './runtime/temporal';
import { buildWorkflowBundle } from './runtime/workflow-bundle';

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
  /** Prebuilt bundle (tests build it once per file); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundle;
}

export interface RunningWorker {
  worker: Worker;
  connection: NativeConnection;
}

/**
 * Bundles workflows/ (the sandbox's code). Webpack's full stats would land in the log at
 * info on every start; they go to debug, and only the summary stays at info.
 */
export async function bundleWorkflows(logger: AppLogger): Promise<WorkflowBundle> {
  const sdk = toSdkLogger(logger);
  const bundle = await buildWorkflowBundle({ ...sdk, info: (message, meta) => sdk.debug(message, meta) });
  logger.info({ component: 'worker', size: bundle.code.length }, 'Workflow 代码已打包 / workflow bundle built');
  return bundle;
}

export async function createWorker({ config, logger, workflowBundle }: WorkerDeps): Promise<RunningWorker> {
  const bundle = workflowBundle ?? (await bundleWorkflows(logger));
  const connection = await NativeConnection.connect(connectionOptions(config.temporal));
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: bundle,
      activities: createActivities({ config }),
      // Lets an activity in flight finish (or heartbeat its cancellation) before the process exits.
      shutdownGraceTime: '10s',
      ...(config.worker?.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: config.worker.maxCachedWorkflows } : {}),
    });
    return { worker, connection };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/** Runs until SIGINT/SIGTERM, then drains and closes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installSdkLogging(logger, config.worker.metricsAddress);
  const { worker, connection } = await createWorker({ config, logger });
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
