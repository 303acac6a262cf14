import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { InAppInbox } from '../../activities/in-app-inbox';
import type { Config } from '../../runtime/config';
import { relaySinks, type NoticeRelay } from '../../runtime/notice-relay';
import { noticeServices } from '../../worker';
import { SEARCH_ATTRIBUTES } from '../../runtime/search-attributes';
import { temporalCliPath, temporalTestServerPath } from '../../runtime/tools';
import { buildWorkflowBundle } from '../../runtime/workflow-bundle';

export const TASK_QUEUE = 'test-decision-procedures';

let bundle: WorkflowBundleWithSourceMap | undefined;
/** The workflow bundle, built once per test file. */
export async function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= await buildWorkflowBundle(quietLogger);
  return bundle;
}

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined,
  info: () => undefined, warn: () => undefined, error: () => undefined,
};

/** The time-skipping test server, from the installed binary (never downloaded). */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  // The project's search attributes, as the dev server registers them at start.
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, INDEXED_VALUE_TYPE[k.type]]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes: searchAttributes as Record<string, number> });
  return env;
}

/** Temporal's dev server (the real server, in memory), from the installed CLI, without time skipping. */
export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() } },
  });
}

/** The operator API's enum for each search attribute type. */
const INDEXED_VALUE_TYPE: Record<string, number> = {
  TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7,
};

/** A real worker with the real activities; the in-app inbox lives in a fresh temp folder. */
export async function startWorker(env: TestWorkflowEnvironment): Promise<{ worker: Worker; inbox: InAppInbox; run: Promise<void>; relay: NoticeRelay }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
  const inbox = new InAppInbox(join(dataDir, 'in-app.jsonl'));
  // The worker's real activities and notice relay: in-app inbox, deliveries, and for
  // procedures started before v8 the hand-over to the dispatcher.
  const { activities, relay } = noticeServices({ dataDir } as Config, quietPino, env.nativeConnection.workflowService, env.namespace ?? 'default', { inbox, client: env.client });
  relay.start();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities,
    sinks: relaySinks(relay),
  });
  const run = worker.run().finally(() => relay.stop());
  return { worker, inbox, run, relay };
}

const quietPino = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The test server's clock, where meetings and other dated acts take place. */
export async function envNow(env: Pick<TestWorkflowEnvironment, 'currentTimeMs'>): Promise<string> {
  return new Date(await env.currentTimeMs()).toISOString();
}

/**
 * One time-skipping server and one real worker for the test file that calls
 * this at its top level; torn down after the file's last test.
 */
export function timeSkippingSuite(): { readonly env: TestWorkflowEnvironment; readonly inbox: InAppInbox } {
  let env: TestWorkflowEnvironment | undefined;
  let started: Awaited<ReturnType<typeof startWorker>> | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
    started = await startWorker(env);
  }, 120_000);
  afterAll(async () => {
    started?.worker.shutdown();
    await started?.run;
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('timeSkippingSuite: used before beforeAll ran');
      return env;
    },
    get inbox() {
      if (!started) throw new Error('timeSkippingSuite: used before beforeAll ran');
      return started.inbox;
    },
  };
}
