import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { NoticeBatch } from '../activities/notice-types';

/**
 * v8: how a procedure's notices leave it. The worker runs a sink call after the workflow task's
 * activation and before it reports the task complete, and never on replay; it writes no event
 * into any history. The worker's notice relay (runtime/notice-relay.ts) journals the batch and
 * delivers it only once the history shows the task completed, so a notice is never sent for an
 * event that was not recorded, and a notice journaled before a crash is still sent after it.
 */
export interface NoticeSinks extends Sinks {
  noticeRelay: {
    hand(batch: NoticeBatch): void;
  };
}

export const { noticeRelay } = proxySinks<NoticeSinks>();
