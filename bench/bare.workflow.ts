/**
 * The bare baseline of the benchmarks: a minimal workflow that receives K updates, each
 * appending its argument to a list and returning, and finishes after the K-th. The e2e
 * benchmark starts it and sends its updates through the API's HTTP layer (bench/bare-http.ts),
 * with the argument padded to the size of the standard procedure's command bodies; `input` is
 * the start's payload, padded to the size of the create body. `bareNote` (a signal that only
 * appends) is used by bench/bare-history.ts alone, to give a recorded bare history exactly the
 * event count of the standard procedure's (an update adds 5 events, a signal 4).
 * Bundled on its own (bench/stack.ts), so workflows/index.ts stays the service's.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const bareStep = defineUpdate<number, [string]>('bareStep');
export const bareNote = defineSignal<[string]>('bareNote');

export async function bareWorkflow(k: number, input = ''): Promise<number> {
  const steps: string[] = [input];
  const notes: string[] = [];
  setHandler(bareStep, (arg: string) => {
    steps.push(arg);
    return steps.length - 1;
  });
  setHandler(bareNote, (note: string) => {
    notes.push(note);
  });
  await condition(() => steps.length - 1 >= k);
  return steps.length - 1;
}
