import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DispatcherStatus, NoticeBatch } from '../activities/notice-types';

/*
 * Messages of the notification dispatcher. Wire names never change once released; the
 * local activity `enqueueNotices` (activities/) sends the signal by the same name, and
 * test/notifications checks the two agree.
 */

/** A procedure's notices for one command (sent with signal-with-start by `enqueueNotices`). */
export const enqueueNoticesSignal = defineSignal<[NoticeBatch]>('enqueueNotices');

/** Queued, running, delivered and failed counts, and the latest failures: for operators. */
export const dispatcherStatusQuery = defineQuery<DispatcherStatus>('notificationDispatcherStatus');
