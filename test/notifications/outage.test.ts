import { deliveryMetrics, listFailedDeliveries } from '../../runtime/delivery-log';
import type { NoticeBatch } from '../../activities/notice-types';
import { freePort } from '../foundation/helpers';
import { enqueue, fastPolicy, notificationSuite, records, uniqueKey, UNITS, waitFor } from './harness';
import { startSmtpSink } from './mail';

// An SMTP outage: the address points at a loopback port nobody listens on until a test starts
// a real server there. Delivery retries with backoff and never blocks anything else.
let port: number;
let smtp: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
const rig = notificationSuite(async () => {
  port = await freePort();
  return {
    vars: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'noreply@decisions.example.gov.cn' },
    directory: {
      units: {
        [UNITS.sponsor]: {
          people: [{ personId: 'p-sponsor', name: '李科长', roles: ['sponsor'], email: 'li@jtj.example.gov.cn', inApp: true }],
          webhooks: [],
        },
      },
    },
  };
});
afterAll(() => smtp?.close());

const batch = (key: string): NoticeBatch => ({
  procedureKey: key,
  title: '某市停车收费调整方案',
  eventSeq: 20,
  at: '2025-07-01T02:00:00.000Z',
  notices: [{ template: 'decisionTaken', ruleId: 'R-54', recipients: [{ role: 'sponsor', unit: UNITS.sponsor }], data: { outcome: 'approve' } }],
});

const status = (workflowId: string) =>
  rig.env.client.workflow.getHandle(workflowId).query<{ inFlight: number; delivered: number; failed: number }>('notificationDispatcherStatus');

const attemptErrors = async (key: string) =>
  (await records(rig)).filter((r) => r.kind === 'attempt_error' && r.job.procedureKey === key && r.channel === 'email').length;

it('R-54: with SMTP down the dispatcher keeps retrying; at the limit the failure is listed and counted, and the inbox still has the notice', async () => {
  const key = uniqueKey('smtp-down');
  const dispatcher = `dispatcher-${key}`;
  await enqueue(rig.env, dispatcher, fastPolicy(3_000), batch(key));

  await waitFor('three failed attempts', async () => (await attemptErrors(key)) >= 3 || undefined);
  expect(await status(dispatcher)).toMatchObject({ inFlight: 1, failed: 0 });
  expect(await listFailedDeliveries(rig.notifications.deliveryLogFile, { procedureKey: key })).toEqual([]);

  const [failure] = await waitFor('the failure in the listing', async () => {
    const f = await listFailedDeliveries(rig.notifications.deliveryLogFile, { procedureKey: key });
    return f.length > 0 ? f : undefined;
  });
  expect(failure?.undelivered).toEqual([
    expect.objectContaining({ channel: 'email', recipient: 'p-sponsor 李科长 <li@jtj.example.gov.cn>', error: expect.stringMatching(/ECONNREFUSED/) }),
  ]);
  expect(await status(dispatcher)).toMatchObject({ inFlight: 0, delivered: 0, failed: 1 });
  expect(await deliveryMetrics(rig.notifications.deliveryLogFile)).toMatch(/^notice_delivery_failures_total [1-9]\d*$/m);
  const inbox = await rig.inbox.list({ role: 'sponsor', unit: UNITS.sponsor });
  expect(inbox.filter((n) => n.procedureKey === key)).toHaveLength(1);
});

it('R-54: when SMTP comes back before the limit, the mail arrives once and nothing is listed as failed', async () => {
  const key = uniqueKey('smtp-back');
  const dispatcher = `dispatcher-${key}`;
  await enqueue(rig.env, dispatcher, fastPolicy(60_000), batch(key));
  await waitFor('two failed attempts', async () => (await attemptErrors(key)) >= 2 || undefined);

  smtp = await startSmtpSink(port);
  await waitFor('the mail', () => smtp?.mails.find((m) => m.text.includes(key)));
  // The job's activity has completed: no attempt can follow it.
  await waitFor('the job to finish', async () => (await status(dispatcher)).delivered === 1 || undefined);

  expect(smtp.mails.filter((m) => m.text.includes(key))).toHaveLength(1);
  const delivered = (await records(rig)).filter((r) => r.kind === 'delivered' && r.job.procedureKey === key);
  expect(delivered.map((r) => r.channel).sort()).toEqual(['email', 'in_app']);
  expect(await listFailedDeliveries(rig.notifications.deliveryLogFile, { procedureKey: key })).toEqual([]);
  expect(await status(dispatcher)).toMatchObject({ inFlight: 0, delivered: 1, failed: 0 });
});
