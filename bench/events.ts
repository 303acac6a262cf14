/**
 * History events a benchmark phase causes, in every workflow: whatever workflows the service
 * starts or signals (a procedure's own history, the notification dispatchers and their
 * continued-as-new runs, amendment children, or none of these if the design changes), counted
 * without naming them. Before a phase: each running run's history length. After it, once the
 * histories stopped growing: the length of every run that started in the phase or was running
 * at its start, less what it had before.
 */
import type { Client } from '@temporalio/client';
import { pool, sleep } from './stack';

export interface RunEvents {
  workflowId: string;
  runId: string;
  type: string;
  events: number;
}
/** By run ID. */
export type Snapshot = Map<string, RunEvents>;

async function describeAll(client: Client, runs: Array<{ workflowId: string; runId: string }>): Promise<Snapshot> {
  const out: Snapshot = new Map();
  await pool(runs.length, 8, async (i) => {
    const { workflowId, runId } = runs[i] as { workflowId: string; runId: string };
    // describe reads the run's mutable state: its length is exact, also while it runs (a list's may lag).
    const d = await client.workflow.getHandle(workflowId, runId).describe();
    out.set(runId, { workflowId, runId, type: d.type, events: d.historyLength });
  });
  return out;
}

async function listRuns(client: Client, query: string): Promise<Array<{ workflowId: string; runId: string }>> {
  const runs: Array<{ workflowId: string; runId: string }> = [];
  for await (const w of client.workflow.list({ query })) runs.push({ workflowId: w.workflowId, runId: w.runId });
  return runs;
}

/** The running runs and their history lengths. */
export async function runningSnapshot(client: Client): Promise<Snapshot> {
  return describeAll(client, await listRuns(client, 'ExecutionStatus = "Running"'));
}

const same = (a: Snapshot, b: Snapshot) => a.size === b.size && [...a].every(([id, r]) => b.get(id)?.events === r.events);

/**
 * Waits until no running history grows (the same lengths `stableMs` apart), e.g. until the
 * dispatchers have delivered what the last phase handed them; at most `timeoutMs`.
 */
export async function settle(client: Client, stableMs = 1000, timeoutMs = 60_000): Promise<{ snapshot: Snapshot; settled: boolean }> {
  const t0 = performance.now();
  let last = await runningSnapshot(client);
  for (;;) {
    await sleep(stableMs);
    const now = await runningSnapshot(client);
    if (same(last, now)) return { snapshot: now, settled: true };
    if (performance.now() - t0 > timeoutMs) return { snapshot: now, settled: false };
    last = now;
  }
}

/** Events by workflow type: the new events of every run started since `since` or running at `before`. */
export async function eventsSince(client: Client, since: Date, before: Snapshot): Promise<Record<string, { events: number; runs: number }>> {
  const started = await listRuns(client, `StartTime >= "${since.toISOString()}"`);
  const runs = new Map<string, { workflowId: string; runId: string }>();
  for (const r of [...before.values(), ...started]) runs.set(r.runId, { workflowId: r.workflowId, runId: r.runId });
  const after = await describeAll(client, [...runs.values()]);
  const byType: Record<string, { events: number; runs: number }> = {};
  for (const r of after.values()) {
    const added = r.events - (before.get(r.runId)?.events ?? 0);
    if (added === 0) continue;
    const t = (byType[r.type] ??= { events: 0, runs: 0 });
    t.events += added;
    t.runs += 1;
  }
  return byType;
}
