/**
 * The run command (`npm start`). Without TEMPORAL_ADDRESS it starts the embedded Temporal
 * dev server (SQLite file under DATA_DIR, Web UI on), then the worker and the API in this
 * process. With TEMPORAL_ADDRESS it connects to that cluster and starts no server.
 * It builds the web application first when web/dist is missing or older than web/src.
 * Ctrl-C (SIGINT) or SIGTERM stops, in order, the API, the worker and the dev server.
 */
import { ConfigError, loadConfig, type Config } from '../runtime/config';
import { startDevServer, type DevServer } from '../runtime/dev-server';
import { createLogger, type AppLogger } from '../runtime/logger';
import { temporalCliPath } from '../runtime/tools';
import { InstallError, installTemporal } from './install-temporal';
import { startApi, type RunningApi } from '../api/server';
import { createWorker, installSdkLogging, type RunningWorker } from '../worker';
import { ensureWebBuild } from '../runtime/web-build';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { directoryFileOf } from '../api/unit-directory';

/**
 * Embedded mode with its sign-in and no directory yet: a demonstration directory (every role,
 * in-app notices only) so that the first `npm start` gives people to sign in as. An existing
 * directory is never touched; production (OIDC, an external cluster) never gets one.
 */
function seedDemoDirectory(config: Config, logger: AppLogger): void {
  if (!config.auth.devSignIn) return;
  const file = directoryFileOf(process.env, config.dataDir);
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(__dirname, '..', 'config', 'directory.embedded.json'), file);
  logger.warn({ file }, '内置模式：已写入演示通讯录，可在网页上以其中人员登录 / embedded mode: wrote a demonstration directory; sign in on the web page as any of its people');
}

async function startEmbedded(config: Config, logger: AppLogger): Promise<DevServer | undefined> {
  const t = config.temporal;
  if (t.mode !== 'embedded') {
    logger.info({ address: t.address, namespace: t.namespace }, '连接外部 Temporal 集群 / using external Temporal cluster');
    return undefined;
  }
  // Idempotent: on every start after the first it only checks the binary is there.
  installTemporal({ testServer: false }, config.toolsDir);
  return startDevServer({
    cliPath: temporalCliPath(config.toolsDir),
    dbFilename: t.embedded.dbFilename,
    port: t.embedded.port,
    uiPort: t.embedded.uiPort,
    namespace: t.namespace,
    logger,
    serverLogLevel: config.logLevel === 'debug' || config.logLevel === 'trace' ? 'warn' : 'error',
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  installSdkLogging(logger, config.worker.metricsAddress);

  let devServer: DevServer | undefined;
  let worker: RunningWorker | undefined;
  let workerRun: Promise<void> | undefined;
  let api: RunningApi | undefined;
  let stopping: Promise<void> | undefined;

  const stop = (reason: string, exitCode: number) =>
    (stopping ??= (async () => {
      logger.info({ reason }, '正在停止 / shutting down');
      // Force the exit if some part hangs; an operator's Ctrl-C must always end the process.
      setTimeout(() => {
        logger.error('停止超时,强制退出 / shutdown timed out, exiting');
        process.exit(1);
      }, 30_000).unref();
      await api?.close().catch((err: unknown) => logger.error({ err }, 'API close failed'));
      if (worker && worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await workerRun?.catch((err: unknown) => logger.error({ err }, 'worker stopped with an error'));
      await worker?.relay.stop().catch((err: unknown) => logger.error({ err }, 'notice relay stopped with an error'));
      await worker?.connection.close().catch(() => undefined);
      await devServer?.stop();
      logger.info('已全部停止 / all stopped');
      process.exit(exitCode);
    })());

  // Repeated signals (npm forwards the terminal's Ctrl-C, so we often get two) join the same stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal, 0));
  // `npm start` puts a shell between npm and us that does not pass SIGTERM on; if our parent
  // goes away we stop too rather than linger with a dev server nobody owns.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop('parent process exited', 0), 1000).unref();

  try {
    ensureWebBuild((msg) => logger.info(msg));
    seedDemoDirectory(config, logger);
    devServer = await startEmbedded(config, logger);
    worker = await createWorker({ config, logger });
    workerRun = worker.worker.run();
    // The worker ending on its own (lost server, fatal error) must not leave a half-running service.
    workerRun.then(
      () => void (stopping ?? stop('worker stopped', 1)),
      (err: unknown) => {
        logger.fatal({ err }, 'Worker 异常退出 / worker failed');
        void stop('worker failed', 1);
      },
    );
    api = await startApi({ config, logger });
  } catch (err) {
    if (err instanceof InstallError) console.error(`✗ ${err.message}`);
    logger.fatal({ err }, err instanceof Error ? err.message : '启动失败 / start failed');
    await stop('start failed', 1);
    return;
  }

  const ui = devServer?.uiUrl;
  logger.info(
    { api: api.url, temporalUi: ui, temporal: config.temporal.address, namespace: config.temporal.namespace },
    `服务已启动 / service started — API ${api.url}` + (ui ? ` · Temporal Web UI ${ui}` : '') + ' · Ctrl-C 停止 / to stop',
  );
}

void main();
