import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { createTokenVerifier } from '../../api/auth/tokens';
import { commandPath } from '../../api/authorization';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { ApiRefusalLog } from '../../audit/api-refusal-log';
import { replayProcedure, workflowCodeBundle } from '../../audit/replay';
import type { Actor } from '../../domain';
import type { Config } from '../../runtime/config';
import { startDevServer, type DevServer } from '../../runtime/dev-server';
import { temporalCliPath } from '../../runtime/tools';
import { createWorker, type RunningWorker } from '../../worker';
import { bearer } from '../api/harness';
import { bj, docOf, lightStart, postEvaluationSteps, startWithEvents, trail } from '../api/fixtures';
import { freePort, memoryLogger, tempDir, testConfig, workflowBundle } from '../foundation/helpers';
import { actors, meeting, organHead, UNITS } from '../support/fixtures';

/*
 * Issue #6 on the real dev server, where visibility queries work: the API with the audit
 * routes mounted as the service mounts them, a real worker, and procedures far along their
 * way (started with their domain events as carried input, test/api/fixtures.ts) — one decided
 * with a dissent and suspended, one left undecided since 2025 (its R-66 timer fires at once).
 * dev-server.test.ts and cli.test.ts each run one.
 */
export interface DevAudit {
  server: DevServer;
  client: Client;
  config: Config;
  app: Express;
  log: ApiRefusalLog;
  keys: { decided: string; delayed: string; live: string };
  stop: () => Promise<void>;
}

export async function devAudit(): Promise<DevAudit> {
  const quiet = memoryLogger('silent').logger;
  const port = await freePort();
  const server = await startDevServer({ cliPath: temporalCliPath(), dbFilename: path.join(tempDir('audit-temporal'), 'temporal.sqlite'), port, namespace: 'default', logger: quiet });
  const config = testConfig({ EMBEDDED_TEMPORAL_PORT: String(port), TEMPORAL_TASK_QUEUE: 'audit-dev' });
  const running: RunningWorker = await createWorker({ config, logger: quiet, workflowBundle: await workflowBundle() });
  const run = running.worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const stop = async () => {
    running.worker.shutdown();
    await run;
    await running.relay.stop();
    await running.connection.close();
    await client.connection.close();
    await server.stop();
  };
  // A setup that fails stops what it started: a dev server left running keeps the test process alive.
  try {
    return await seed(server, client, config, stop);
  } catch (err) {
    await stop();
    throw err;
  }
}

async function seed(server: DevServer, client: Client, config: Config, stop: () => Promise<void>): Promise<DevAudit> {
  const quiet = memoryLogger('silent').logger;
  const verify = createTokenVerifier(config.auth);
  const log = ApiRefusalLog.inDataDir(config.dataDir);
  const bundle = await workflowCodeBundle();
  const app = buildApp({
    logger: quiet,
    readiness: async () => ({ ready: true, checks: {} }),
    routers: [createApiRouters({ client, config, logger: quiet, verify, refusals: log, replay: (key) => replayProcedure(client, key, bundle) })],
    errorHandlers: apiErrorHandlers,
  });

  const stamp = Date.now();
  const keys = { decided: `audit-dev-decided-${stamp}`, delayed: `audit-dev-delayed-${stamp}`, live: `audit-dev-live-${stamp}` };
  const { organ, sponsor } = actors;
  const decidedSteps = [
    ...postEvaluationSteps().slice(0, 9),
    ['recordMeeting', { ...meeting('approve', ['approve', 'reject', 'approve']), heldAt: bj('2026-04-28'), minutes: docOf('minutes').ref }, organ, bj('2026-04-28', '16:00')],
    ['recordPartyReport', { document: docOf('party').ref }, organ, bj('2026-04-29')],
    ['publishDecision', { channels: ['政府公报'], adoptionExplanation: '见采纳情况说明', document: docOf('decided').ref }, organ, bj('2026-04-30')],
    ['nameExecutingUnit', { unit: UNITS.executor }, organ, bj('2026-05-06')],
    ['suspendExecution', { reason: '执行中出现重大问题，先行暂停', urgentGround: '可能引发群体性事件' }, organHead, bj('2026-05-10')],
  ] as Parameters<typeof trail>[1];
  await startWithEvents(client, config.temporal.taskQueue, trail(lightStart(keys.decided), decidedSteps).events);
  await startWithEvents(client, config.temporal.taskQueue, trail(lightStart(keys.delayed), [], bj('2025-03-02', '09:00')).events);

  // A live procedure, started and worked on through the API.
  for (const [who, name] of [[organ, 'draft-v1'], [sponsor, 'explanation']] as [Actor, string][]) {
    await request(app).post('/documents').set('Authorization', await bearer(config, who)).set('Content-Type', 'application/pdf').send(docOf(name).bytes).expect(201);
  }
  await request(app).post('/procedures').set('Authorization', await bearer(config, organ)).send(lightStart(keys.live)).expect(201);
  await request(app)
    .post(`/procedures/${keys.live}/${commandPath('openCommentPeriod')}`)
    .set('Authorization', await bearer(config, sponsor))
    .send({ explanation: docOf('explanation').ref, channels: ['市政府网站'], days: 30 })
    .expect(200);
  return {
    server,
    client,
    config,
    app,
    log,
    keys,
    stop,
  };
}

