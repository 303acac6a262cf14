import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { DeliveryFailureReport, DeliveryJob, DeliveryPolicy, NoticeBatch } from '../../activities/notice-types';
import { NoticeJournal, pendingIn } from '../../runtime/notice-journal';
import { NoticeRelay, type HistoryReader } from '../../runtime/notice-relay';

// The relay alone (runtime/notice-relay.ts), with a history of our making and a delivery
// function that fails on cue. The path through a real worker and server is relay.test.ts.

const E = temporal.api.enums.v1.EventType;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function batch(procedureKey: string, eventSeq = 1): NoticeBatch {
  return {
    procedureKey,
    title: '某市公共交通条例',
    eventSeq,
    at: '2026-11-27T08:00:00.000Z',
    notices: [{ template: 'legalitySubmitted', ruleId: 'R-41', recipients: [{ role: 'legality_office', unit: '某市司法局' }, { role: 'sponsor', unit: '某市交通运输局' }], data: {} }],
  };
}

/** A history whose events can be appended while the relay waits. */
function historyOf(types: number[]): HistoryReader & { types: number[]; reads: number } {
  const h = {
    types,
    reads: 0,
    async getWorkflowExecutionHistory() {
      h.reads += 1;
      return { history: { events: h.types.map((eventType, i) => ({ eventId: i + 1, eventType })) } };
    },
  };
  return h as unknown as HistoryReader & { types: number[]; reads: number };
}

const STARTED = [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, E.EVENT_TYPE_WORKFLOW_TASK_STARTED];
const policy = (over: Partial<DeliveryPolicy> = {}): DeliveryPolicy => ({ initialIntervalMs: 10, backoffCoefficient: 2, maximumIntervalMs: 40, limitMs: 60_000, maximumAttempts: 0, ...over });

function rig(history: HistoryReader, deliver: (job: DeliveryJob) => Promise<unknown>, over: Partial<DeliveryPolicy> = {}, dir = mkdtempSync(path.join(tmpdir(), 'outbox-'))) {
  const journal = new NoticeJournal(dir, `${hostname()}-${process.pid}`);
  const failures: DeliveryFailureReport[] = [];
  const relay = new NoticeRelay({
    journal,
    history,
    namespace: 'default',
    deliver,
    recordFailure: async (r) => {
      failures.push(r);
    },
    policy: policy(over),
    logger: quiet,
    firstCheckMs: 1,
  });
  return { relay, journal, failures, dir };
}

const info = (historyLength: number) => ({ workflowId: 'decision-procedure-k', runId: 'run-1', historyLength });

