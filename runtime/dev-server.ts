import { msToTs } from '@temporalio/common/lib/time';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import type { AppLogger } from './logger';
import { HISTORY_RETENTION_DAYS, searchAttributeCliPairs } from './search-attributes';

export interface DevServerOptions {
  /** The Temporal CLI binary (runtime/tools.ts). */
  cliPath: string;
  /** SQLite file that keeps workflows across restarts. */
  dbFilename: string;
  port: number;
  /** Web UI port; the UI is off when undefined. */
  uiPort?: number;
  namespace: string;
  logger: AppLogger;
  /** The server's own log level; its warnings on a normal stop are noise to an operator. */
  serverLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  readyTimeoutMs?: number;
}

export interface DevServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Loopback only: the dev server and its UI have no authentication. */
const IP = '127.0.0.1';

export class PortInUseError extends Error {
  constructor(readonly port: number, what: string) {
    super(`端口 ${port} 已被占用(${what}),请换一个端口或停止占用它的进程 / port ${port} (${what}) is already in use`);
    this.name = 'PortInUseError';
  }
}

/**
 * Checked before spawning because a second dev server on a taken port would fail while our
 * readiness probe happily talked to whatever already listens there.
 */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, what) : err),
    );
    probe.listen({ port, host: IP, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Starts `temporal server start-dev`, registers namespace and search attributes, waits until it serves them. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const log = opts.logger.child({ component: 'temporal-dev-server' });
  await assertPortFree(opts.port, 'Temporal gRPC');
  if (opts.uiPort !== undefined) await assertPortFree(opts.uiPort, 'Temporal Web UI');
  mkdirSync(path.dirname(opts.dbFilename), { recursive: true });

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    opts.dbFilename,
    '--ip',
    IP,
    '--port',
    String(opts.port),
    '--log-format',
    'json',
    '--log-level',
    opts.serverLogLevel ?? 'error',
  ];
  if (opts.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-disable-news-fetch');
  // `default` always exists; naming it again is harmless but noisy.
  if (opts.namespace !== 'default') args.push('--namespace', opts.namespace);
  for (const [name, type] of searchAttributeCliPairs()) args.push('--search-attribute', `${name}=${type}`);

  // Own process group: a terminal's Ctrl-C must not reach the server before the worker has
  // drained, so shutdown order stays API → worker → server. stop() and the exit hook end it.
  const child = spawn(opts.cliPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderrTail: string[] = [];
  forwardLogs(child, log, stderrTail);

  const address = `${IP}:${opts.port}`;
  const server: DevServer = {
    address,
    uiUrl: opts.uiPort === undefined ? undefined : `http://${IP}:${opts.uiPort}`,
    pid: child.pid ?? -1,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      log.info('Temporal 开发服务器已停止 / dev server stopped');
    },
  };

  try {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
    await waitUntilServing(address, opts.namespace, deadline, exited, stderrTail);
    // The UI listens on its own port and comes up after the frontend; "ready" promises both.
    if (server.uiUrl !== undefined) await waitUntilUiAnswers(server.uiUrl, deadline);
  } catch (err) {
    await server.stop();
    throw err;
  }
  log.info(
    { address, uiUrl: server.uiUrl, dbFilename: opts.dbFilename, namespace: opts.namespace, serverPid: server.pid },
    'Temporal 开发服务器已就绪 / dev server ready',
  );
  return server;
}

/** The server logs JSON lines; re-emit them into our stream so there is one log to read. */
function forwardLogs(child: ChildProcess, log: AppLogger, stderrTail: string[]): void {
  const levels: Record<string, 'debug' | 'info' | 'warn' | 'error'> = {
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (line.trim() === '') return;
    if (stream === 'stderr') {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    }
    try {
      const { level, msg, time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      log[levels[String(level)] ?? 'info'](rest, String(msg));
    } catch {
      // The CLI's start banner is plain text; keep it, at debug, since we log our own summary.
      log.debug({ stream }, line);
    }
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => onLine(l, 'stdout'));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => onLine(l, 'stderr'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lifelong accountability (R-66) needs closed procedures' histories: the dev server's
 * namespace keeps them 1 day by default, so the start raises it to HISTORY_RETENTION_DAYS.
 */
async function keepHistories(connection: Connection, namespace: string): Promise<void> {
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  const seconds = Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (seconds >= HISTORY_RETENTION_DAYS * 86_400) return;
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(`${HISTORY_RETENTION_DAYS} days`) },
  });
}

/** Ready means: the namespace answers and every project search attribute is registered in it. */
async function waitUntilServing(
  address: string,
  namespace: string,
  deadline: number,
  exited: Promise<number | null>,
  stderrTail: string[],
): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const wanted = searchAttributeCliPairs().map(([name]) => name);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `Temporal 开发服务器启动失败(退出码 ${exitCode})/ dev server exited with code ${exitCode}:\n${stderrTail.join('\n')}`,
      );
    }
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.describeNamespace({ namespace });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = wanted.filter((name) => !(name in (customAttributes ?? {})));
      if (missing.length === 0) {
        await keepHistories(connection, namespace);
        return;
      }
      lastError = new Error(`search attributes not yet registered: ${missing.join(', ')}`);
    } catch (err) {
      lastError = err;
    } finally {
      await connection?.close();
    }
    await sleep(250);
  }
  throw new Error(`Temporal 开发服务器未按时就绪 / dev server not ready in time: ${String(lastError)}`);
}

async function waitUntilUiAnswers(uiUrl: string, deadline: number): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(uiUrl, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return;
      lastError = new Error(`HTTP ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await sleep(250);
  }
  throw new Error(`Temporal Web UI 未按时就绪 / Web UI at ${uiUrl} not ready in time: ${String(lastError)}`);
}
