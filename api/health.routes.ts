import type { Client } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { Router } from 'express';
import type { AppLogger } from '../runtime/logger';
import { POLLER_FRESHNESS_MS, recentWorkflowPollers } from '../runtime/task-queue';

export type ReadinessResult =
  | { ready: true; checks: Record<string, string> }
  | { ready: false; reason: string; checks: Record<string, string> };

/** Answers whether this API can serve requests that need Temporal. */
export type ReadinessCheck = () => Promise<ReadinessResult>;

const GRPC_NOT_FOUND = 5;

export interface TemporalReadinessOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  logger: AppLogger;
  /** Per check; a probe must answer quickly even when Temporal hangs. */
  timeoutMs?: number;
  /** How recent a poll must be to count (runtime/task-queue.ts). */
  pollerFreshnessMs?: number;
}

/**
 * Ready = Temporal reachable, the namespace exists, and some worker has recently polled the
 * workflow task queue (otherwise commands would be accepted and then sit unprocessed).
 */
export function temporalReadiness(opts: TemporalReadinessOptions): ReadinessCheck {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const freshness = opts.pollerFreshnessMs ?? POLLER_FRESHNESS_MS;
  const { client, namespace, taskQueue } = opts;
  const service = client.connection.workflowService;
  const withDeadline = <T>(fn: () => Promise<T>) => client.connection.withDeadline(Date.now() + timeoutMs, fn);

  return async () => {
    const checks: Record<string, string> = {};
    try {
      await withDeadline(() => service.describeNamespace({ namespace }));
      checks.temporal = 'ok';
      checks.namespace = 'ok';
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) {
        checks.temporal = 'ok';
        checks.namespace = 'missing';
        return { ready: false, reason: `命名空间 ${namespace} 不存在 / namespace ${namespace} does not exist`, checks };
      }
      // The detail goes to the log, not to whoever calls the probe.
      opts.logger.warn({ err }, 'readiness: Temporal unreachable');
      checks.temporal = 'unreachable';
      return { ready: false, reason: '无法连接 Temporal 服务 / Temporal is unreachable', checks };
    }
    try {
      const live = await withDeadline(() => recentWorkflowPollers(service, namespace, taskQueue, freshness));
      if (live.length === 0) {
        checks.worker = 'none';
        return {
          ready: false,
          reason: `没有 worker 轮询任务队列 ${taskQueue} / no worker is polling task queue ${taskQueue}`,
          checks,
        };
      }
      checks.worker = 'ok';
      return { ready: true, checks };
    } catch (err) {
      opts.logger.warn({ err }, 'readiness: describeTaskQueue failed');
      checks.worker = 'unknown';
      return { ready: false, reason: '无法查询任务队列 / cannot describe the task queue', checks };
    }
  };
}

export const SIMULATION_NOTICE = '模拟模式:法定期间按缩短的"日"计算,仅用于演示与基准测试,不得用于真实程序 / SIMULATION MODE: statutory days are shortened; for demos and benchmarks only, never for real procedures';

/** Adds the simulation flag to every readiness answer, so no operator mistakes a demo for the service. */
export function withSimulationNotice(check: ReadinessCheck, simulationMode: boolean): ReadinessCheck {
  if (!simulationMode) return check;
  return async () => {
    const r = await check();
    return { ...r, checks: { ...r.checks, simulation: SIMULATION_NOTICE } };
  };
}

/** GET /healthz: the process is alive. GET /readyz: it can do its work (see temporalReadiness). */
export function healthRouter(readiness: ReadinessCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const result = await readiness();
    res.set('Cache-Control', 'no-store');
    if (result.ready) res.json({ status: 'ready', checks: result.checks });
    else res.status(503).json({ status: 'not_ready', reason: result.reason, checks: result.checks });
  });
  return router;
}
