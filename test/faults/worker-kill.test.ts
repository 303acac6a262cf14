import { actors } from '../support/fixtures';
import { checkHistory, replayProblems } from '../../bench/history-check';
import { spawnWorker } from '../../bench/memory-list.bench';
import { driveProcedure, STANDARD_COMMANDS, type Driver, type Who } from '../../bench/procedure-driver';
import { bearers, sleep } from '../../bench/stack';
import { kill9, workerRig } from './rig';

/*
 * Fault injection, short version (the long one is `npm run faults`): the service's worker
 * runs as its own process and is killed with SIGKILL while 20 procedures run through the
 * HTTP API in simulation; a new worker is started. Every procedure completes, its history
 * shows each of the 15 commands accepted exactly once, and it replays.
 */
const N = 20;
const DAY_MS = 20;


const rig = workerRig(DAY_MS);

it('kill -9 of the worker mid-run: all procedures complete, no step lost or applied twice', async () => {
  const auth = (await bearers(rig.stack.config, actors)) as Record<Who, string>;
  const driver: Driver = { base: rig.stack.url, auth, dayMs: DAY_MS, idempotent: true, retryNetwork: true };
  let steps = 0;
  let killedAt = -1;
  const killAt = N * 4; // after about a quarter of the commands
  const runs = Array.from({ length: N }, (_, i) =>
    driveProcedure(driver, `fault-${i}`, () => {
      steps += 1;
    }),
  );
  const chaos = (async () => {
    while (steps < killAt) await sleep(20);
    killedAt = steps;
    await kill9(rig.worker);
    await sleep(500);
    rig.worker = spawnWorker(rig.stack.env);
  })();
  await Promise.all([...runs, chaos]);
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(N * STANDARD_COMMANDS);
  for (let i = 0; i < N; i++) {
    const h = await checkHistory(rig.stack.client, `fault-${i}`);
    expect({ key: h.key, completed: h.completed, duplicates: h.duplicates }).toEqual({ key: h.key, completed: true, duplicates: [] });
    expect(Object.keys(h.accepted)).toHaveLength(STANDARD_COMMANDS);
  }
  // And every history written across the kill replays on the workflow code.
  expect(await replayProblems(rig.stack.client, Array.from({ length: N }, (_, i) => `fault-${i}`))).toEqual([]);
}, 180_000);
