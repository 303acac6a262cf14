import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { Actor } from '../../domain';
import { actors, UNITS } from '../support/fixtures';
import { tempDir } from '../foundation/helpers';
import { lightStart } from './fixtures';
import { bearer, devServerHarness, get, post, upload, type ApiHarness } from './harness';

/*
 * A jurisdiction is chosen at launch and pinned (ARCHITECTURE decision 6); in
 * simulation mode a simulation jurisdiction shortens every statutory day, so a
 * whole procedure runs through the HTTP API on the real dev server in seconds.
 */
const DAY_MS = 100;
let h: ApiHarness;
beforeAll(async () => {
  const file = path.join(tempDir('jurisdictions'), 'jurisdictions.json');
  writeFileSync(file, JSON.stringify([{ id: 'sim', name: '模拟', policy: { simulation: true, simulationDayMs: DAY_MS } }]));
  h = await devServerHarness({}, { JURISDICTIONS_FILE: file, SIMULATION_MODE: 'true' });
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const eventually = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
  for (let i = 0; i < 50; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await sleep(100);
  }
  return fn();
};
interface Task {
  procedureKey: string;
  dueAt?: string;
  overdue: boolean;
  stage: string;
  awaiting?: { item: string; ruleId: string; message: string; dueAt?: string }[];
  awaitingUnavailable?: true;
}

it('R-46: a procedure pins the rules of the jurisdiction named at launch; an unknown one is refused', async () => {
  const draft = await upload(h, actors.sponsor, 'draft-city');
  const city = await post(h, actors.organ, '/procedures', { ...lightStart('jur-city'), draft, jurisdiction: 'example-city' });
  expect(city.status).toBe(201);
  expect(city.body.state.policy).toMatchObject({ jurisdiction: 'example-city', twoLevelLegalityReview: true });
  const national = await post(h, actors.organ, '/procedures', { ...lightStart('jur-default'), draft });
  expect(national.body.state.policy).toMatchObject({ jurisdiction: 'national', twoLevelLegalityReview: false });
  const unknown = await post(h, actors.organ, '/procedures', { ...lightStart('jur-x'), draft, jurisdiction: 'atlantis' });
  expect(unknown.status).toBeGreaterThanOrEqual(400);
  expect(unknown.status).toBeLessThan(500);
  expect(JSON.stringify(unknown.body)).toContain('atlantis');
});

it('R-11 R-42: in simulation mode a whole procedure runs through HTTP in seconds, still refusing what comes too early', async () => {
  const key = 'sim-full';
  const { sponsor, adviser, office, organ, executor } = actors;
  const doc = (name: string) => upload(h, sponsor, `${key}-${name}`);
  const ok = async (who: Actor, command: string, body: unknown) => {
    const res = await post(h, who, `/procedures/${key}/${command}`, body);
    if (res.status !== 200) throw new Error(`${command}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  expect((await post(h, organ, '/procedures', { ...lightStart(key), draft: await doc('draft'), jurisdiction: 'sim' })).status).toBe(201);
  await ok(sponsor, 'open-comment-period', { explanation: await doc('explanation'), channels: ['网站'], days: 30 });
  const early = await post(h, sponsor, `/procedures/${key}/close-comment-period`, {});
  expect(early.status).toBe(409);
  expect(JSON.stringify(early.body)).toContain('R-12');
  await sleep(31 * DAY_MS);
  await ok(sponsor, 'close-comment-period', {});
  await ok(sponsor, 'submit-participation-adoption-report', { opinions: [{ summary: '意见', adopted: true }], document: await doc('adoption') });
  await ok(sponsor, 'submit-legality-review', { legalBasis: '依据', procedureAccount: '已履行程序' });
  await ok(office, 'engage-legal-advisers', { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await ok(adviser, 'submit-legal-adviser-opinion', { adviser: adviser.name, document: await upload(h, adviser, `${key}-adviser`) });
  await ok(office, 'give-legality-opinion', { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: await upload(h, office, `${key}-op`) });
  await ok(sponsor, 'record-legal-opinion-adoption', { opinions: [{ summary: '合法', adopted: true }] });
  await sleep(8 * DAY_MS);
  await ok(sponsor, 'submit-to-discussion', {});
  const heldAt = new Date().toISOString();
  const speeches = [
    { personId: 'm-1', name: '委员1', isHead: false, position: 'approve', statement: '同意' },
    { personId: organ.personId, name: organ.name, isHead: true, position: 'approve', statement: '同意' },
  ];
  await ok(organ, 'record-meeting', { meetingType: 'executive', heldAt, membersTotal: 3, attendees: 2, speeches, outcome: 'approve', minutes: await upload(h, organ, `${key}-minutes`) });
  await ok(organ, 'record-party-report', { document: await upload(h, organ, `${key}-party`) });
  await ok(organ, 'publish-decision', { channels: ['政府公报'], adoptionExplanation: '说明', document: await upload(h, organ, `${key}-decided`) });
  await ok(organ, 'name-executing-unit', { unit: UNITS.executor });
  await ok(executor, 'submit-execution-report', { kind: 'periodic', document: await upload(h, executor, `${key}-exec`) });
  // execution complete, so closing does not stop the decision.
  await ok(executor, 'submit-execution-report', { kind: 'final', document: await upload(h, executor, `${key}-exec-final`) });
  await ok(organ, 'archive-procedure', { archiveReference: 'SIM-1' });
  const closed = await ok(organ, 'close-procedure', { reason: '执行完毕' });
  expect(closed.stage).toBe('closed');
  const read = await get(h, actors.auditor, `/procedures/${key}`);
  expect(read.body.state?.stage ?? read.body.stage).toBe('closed');
});

it('R-48: each party’s inbox lists what waits for it, with the due date and, once passed, the overdue flag', async () => {
  const key = 'inbox-1';
  const { sponsor, office, organ } = actors;
  await post(h, organ, '/procedures', { ...lightStart(key), draft: await upload(h, sponsor, `${key}-draft`), jurisdiction: 'sim' });
  const tasksOf = async (who: Actor) => ((await get(h, who, '/me/tasks')).body.items as Task[]).filter((t) => t.procedureKey === key);
  expect(await eventually(() => tasksOf(sponsor), (t) => t.length === 1)).toEqual([expect.objectContaining({ stage: 'preparation' })]);
  // each task says what the procedure waits for from the caller — here the steps the sponsor can take now.
  expect((await tasksOf(sponsor))[0]?.awaiting?.map((a) => [a.item, a.ruleId])).toEqual([
    ['participation.period', 'R-10'],
    ['legality.submission', 'R-41'],
  ]);
  expect((await tasksOf(sponsor))[0]?.awaiting?.[0]?.message).toBe('尚未公开征求意见 / the draft has not been opened for public comment');
  expect(await tasksOf(office)).toEqual([]);
  await post(h, sponsor, `/procedures/${key}/submit-legality-review`, { legalBasis: '依据', procedureAccount: '已履行程序' });
  const officeTasks = await eventually(() => tasksOf(office), (t) => t.length === 1);
  expect(officeTasks[0]).toMatchObject({ stage: 'legality_review', overdue: false });
  expect(officeTasks[0]?.dueAt).toBeDefined();
  // the office owes its opinion by the reply date.
  expect(officeTasks[0]?.awaiting).toEqual([{ item: 'legality.opinion', ruleId: 'R-40', message: expect.stringMatching(/^本稿尚未经合法性审查 \/ /), dueAt: expect.any(String) }]);
  expect(Date.parse(officeTasks[0]?.awaiting?.[0]?.dueAt ?? '')).toBeGreaterThan(Date.now());
  expect(await eventually(() => tasksOf(sponsor), (t) => t.length === 0)).toEqual([]);
  // 15 simulated working days later the reply is overdue: the workflow's timer sets the
  // flag (visibility follows within moments), and the overdue filter finds it.
  await sleep(16 * DAY_MS);
  expect((await eventually(() => tasksOf(office), (t) => t[0]?.overdue === true))[0]).toMatchObject({ overdue: true });
  const overdueOnly = (await get(h, office, '/me/tasks?overdue=true')).body.items as { procedureKey: string }[];
  expect(overdueOnly.map((t) => t.procedureKey)).toContain(key);
  const listed = (await get(h, actors.auditor, '/procedures?overdue=true')).body.items as { procedureKey: string; overdue?: boolean }[];
  expect(listed.find((p) => p.procedureKey === key)).toMatchObject({ overdue: true });
  expect(((await get(h, actors.auditor, '/procedures?overdue=false')).body.items as { procedureKey: string }[]).map((p) => p.procedureKey)).not.toContain(key);
  expect((await tasksOf(sponsor))).toEqual([]);
  // Another unit's office sees none of it.
  expect(await tasksOf({ ...office, unit: '另一市司法局' })).toEqual([]);
});

it('a procedure that cannot be asked what it awaits is still listed, flagged awaitingUnavailable, rather than failing the list', async () => {
  const key = 'inbox-unavailable';
  const { sponsor, organ } = actors;
  await post(h, organ, '/procedures', { ...lightStart(key), draft: await upload(h, sponsor, `${key}-draft`), jurisdiction: 'sim' });
  // Another API process whose queries fail (a worker that does not answer); its visibility lists still work.
  const failing = new Proxy(h.client, {
    get(target, prop) {
      if (prop !== 'workflow') return Reflect.get(target, prop);
      return new Proxy(target.workflow, {
        get: (w, p) => (p === 'getHandle' ? (workflowId: string) => ({ workflowId, query: () => Promise.reject(new Error('no worker answers')) }) : Reflect.get(w, p)),
      });
    },
  }) as Client;
  const app = h.anotherApp({ client: failing });
  const tasks = async () =>
    ((await request(app).get('/me/tasks').set('Authorization', await bearer(h.config, sponsor)).expect(200)).body.items as Task[]).filter((t) => t.procedureKey === key);
  const listed = await eventually(tasks, (t) => t.length === 1);
  expect(listed).toEqual([expect.objectContaining({ procedureKey: key, stage: 'preparation', awaitingUnavailable: true })]);
  expect(listed[0]).not.toHaveProperty('awaiting');
  // The same list from an API whose queries work says what is awaited.
  expect((await eventually(async () => ((await get(h, sponsor, '/me/tasks')).body.items as Task[]).filter((t) => t.procedureKey === key), (t) => t.length === 1))[0]?.awaiting).toHaveLength(2);
});
