/**
 * `npx ts-node --transpile-only bench/bare-history.ts [procedure-history.json]`: records the bare
 * history that replay_ratio compares the standard procedure's with (bench/replay.bench.ts), as
 * bench/histories/bare-<events>.json, with exactly the event count of the newest
 * test/replay/histories/standard-procedure-v*.json (or the one given).
 *
 * On a fresh dev server, bench/bare.workflow.ts is started with the procedure's start input size
 * and sent K updates (5 events each: task scheduled, started, completed, update accepted and
 * completed) and S signals (4 events each), one at a time, each once the previous one is in
 * history, so no two share a workflow task: start and first task 4 events, completion 1, so
 * 5 K + 4 S + 5 events, S the smallest that fits. Update arguments have the byte sizes of the
 * procedure's update inputs, in turn.
 */
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromObject, historyToObject } from '../test/replay/history-file';
import { bareNote, bareStep, bareWorkflow } from './bare.workflow';
import { BARE_QUEUE, sleep, startStack } from './stack';

const HISTORIES = path.join(__dirname, '..', 'test', 'replay', 'histories');
export const BARE_HISTORIES = path.join(__dirname, 'histories');

/** The newest standard procedure history (highest version, not a refusal variant). */
export function newestProcedureHistory(): string {
  const versions = readdirSync(HISTORIES)
    .map((f) => /^standard-procedure-v(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  if (!versions[0]) throw new Error(`no standard-procedure-v*.json in ${HISTORIES}`);
  return versions[0][0];
}

export const bareHistoryFile = (events: number) => path.join(BARE_HISTORIES, `bare-${events}.json`);

/** K updates and S signals (S smallest) giving 5 K + 4 S + 5 = events. */
export function updatesAndSignals(events: number): { updates: number; signals: number } {
  for (let s = 0; s < 5; s++) {
    const rest = events - 5 - 4 * s;
    if (rest >= 5 && rest % 5 === 0) return { updates: rest / 5, signals: s };
  }
  throw new Error(`no bare history has ${events} events`);
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? newestProcedureHistory();
  const procedure = historyFromObject(JSON.parse(readFileSync(path.isAbsolute(file) ? file : path.join(HISTORIES, file), 'utf8')) as Record<string, unknown>);
  const events = procedure.events ?? [];
  const target = events.length;
  const bytes = (p?: { data?: Uint8Array | null } | null) => p?.data?.length ?? 0;
  const startBytes = bytes(events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]);
  const updateBytes = events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0])
    .filter((p) => p !== undefined)
    .map(bytes);
  const { updates, signals } = updatesAndSignals(target);
  // A JSON string of n ASCII characters is n + 2 bytes.
  const pad = (n: number) => 'x'.repeat(Math.max(0, n - 2));
  console.error(`${file}: ${target} events → ${updates} updates and ${signals} signals`);

  const stack = await startStack({ dayMs: 5, bareWorker: true, inProcessWorker: false, inProcessApi: false });
  try {
    const handle = await stack.client.workflow.start(bareWorkflow, { taskQueue: BARE_QUEUE, workflowId: `bare-history-${target}`, args: [updates, pad(startBytes - 4)] });
    const length = async () => (await handle.describe()).historyLength;
    const until = async (n: number) => {
      for (let i = 0; (await length()) < n; i++) {
        if (i > 500) throw new Error(`history did not reach ${n} events`);
        await sleep(20);
      }
    };
    let expected = 4;
    await until(expected);
    for (let u = 0; u < updates; u++) {
      // The signals go between the first updates, each in its own task.
      if (u < signals) {
        await handle.signal(bareNote, `note-${u}`);
        expected += 4;
        await until(expected);
      }
      await handle.executeUpdate(bareStep, { args: [pad(updateBytes[u % updateBytes.length] ?? 100)] });
      expected += 5;
      await until(expected);
    }
    await handle.result();
    const history = await handle.fetchHistory();
    const got = history.events?.length ?? 0;
    if (got !== target) throw new Error(`the bare history has ${got} events, not ${target}`);
    mkdirSync(BARE_HISTORIES, { recursive: true });
    writeFileSync(bareHistoryFile(target), `${JSON.stringify(historyToObject(history), null, 2)}\n`);
    console.error(`wrote ${path.relative(process.cwd(), bareHistoryFile(target))}`);
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
