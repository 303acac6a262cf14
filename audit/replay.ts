import type { Client } from '@temporalio/client';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { fetchProcedureRuns, type HistoryEvent, type ProcedureRuns, type RunHistory } from './history-source';
import { listProcedures, type ProcedureFilter } from './procedure-list';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';

/*
 * Replay proof (ARCHITECTURE decision 3): the recorded history is fed to the workflow code with
 * Worker.runReplayHistory; if the code, run again, issues exactly the commands the history
 * records, the history is what this code produces. Otherwise the first history event the code
 * does not reproduce is reported, with the command being applied there.
 */

export interface Divergence {
  /** True for a nondeterminism error: the code no longer produces this history. */
  nondeterminism: boolean;
  /** The first history event the code did not reproduce, when the error names it. */
  eventId?: number;
  eventType?: string;
  /** The command (update) the workflow was applying at that point, if any. */
  command?: string;
  message: string;
}

export interface RunReplay {
  runId: string;
  historyEvents: number;
  ok: boolean;
  divergence?: Divergence;
}

export interface ProcedureReplay {
  procedureKey: string;
  ok: boolean;
  runs: RunReplay[];
  /** Runs the server no longer holds (past retention): not replayed, not counted as failures. */
  missingRuns: string[];
  /** Set when the procedure's history could not be read at all. */
  error?: string;
}

/** The workflow code as the worker runs it (workflows/index.ts), bundled once per process. */
let bundled: Promise<WorkflowBundle> | undefined;
export function workflowCodeBundle(): Promise<WorkflowBundle> {
  bundled ??= buildWorkflowBundle();
  return bundled;
}

/** The divergence an error of the replay worker describes. */
export function divergenceOf(error: Error, history: RunHistory['history']): Divergence {
  const message = error.message;
  const m = /HistoryEvent\(id: (\d+)(?:, (\w+))?/.exec(message) ?? /event(?:[ _]id)?[:= ]+(\d+)/i.exec(message);
  const eventId = m?.[1] ? Number(m[1]) : undefined;
  const events = history.events ?? [];
  // The update being applied: the last one accepted at or before the diverging event.
  let command: string | undefined;
  if (eventId !== undefined) {
    for (const e of events as HistoryEvent[]) {
      if (Number(e.eventId) > eventId) break;
      const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      if (name) command = name;
      if (e.workflowExecutionUpdateCompletedEventAttributes && Number(e.eventId) < eventId) command = undefined;
    }
  }
  return {
    nondeterminism: error.name === 'DeterminismViolationError' || /nondeterminism/i.test(message),
    ...(eventId !== undefined ? { eventId } : {}),
    ...(m?.[2] ? { eventType: m[2] } : {}),
    ...(command ? { command } : {}),
    message,
  };
}

interface Item {
  procedureKey: string;
  workflowId: string;
  run: RunHistory;
}

/** Replays each item in one replay worker; results come back in the same order. */
async function* replayItems(bundle: WorkflowBundle, items: AsyncIterable<Item> | Iterable<Item>): AsyncGenerator<{ item: Item; replay: RunReplay }> {
  const pending: Item[] = [];
  async function* histories() {
    for await (const item of items) {
      pending.push(item);
      yield { workflowId: item.workflowId, history: item.run.history };
    }
  }
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'audit-replay' }, histories())) {
    const item = pending.shift() as Item;
    const history = item.run.history;
    const historyEvents = history.events?.length ?? 0;
    yield {
      item,
      replay: result.error
        ? { runId: item.run.runId, historyEvents, ok: false, divergence: divergenceOf(result.error, history) }
        : { runId: item.run.runId, historyEvents, ok: true },
    };
  }
}

/** Replays every run of one procedure against `bundle` (default: the current workflow code). */
export async function replayProcedureRuns(procedure: ProcedureRuns, bundle?: WorkflowBundle): Promise<ProcedureReplay> {
  const items = procedure.runs.map((run) => ({ procedureKey: procedure.procedureKey, workflowId: procedure.workflowId, run }));
  const runs: RunReplay[] = [];
  for await (const { replay } of replayItems(bundle ?? (await workflowCodeBundle()), items)) runs.push(replay);
  return { procedureKey: procedure.procedureKey, ok: runs.every((r) => r.ok), runs, missingRuns: procedure.missingRuns };
}

/** Fetches a procedure's histories from the server and replays them. */
export async function replayProcedure(client: Client, procedureKey: string, bundle?: WorkflowBundle): Promise<ProcedureReplay> {
  return replayProcedureRuns(await fetchProcedureRuns(client, procedureKey), bundle);
}

export interface BulkReplaySummary {
  total: number;
  ok: number;
  failed: ProcedureReplay[];
  runsReplayed: number;
  durationMs: number;
}

export interface BulkReplayOptions {
  filter?: ProcedureFilter;
  bundle?: WorkflowBundle;
  /** Called once the procedures are listed, then after each one is replayed. */
  onProgress?: (done: number, total: number, last?: ProcedureReplay) => void;
}

/** Replays every procedure matching the filter, one replay worker for all, and sums up. */
export async function replayAll(client: Client, opts: BulkReplayOptions = {}): Promise<BulkReplaySummary> {
  const started = Date.now();
  const keys: { procedureKey: string; workflowId: string }[] = [];
  for await (const p of listProcedures(client, opts.filter)) keys.push(p);
  const total = keys.length;
  opts.onProgress?.(0, total);
  const bundle = opts.bundle ?? (await workflowCodeBundle());
  const results: ProcedureReplay[] = [];
  const open = new Map<string, { result: ProcedureReplay; remaining: number }>();
  const finish = (r: ProcedureReplay) => {
    r.ok = !r.error && r.runs.every((x) => x.ok);
    results.push(r);
    opts.onProgress?.(results.length, total, r);
  };
  async function* items(): AsyncGenerator<Item> {
    for (const { procedureKey } of keys) {
      let runs: ProcedureRuns;
      try {
        runs = await fetchProcedureRuns(client, procedureKey);
      } catch (err) {
        finish({ procedureKey, ok: false, runs: [], missingRuns: [], error: (err as Error).message });
        continue;
      }
      const result: ProcedureReplay = { procedureKey, ok: true, runs: [], missingRuns: runs.missingRuns };
      if (runs.runs.length === 0) {
        finish(result);
        continue;
      }
      open.set(procedureKey, { result, remaining: runs.runs.length });
      for (const run of runs.runs) yield { procedureKey, workflowId: runs.workflowId, run };
    }
  }
  for await (const { item, replay } of replayItems(bundle, items())) {
    const entry = open.get(item.procedureKey);
    if (!entry) continue;
    entry.result.runs.push(replay);
    if (--entry.remaining === 0) {
      open.delete(item.procedureKey);
      finish(entry.result);
    }
  }
  return {
    total,
    ok: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok),
    runsReplayed: results.reduce((n, r) => n + r.runs.length, 0),
    durationMs: Date.now() - started,
  };
}
