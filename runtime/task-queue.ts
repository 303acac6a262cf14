import type { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';

// Proto enum values (temporal.api.enums.v1): @temporalio/proto is not a direct dependency.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/**
 * The server remembers pollers for minutes after they leave; only a poll seen within this
 * window counts. Idle workers re-poll about every minute, so two minutes has slack.
 */
export const POLLER_FRESHNESS_MS = 120_000;

/**
 * Identities (`pid@host`) of the workers that polled the workflow task queue recently. Used by
 * the API's /readyz and by the worker container's health check.
 */
export async function recentWorkflowPollers(
  service: Connection['workflowService'],
  namespace: string,
  taskQueue: string,
  freshnessMs = POLLER_FRESHNESS_MS,
): Promise<string[]> {
  const { pollers } = await service.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
    taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
  });
  const now = Date.now();
  return (pollers ?? [])
    .filter((p) => now - (optionalTsToMs(p.lastAccessTime) ?? 0) <= freshnessMs)
    .map((p) => p.identity ?? '');
}
