import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NoticeBatch } from '../activities/notice-types';
import type { NotifyRequest } from '../activities/notify.activities';
import { noticesFor, type DomainEvent, type ProcedureState } from '../domain';
import { noticeRelay } from './notice-sink';
import { PATCHES } from './patches';

const { enqueueNotices } = proxyLocalActivities<Activities>({
  // Hand-over only: the dispatcher workflow delivers and retries, so the procedure's
  // history gets one marker per command, never a delivery's retries.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Histories recorded before the dispatcher delivered refusals with this activity. */
const { notifyParties } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/**
 * Notices waiting to leave the procedure: what the domain's notice table
 * (domain/notices.ts) says each recorded event must tell whom.
 */
export class NoticeOutbox {
  private batches: NoticeBatch[] = [];
  private legacy: NotifyRequest[] = [];

  get pending(): boolean {
    return this.batches.length > 0 || this.legacy.length > 0;
  }

  /**
   * `markerless`: the procedure's version turns the dispatcher on without a marker
   * (patchesWithoutMarkers, v7). `bySink`: notices leave by the worker's relay, after the task
   * (noticesBySink, v8): nothing waits for them and no history records their hand-over.
   */
  constructor(private readonly markerless = false, private readonly bySink = false) {}

  /** Whether this run's notices come from the domain's notice table (every run since v3). */
  fromDomain(): boolean {
    return this.bySink || this.markerless || patched(PATCHES.noticesViaDispatcher);
  }

  /** The notices `evs` yield; `firstSeq` is the index of the first of them among the procedure's events. */
  add(evs: DomainEvent[], state: ProcedureState, firstSeq: number): void {
    const first = evs[0];
    if (!first || !this.fromDomain()) return;
    // The relay's sink is never called on replay, and its hand-over is no command: on replay the
    // notices need not even be worked out (the dispatcher's local activity, before v8, must be).
    if (this.bySink && workflowInfo().unsafe.isReplaying) return;
    // A copy: the procedure's state changes in place (applyInPlace), and a batch is read later.
    const notices = JSON.parse(JSON.stringify(evs.flatMap((e) => noticesFor(e, state)))) as NoticeBatch['notices'];
    if (notices.length === 0) return;
    const batch: NoticeBatch = { procedureKey: state.procedureKey, title: state.title, eventSeq: firstSeq, at: first.at, notices };
    if (this.bySink) noticeRelay.hand(batch);
    else this.batches.push(batch);
  }

  addLegacy(req: NotifyRequest): void {
    this.legacy.push(req);
  }

  async drain(): Promise<void> {
    while (this.batches.length > 0) await enqueueNotices(this.batches.shift() as NoticeBatch);
    while (this.legacy.length > 0) await notifyParties(this.legacy.shift() as NotifyRequest);
  }
}