it('a batch is held until the history shows its task completed, then each (notice × party) is delivered once', async () => {
  const history = historyOf([...STARTED]);
  const delivered: string[] = [];
  const { relay, journal } = rig(history, async (job) => delivered.push(job.key));
  relay.start();
  relay.hand(info(3), batch('k'));
  // The task is still open (no event after its start): nothing leaves.
  for (let i = 0; i < 50 && history.reads < 3; i++) await new Promise((r) => setTimeout(r, 10));
  expect(delivered).toEqual([]);
  expect(relay.status()).toMatchObject({ awaitingTask: 1 });
  history.types.push(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  await relay.whenIdle();
  expect(delivered.sort()).toEqual(['k|1|legalitySubmitted|legality_office:某市司法局', 'k|1|legalitySubmitted|sponsor:某市交通运输局']);
  expect(relay.status()).toMatchObject({ delivered: 2, failed: 0, discarded: 0 });
  await journal.drain(); // done lines are written after the relay settles, in the next group write
  expect(pendingIn(journal.file)).toEqual([]);
  await relay.stop();
});

it('a batch of a task that failed is never delivered: its events were not recorded', async () => {
  const history = historyOf([...STARTED, E.EVENT_TYPE_WORKFLOW_TASK_FAILED]);
  const delivered: string[] = [];
  const { relay, journal } = rig(history, async (job) => delivered.push(job.key));
  relay.start();
  relay.hand(info(3), batch('k'));
  await relay.whenIdle();
  expect(delivered).toEqual([]);
  expect(relay.status()).toMatchObject({ delivered: 0, discarded: 1 });
  await journal.drain(); // done lines are written after the relay settles, in the next group write
  expect(pendingIn(journal.file)).toEqual([]);
  await relay.stop();
});

it('R-54: a channel that is down is retried with backoff until it is back', async () => {
  let calls = 0;
  const { relay, failures } = rig(historyOf([...STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]), async () => {
    calls += 1;
    if (calls <= 6) throw ApplicationFailure.create({ type: 'DeliveryUnavailable', message: 'smtp down' });
  });
  relay.start();
  relay.hand(info(3), batch('k'));
  await relay.whenIdle();
  expect(calls).toBeGreaterThan(6);
  expect(relay.status()).toMatchObject({ delivered: 2, failed: 0 });
  expect(failures).toEqual([]);
  await relay.stop();
});

it('R-54: at the policy\'s attempt limit, and at once for a refusal, the job is recorded as failed, once', async () => {
  const refused = rig(historyOf([...STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]), async () => {
    throw ApplicationFailure.create({ type: 'DeliveryRefused', message: 'no such mailbox', nonRetryable: true });
  });
  refused.relay.start();
  refused.relay.hand(info(3), { ...batch('k'), notices: [{ ...batch('k').notices[0]!, recipients: [{ role: 'legality_office', unit: '某市司法局' }] }] });
  await refused.relay.whenIdle();
  expect(refused.failures.map((f) => [f.job.key, f.reason])).toEqual([['k|1|legalitySubmitted|legality_office:某市司法局', 'no such mailbox']]);
  await refused.relay.stop();

  let attempts = 0;
  const limited = rig(historyOf([...STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]), async () => {
    attempts += 1;
    throw ApplicationFailure.create({ type: 'DeliveryUnavailable', message: 'smtp down' });
  }, { maximumAttempts: 3 });
  limited.relay.start();
  limited.relay.hand(info(3), batch('k'));
  await limited.relay.whenIdle();
  expect(attempts).toBe(6); // 3 for each of the two parties
  expect(limited.failures).toHaveLength(2);
  expect(limited.relay.status()).toMatchObject({ delivered: 0, failed: 2 });
  await limited.relay.stop();
});

it('a dead worker\'s journal is taken over at start: what it had not finished is delivered, what it had is not, a torn last line is skipped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
  // A worker of this host that died (no process has this pid) with two batches journaled, one finished.
  const dead = new NoticeJournal(dir, `${hostname()}-999999999`);
  const { entry: unfinished } = dead.append({ workflowId: 'decision-procedure-k', runId: 'run-1', taskStartedEventId: 3, receivedAt: new Date().toISOString(), batch: batch('k', 1) });
  const { entry: finished } = dead.append({ workflowId: 'decision-procedure-k', runId: 'run-1', taskStartedEventId: 3, receivedAt: new Date().toISOString(), batch: batch('k', 2) });
  dead.done(finished.id, 'settled');
  await dead.close();
  writeFileSync(path.join(dir, `${hostname()}-999999999.jsonl`), `${readFileSync(path.join(dir, `${hostname()}-999999999.jsonl`), 'utf8')}{"kind":"entry","entry":{"id":"tor`);
  // A live worker's journal (this process under another name) is left alone.
  const live = new NoticeJournal(dir, `${hostname()}-${process.ppid}`);
  live.append({ workflowId: 'decision-procedure-other', runId: 'run-9', taskStartedEventId: 3, receivedAt: new Date().toISOString(), batch: batch('other') });
  await live.close();

  const delivered: string[] = [];
  const { relay, journal } = rig(historyOf([...STARTED, E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]), async (job) => delivered.push(job.key), {}, dir);
  relay.start();
  await relay.whenIdle();
  expect(delivered.sort()).toEqual(['k|1|legalitySubmitted|legality_office:某市司法局', 'k|1|legalitySubmitted|sponsor:某市交通运输局']);
  expect(unfinished.id).toMatch(/999999999/);
  expect(readdirSync(dir).sort()).toEqual([`${hostname()}-${process.pid}.jsonl`, `${hostname()}-${process.ppid}.jsonl`].sort());
  await journal.drain(); // done lines are written after the relay settles, in the next group write
  expect(pendingIn(journal.file)).toEqual([]);
  await relay.stop();
});
