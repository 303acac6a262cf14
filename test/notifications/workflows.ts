// The workflow bundle of the notification tests: the real dispatcher, and a stand-in for the
// decision procedure that enqueues notices the way it does (one local activity per command).
import { proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { NoticeBatch } from '../../activities/notice-types';

export { notificationDispatcher } from '../../workflows/notification-dispatcher.workflow';

const { enqueueNotices } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Enqueues each batch in turn and returns the dispatcher ids the local activity reported. */
export async function noticeSource(batches: NoticeBatch[]): Promise<string[]> {
  const ids: string[] = [];
  for (const b of batches) ids.push((await enqueueNotices(b)).dispatcherId);
  return ids;
}
