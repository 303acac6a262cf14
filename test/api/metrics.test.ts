import { mkdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { DeliveryLog, deliveryLogFile } from '../../runtime/delivery-log';
import { createLazyClient } from '../../runtime/temporal';
import { memoryLogger, testConfig } from '../foundation/helpers';

it('operators read the notice-delivery counters at /metrics (Prometheus text), failures included', async () => {
  const config = testConfig({});
  const { logger } = memoryLogger('silent');
  const app = buildApp({
    logger,
    readiness: async () => ({ ready: true, checks: {} }),
    routers: [createApiRouters({ client: createLazyClient(config.temporal), config, logger })],
    errorHandlers: apiErrorHandlers,
  });
  const empty = await request(app).get('/metrics').expect(200);
  expect(empty.headers['content-type']).toMatch(/^text\/plain/);
  expect(empty.text).toContain('# TYPE notice_delivery_failures_total counter');

  const file = deliveryLogFile(config.dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const log = new DeliveryLog(file);
  const job = { key: 'k1', procedureKey: 'p-1', eventSeq: 3, template: 'stepsMissing', party: { role: 'sponsor' as const, unit: '某局' } };
  await log.recordFailed(job, 'SMTP 不可达 / SMTP unreachable', new Date().toISOString());
  const after = await request(app).get('/metrics').expect(200);
  expect(after.text).toMatch(/notice_delivery_failures_total\S* 1/);
});
