import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, inboxFile } from '../../activities';
import { DeliveryLog } from '../../runtime/delivery-log';
import type { directorySchema } from '../../activities/directory';
import type { z } from 'zod';
import { InAppInbox } from '../../activities/in-app-inbox';
import type { DeliveryPolicy, NoticeBatch } from '../../activities/notice-types';
import { loadNotificationConfig, type NotificationConfig } from '../../activities/notification-config';
import { loadConfig } from '../../runtime/config';
import { enqueueNoticesSignal } from '../../workflows/notification-dispatcher.messages';
import type { notificationDispatcher } from '../../workflows/notification-dispatcher.workflow';
import { devServerEnv, timeSkippingEnv } from '../support/temporal-env';

export const QUEUE = 'test-notifications';

export const UNITS = { office: '某市司法局', sponsor: '某市交通运输局', organ: '某市人民政府' };

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
let bundle: Promise<WorkflowBundle> | undefined;
function notificationBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: quiet });
  return bundle;
}

export interface Rig {
  env: TestWorkflowEnvironment;
  dataDir: string;
  notifications: NotificationConfig;
  inbox: InAppInbox;
  log: DeliveryLog;
}

/**
 * One time-skipping server and one real worker with the real activities (createActivities)
 * for the calling test file. `setup` runs first and returns the notification variables and
 * the directory (it may start an SMTP server or a webhook receiver to point them at).
 * `server: 'dev'` runs the real dev server instead, for tests that query a workflow while it
 * continues as new: the time-skipping test server (1.40.0) can leave such a query unanswered
 * for good (reproduced outside the project; the dev server answers every one).
 */
export function notificationSuite(
  setup: () => Promise<{ vars?: Record<string, string>; directory?: z.input<typeof directorySchema> }>,
  { server = 'time-skipping' }: { server?: 'time-skipping' | 'dev' } = {},
): Rig {
  let rig: Rig | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    const { vars = {}, directory } = await setup();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'notifications-'));
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' });
    if (directory) writeFileSync(path.join(dataDir, 'directory.json'), JSON.stringify(directory, null, 2));
    const notifications = loadNotificationConfig(dataDir, {
      DELIVERY_RETRY_INITIAL: '100ms',
      DELIVERY_RETRY_MAX_INTERVAL: '200ms',
      DELIVERY_TIMEOUT: '2s',
      ...vars,
    });
    const inbox = new InAppInbox(inboxFile(config));
    const env = server === 'dev' ? await devServerEnv() : await timeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: QUEUE,
      workflowBundle: await notificationBundle(),
      activities: createActivities({ config, inbox, notifications }),
    });
    running = worker.run();
    rig = { env, dataDir, notifications, inbox, log: new DeliveryLog(notifications.deliveryLogFile) };
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await rig?.env.teardown();
  });
  const get = (): Rig => {
    if (!rig) throw new Error('notificationSuite: used before beforeAll ran');
    return rig;
  };
  return {
    get env() { return get().env; },
    get dataDir() { return get().dataDir; },
    get notifications() { return get().notifications; },
    get inbox() { return get().inbox; },
    get log() { return get().log; },
  };
}

/** A quick policy for tests: 100 ms backoff doubling to 200 ms, within `limitMs`. */
export const fastPolicy = (limitMs: number, maximumAttempts = 0): DeliveryPolicy => ({
  initialIntervalMs: 100,
  backoffCoefficient: 2,
  maximumIntervalMs: 200,
  limitMs,
  maximumAttempts,
});

/** Sends a batch to a dispatcher of the test's own (own id, own policy), starting it if needed. */
export async function enqueue(env: TestWorkflowEnvironment, workflowId: string, policy: DeliveryPolicy, batch: NoticeBatch): Promise<void> {
  await env.client.workflow.signalWithStart<typeof notificationDispatcher, [NoticeBatch]>('notificationDispatcher', {
    workflowId,
    taskQueue: QUEUE,
    signal: enqueueNoticesSignal,
    signalArgs: [batch],
    args: [{ shard: 0, policy }],
  });
}

let seq = 0;
/** A procedure key no other test uses. */
export const uniqueKey = (name: string) => `${name}-${Date.now()}-${++seq}`;

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The delivery log's records, read fresh from the file. */
export async function records(rig: Pick<Rig, 'notifications'>) {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(rig.notifications.deliveryLogFile, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; id?: string; channel?: string; job: { key: string; procedureKey: string } });
}
