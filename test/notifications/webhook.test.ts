import { listFailedDeliveries } from '../../runtime/delivery-log';
import type { NoticeBatch } from '../../activities/notice-types';
import { enqueue, fastPolicy, notificationSuite, records, uniqueKey, UNITS, waitFor } from './harness';
import { startWebhookReceiver, type Receiver } from './webhook-receiver';

// Webhooks signed with HMAC-SHA256; the receivers verify with the snippet docs/notifications.md prints.
const SECRET = 'organ-webhook-secret-0123456789';
let flaky: Receiver;
let gone: Receiver;
const rig = notificationSuite(async () => {
  flaky = await startWebhookReceiver({ secret: SECRET, failFirst: 5, failStatus: 500 });
  gone = await startWebhookReceiver({ secret: SECRET, failFirst: Number.MAX_SAFE_INTEGER, failStatus: 404 });
  return {
    directory: {
      units: {
        [UNITS.organ]: { people: [], webhooks: [{ id: 'organ-oa', url: flaky.url, secret: SECRET, roles: ['decision_organ'] }] },
        [UNITS.sponsor]: { people: [], webhooks: [{ id: 'retired', url: gone.url, secret: SECRET }] },
      },
    },
  };
});
afterAll(async () => {
  await flaky.close();
  await gone.close();
});

const batch = (key: string, role: 'decision_organ' | 'sponsor', unit: string): NoticeBatch => ({
  procedureKey: key,
  title: '某市停车收费调整方案',
  eventSeq: 12,
  at: '2025-06-01T02:00:00.000Z',
  notices: [{ template: 'discussionRequested', ruleId: 'R-50', recipients: [{ role, unit }], data: {} }],
});

it('R-50: a webhook answering 500 five times, then 200, yields one accepted request and one recorded notice', async () => {
  const key = uniqueKey('webhook');
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(60_000), batch(key, 'decision_organ', UNITS.organ));
  await waitFor('the accepted request', () => flaky.accepted.find((a) => a.body.procedureKey === key));

  const mine = flaky.requests.filter((r) => r.id === flaky.accepted[0]?.id);
  expect(mine.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 200]);
  expect(flaky.accepted).toHaveLength(1);
  const body = flaky.accepted[0]?.body as Record<string, unknown>;
  expect(body).toMatchObject({
    id: mine[0]?.id,
    procedureKey: key,
    template: 'discussionRequested',
    ruleId: 'R-50',
    recipient: { role: 'decision_organ', unit: UNITS.organ },
    subject: '【某市停车收费调整方案】决策草案已提请集体讨论 / Draft submitted for collective discussion',
  });

  // The activity records the delivery after the receiver has answered: wait for that record.
  const inLog = async () => (await records(rig)).filter((r) => r.job.procedureKey === key && r.channel === 'webhook');
  await waitFor('the delivery record', async () => ((await inLog()).some((r) => r.kind === 'delivered') ? true : undefined));
  const mineInLog = await inLog();
  expect(mineInLog.filter((r) => r.kind === 'delivered')).toHaveLength(1);
  expect(mineInLog.filter((r) => r.kind === 'attempt_error')).toHaveLength(5);
  expect(mineInLog.every((r) => r.id === body.id)).toBe(true);
  // The dispatcher's job has completed (its activity with it): no retry can follow.
  const dispatcher = rig.env.client.workflow.getHandle(`dispatcher-${key}`);
  await waitFor('the job to finish', async () => {
    const s = await dispatcher.query<{ inFlight: number; delivered: number }>('notificationDispatcherStatus');
    return (s.inFlight === 0 && s.delivered === 1) || undefined;
  });
  expect(flaky.requests.filter((r) => r.id === body.id)).toHaveLength(6);
});

it('a webhook answering 404 is refused for good: not retried, recorded as failed, listed for operators', async () => {
  const key = uniqueKey('webhook-404');
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(60_000), batch(key, 'sponsor', UNITS.sponsor));
  const [failure] = await waitFor('the failure in the listing', async () => {
    const f = await listFailedDeliveries(rig.notifications.deliveryLogFile, { procedureKey: key });
    return f.length > 0 ? f : undefined;
  });
  expect(failure?.reason).toMatch(/HTTP 404/);
  expect(failure?.undelivered).toEqual([expect.objectContaining({ channel: 'webhook', recipient: expect.stringContaining('retired') })]);
  expect(gone.requests).toHaveLength(1);
  // The in-app inbox still got it: one channel's refusal does not hold back another.
  const inbox = await rig.inbox.list({ role: 'sponsor', unit: UNITS.sponsor });
  expect(inbox.filter((n) => n.procedureKey === key)).toHaveLength(1);
});
