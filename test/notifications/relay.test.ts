import { mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inboxFile, noticeOutboxDir } from '../../activities';
import { dispatcherWorkflowId, NOTIFICATION_SHARDS } from '../../activities/enqueue-notices.activities';
import { InAppInbox } from '../../activities/in-app-inbox';
import type { Config } from '../../runtime/config';
import { relaySinks, type RelayDeps } from '../../runtime/notice-relay';
import { noticeServices } from '../../worker';
import { actors, minimalStart, UNITS } from '../support/fixtures';
import { command, startProcedureWorkflow } from '../support/procedure-client';
import { timeSkippingEnv, workflowBundle } from '../support/temporal-env';

// v8 (workflows/notice-sink.ts): a procedure's notices leave by the worker's relay once the task
// is in the history, never by an event of their own. Real server, real worker, real inbox.

const QUEUE = 'test-relay';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
}, 120_000);
afterAll(async () => env?.teardown());

async function workerOn(config: Config, inbox: InAppInbox, relayOptions: Pick<RelayDeps, 'firstCheckMs'> = {}) {
  const { activities, relay } = noticeServices(config, quiet, env.nativeConnection.workflowService, env.namespace ?? 'default', { inbox, client: env.client }, relayOptions);
  relay.start();
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: QUEUE, workflowBundle: await workflowBundle(), activities, sinks: relaySinks(relay) });
  const run = worker.run();
  return {
    relay,
    stop: async () => {
      worker.shutdown();
      await run;
      await relay.stop();
    },
  };
}

const office = { role: 'legality_office', unit: UNITS.office };
const noticesOf = async (inbox: InAppInbox, party: { role: string; unit: string }, procedureKey: string) =>
  (await inbox.list(party)).filter((n) => n.procedureKey === procedureKey);

it('a notice journaled by a worker killed before delivering it is delivered by the next worker, once; the procedure\'s history records no hand-over and no dispatcher runs', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relay-'));
  const config = { dataDir } as Config;
  const inbox = new InAppInbox(inboxFile(config));

  // Worker A records the command, journals its notices, and stops before it has looked at the history.
  const a = await workerOn(config, inbox, { firstCheckMs: 10 * 60_000 });
  const procedureKey = `relay-${Date.now()}`;
  const h = await startProcedureWorkflow(env.client, minimalStart(procedureKey), actors.organ, undefined, QUEUE);
  await command(h, 'submitLegalityReview', actors.sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  expect(a.relay.status()).toMatchObject({ awaitingTask: 2, delivered: 0 });
  await a.stop();
  expect(await noticesOf(inbox, office, procedureKey)).toEqual([]);
  // As if A's process had died: its journal carries a pid no process has.
  const [own] = readdirSync(noticeOutboxDir(config));
  renameSync(path.join(noticeOutboxDir(config), own as string), path.join(noticeOutboxDir(config), `${hostname()}-999999999.jsonl`));

  // Worker B takes the journal over and delivers what A had accepted.
  const b = await workerOn(config, inbox);
  await b.relay.whenIdle();
  const got = await noticesOf(inbox, office, procedureKey);
  expect(got).toHaveLength(1);
  expect(got[0]?.subject).toContain('合法性审查');
  expect(await noticesOf(inbox, { role: 'sponsor', unit: UNITS.sponsor }, procedureKey)).toHaveLength(1);
  expect(b.relay.status()).toMatchObject({ delivered: 2, failed: 0, discarded: 0 });

  // The same batch handed again (a task retried after a lost reply): the delivery log drops the repeat.
  const events = (await h.fetchHistory()).events ?? [];
  const started = events.filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).map((e) => Number(e.eventId));
  const desc = await h.describe();
  b.relay.hand({ workflowId: h.workflowId, runId: desc.runId, historyLength: started[started.length - 1] as number }, {
    procedureKey,
    title: '重复',
    eventSeq: 1,
    at: new Date().toISOString(),
    notices: [{ template: 'legalitySubmitted', ruleId: 'R-41', recipients: [office as { role: 'legality_office'; unit: string }], data: {} }],
  });
  await b.relay.whenIdle();
  expect(await noticesOf(inbox, office, procedureKey)).toHaveLength(1);
  await b.stop();

  // No marker in the procedure's history, and no dispatcher workflow was started for it.
  expect(events.filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED)).toEqual([]);
  for (let shard = 0; shard < NOTIFICATION_SHARDS; shard++) {
    await expect(env.client.workflow.getHandle(dispatcherWorkflowId(shard)).describe()).rejects.toThrow(/not found/i);
  }
});
