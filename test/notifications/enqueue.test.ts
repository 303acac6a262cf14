import {
  DISPATCHER_WORKFLOW_TYPE,
  ENQUEUE_NOTICES_SIGNAL,
  NOTIFICATION_SHARDS,
  dispatcherShard,
  dispatcherWorkflowId,
} from '../../activities/enqueue-notices.activities';
import type { NoticeBatch } from '../../activities/notice-types';
import { enqueueNoticesSignal } from '../../workflows/notification-dispatcher.messages';
import { notificationDispatcher } from '../../workflows/notification-dispatcher.workflow';
import { fastPolicy, notificationSuite, QUEUE, uniqueKey, UNITS, waitFor } from './harness';

// The procedure's path: a workflow calls the local activity `enqueueNotices`, which signals
// (and if need be starts) the dispatcher of the procedure's shard. No directory: in-app only.
// The dev server: the continue-as-new test queries the dispatcher while it continues as new.
const rig = notificationSuite(async () => ({}), { server: 'dev' });

const batch = (key: string, eventSeq = 0): NoticeBatch => ({
  procedureKey: key,
  title: '某市停车收费调整方案',
  eventSeq,
  at: '2025-03-01T02:00:00.000Z',
  notices: [
    { template: 'stepAssigned', ruleId: 'R-03', recipients: [{ role: 'sponsor', unit: UNITS.sponsor }], data: { step: 'drafting', requirements: ['legalityReview'] } },
  ],
});

const inboxOf = async (key: string) =>
  (await rig.inbox.list({ role: 'sponsor', unit: UNITS.sponsor })).filter((n) => n.procedureKey === key);

const runSource = (batches: NoticeBatch[]) =>
  rig.env.client.workflow.execute('noticeSource', { taskQueue: QUEUE, workflowId: uniqueKey('source'), args: [batches] }) as Promise<string[]>;

it('the local activity and the dispatcher agree on wire names', () => {
  expect(enqueueNoticesSignal.name).toBe(ENQUEUE_NOTICES_SIGNAL);
  expect(notificationDispatcher.name).toBe(DISPATCHER_WORKFLOW_TYPE);
});

it('procedures spread over the shards, each procedure always to the same one', () => {
  const shards = new Set(Array.from({ length: 200 }, (_, i) => dispatcherShard(`proc-${i}`)));
  expect([...shards].sort()).toEqual(Array.from({ length: NOTIFICATION_SHARDS }, (_, i) => i));
  expect(dispatcherShard('某市-2025-001')).toBe(dispatcherShard('某市-2025-001'));
});

it('R-03: a workflow enqueues a batch twice through the local activity; the inbox shows the notice once', async () => {
  const key = uniqueKey('enqueue');
  const ids = await runSource([batch(key), batch(key)]);
  expect(ids).toEqual([dispatcherWorkflowId(dispatcherShard(key)), dispatcherWorkflowId(dispatcherShard(key))]);

  const notices = await waitFor('the inbox entry', async () => ((await inboxOf(key)).length > 0 ? inboxOf(key) : undefined));
  expect(notices).toHaveLength(1);
  expect(notices[0]?.subject).toBe('【某市停车收费调整方案】决策事项已交由贵单位承办 / A decision procedure is assigned to your unit');

  // Another run of the procedure's command (a retried local activity, a replayed task) enqueues it again.
  await runSource([batch(key)]);
  const dispatcher = rig.env.client.workflow.getHandle(ids[0] as string);
  await waitFor('the dispatcher to be idle', async () => {
    const s = await dispatcher.query<{ queued: number; inFlight: number }>('notificationDispatcherStatus');
    return (s.queued === 0 && s.inFlight === 0) || undefined;
  });
  expect(await inboxOf(key)).toHaveLength(1);
});

it('continue-as-new carries the keys seen: a batch repeated after it is still dropped before any delivery', async () => {
  const workflowId = uniqueKey('dispatcher-can');
  const h = await rig.env.client.workflow.start(notificationDispatcher, {
    taskQueue: QUEUE,
    workflowId,
    args: [{ shard: 0, policy: fastPolicy(30_000), continueAsNewAfterEvents: 40 }],
  });
  const keys = Array.from({ length: 8 }, (_, i) => uniqueKey(`can-${i}`));
  for (const k of keys) await h.signal(enqueueNoticesSignal, batch(k));
  const latest = rig.env.client.workflow.getHandle(workflowId);
  const status = () => latest.query<{ delivered: number; queued: number; inFlight: number; duplicatesDropped: number }>('notificationDispatcherStatus');
  await waitFor('all delivered', async () => (await status()).delivered === keys.length || undefined);
  const first = await rig.env.client.workflow.getHandle(workflowId, h.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');

  for (const k of keys) await latest.signal(enqueueNoticesSignal, batch(k));
  // Every repeat handled (dropped as seen), not a fixed wait: then nothing more can be delivered.
  await waitFor('the repeats handled', async () => (await status()).duplicatesDropped >= keys.length || undefined);
  expect(await status()).toMatchObject({ delivered: keys.length, queued: 0, inFlight: 0, duplicatesDropped: keys.length });
  for (const k of keys) expect(await inboxOf(k)).toHaveLength(1);
});
