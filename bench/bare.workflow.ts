/**
 * The bare baseline of the e2e benchmark: a minimal workflow that receives K updates straight
 * from the client, each appending to a list and returning, and finishes after the K-th.
 * Bundled on its own (bench/e2e.bench.ts), so workflows/index.ts stays the service's.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const bareStep = defineUpdate<number, [string]>('bareStep');

export async function bareWorkflow(k: number): Promise<number> {
  const steps: string[] = [];
  setHandler(bareStep, (name: string) => {
    steps.push(name);
    return steps.length;
  });
  await condition(() => steps.length >= k);
  return steps.length;
}
