import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from '../../runtime/tools';
import { createWorker, installSdkLogging } from '../../worker';
import type { selfCheck } from '../../workflows/self-check.workflow';
import { memoryLogger, testConfig, workflowBundle } from './helpers';

/*
 * The time-skipping test server from the installed binary: a 30-day durable timer elapses on
 * the workflow's clock without 30 days of waiting (the test asserts the workflow time that
 * passed, not how fast: speed belongs to bench/). The worker is the one worker.ts builds, with the SDK's
 * logs routed into our pino stream, so the test also reads the workflow's own log lines.
 */
const TASK_QUEUE = 'foundation-time-skipping';
const DAY_MS = 24 * 60 * 60 * 1000;
const { logger, lines } = memoryLogger('info');
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  installSdkLogging(logger);
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
}, 60_000);
afterAll(async () => {
  await env?.teardown();
});

it('sleeps 30 days of workflow time on the time-skipping server', async () => {
  const config = testConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE });
  const { worker, connection } = await createWorker({ config, logger, workflowBundle: await workflowBundle() });
  const workflowId = `thirty-days-${Date.now()}`;
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof selfCheck>('selfCheck', { taskQueue: TASK_QUEUE, workflowId, args: [{ sleep: '30 days' }] }),
  );
  await connection.close();

  expect(result.sleptMs).toBeGreaterThanOrEqual(30 * DAY_MS);
  expect(Date.parse(result.finishedAt) - Date.parse(result.startedAt)).toBe(result.sleptMs);

  // Workflow logs reach our JSON stream with the workflow's identity attached.
  const fromWorkflow = lines().filter((l) => l.sdkComponent === 'workflow' && l.workflowId === workflowId);
  expect(fromWorkflow.map((l) => l.msg)).toEqual([
    expect.stringContaining('self-check sleeping'),
    expect.stringContaining('self-check finished'),
  ]);
  expect(fromWorkflow[0]).toMatchObject({ level: 'info', component: 'temporal-sdk', service: 'decision-procedures' });
}, 60_000);
