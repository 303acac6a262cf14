import type { WorkflowHandle } from '@temporalio/client';
import type { Actor, DomainEvent } from '../../domain';
import { procedureEventsQuery } from '../../workflows/messages';
import { actors, minimalStart, UNITS } from '../support/fixtures';
import { bj, docOf, lightStart, postEvaluationSteps, settled, startWithEvents, trail } from './fixtures';
import { get, post, devServerHarness, upload, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * "The record holds": every 403 a person receives is in the refusal log (docs/rules.md §3); each
 * role reads its own view of a procedure and of a command's answer (ARCHITECTURE decision 8);
 * outsiders act only as themselves — engaged legal advisers, the panel's experts
 * the public within the comment period — and their refusals
 * neither enter the procedure's history nor notify anyone; documents are read in the
 * context of a procedure that cites them.
 */
let h: ApiHarness;
const { organ, sponsor, office, adviser, expert1, executor, auditor, otherSponsor } = actors;
const citizen: Actor = { personId: 'p-citizen', name: '刘女士', unit: '个人', role: 'public' };
const outsiderExpert: Actor = { personId: 'e-9', name: '局外专家', unit: '某研究院', role: 'expert' };
const otherAdviser: Actor = { personId: 'p-lawyer-9', name: '孙律师', unit: '另一律师事务所', role: 'legal_adviser' };

const PE = 'holds-pe';
const REVIEW = 'holds-review';
const PANEL = 'holds-panel';
const ENDED = 'holds-ended';
let pe: WorkflowHandle;
let review: WorkflowHandle;
let panel: WorkflowHandle;
let ended: WorkflowHandle;

const panelStep = ['recordExpertPanel', {
  members: [{ personId: expert1.personId, name: expert1.name, expertise: '交通工程', perspective: '支持', directInterest: false }],
  selectionRationale: '专业性、代表性、中立性',
}, sponsor, bj('2026-03-03')] as const;

beforeAll(async () => {
  h = await devServerHarness();
  await uploadFixtureDocs(h);
  const steps = postEvaluationSteps();
  const q = h.config.temporal.taskQueue;
  // Before the engagement of any adviser: the first four steps end with the submission to review.
  [pe, review, panel, ended] = await Promise.all([
    startWithEvents(h.client, q, trail(lightStart(PE), steps).events),
    startWithEvents(h.client, q, trail(lightStart(REVIEW), steps.slice(0, 4)).events),
    startWithEvents(h.client, q, trail(lightStart(PANEL), [[...panelStep]]).events),
    startWithEvents(h.client, q, trail(lightStart(ENDED), steps.slice(0, 1)).events),
  ]);
  await Promise.all([pe, review, panel, ended].map(settled));
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const refusalsOf = async (personId: string) =>
  (await get(h, auditor, `/audit/refusals?personId=${encodeURIComponent(personId)}`)).body.items as { route?: string; status: number; reason: string; actor?: { personId: string } }[];
const historyLength = async (w: WorkflowHandle) => (await w.describe()).historyLength;
const eventsOf = async (w: WorkflowHandle) => w.query(procedureEventsQuery);

describe('A. every 403 a person receives is recorded (docs/rules.md §3)', () => {
  it('wrong unit on read routes, list filters and catalogs: in /audit/refusals and in the person’s acts', async () => {
    const read = await get(h, otherSponsor, `/procedures/${PE}`);
    expect(read.status).toBe(403);
    const events = await get(h, otherSponsor, `/procedures/${PE}/events`);
    expect(events.status).toBe(403);
    const list = await get(h, otherSponsor, `/procedures?sponsorUnit=${encodeURIComponent(UNITS.sponsor)}`);
    expect(list.status).toBe(403);
    const otherOrgan = { ...organ, personId: 'p-county', unit: '某县人民政府' };
    const catalog = await get(h, otherOrgan, `/catalogs?decisionOrgan=${encodeURIComponent(UNITS.organ)}`);
    expect(catalog.status).toBe(403);

    const mine = await refusalsOf(otherSponsor.personId);
    expect(mine.map((r) => r.route).sort()).toEqual(['listProcedures', 'readProcedure', 'readProcedureEvents']);
    expect(mine.every((r) => r.status === 403 && r.reason.length > 0)).toBe(true);
    expect((await refusalsOf('p-county')).map((r) => r.route)).toEqual(['listCatalogs']);

    const acts = (await get(h, auditor, `/audit/acts?person=${otherSponsor.personId}`)).body.acts as { kind: string; source: string; action: string }[];
    const refused = acts.filter((a) => a.kind === 'refused' && a.source === 'api-refusal-log');
    expect(refused).toHaveLength(3);
    expect(refused.map((a) => a.action).join(' ')).toContain('readProcedure');
  });

  it('the workflow’s own refusal for role or unit (NOT_ALLOWED) is recorded too', async () => {
    const res = await post(h, { ...executor, personId: 'p-exec-other', unit: '某区城市管理局' }, `/procedures/${PE}/submit-execution-report`, { kind: 'periodic', document: docOf('minutes').ref });
    expect(res.status).toBe(403);
    expect((await refusalsOf('p-exec-other')).map((r) => r.route)).toEqual(['submitExecutionReport']);
  });
});

describe('B. each role reads its own view', () => {
  it('a command answers with the new stage and the events the caller may read, never the whole state', async () => {
    const res = await post(h, executor, `/procedures/${PE}/submit-execution-report`, { kind: 'periodic', document: await upload(h, executor, 'exec-report') });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['events', 'stage']);
    expect(res.body.stage).toBe('post_evaluation');
    expect(res.body.events.map((e: DomainEvent) => e.type)).toEqual(['ExecutionReported']);
  });

  it('GET /procedures/:key: the auditor all of it, the sponsor no members’ speeches, the executor no internal opinions, the public only what is public', async () => {
    const full = (await get(h, auditor, `/procedures/${PE}`)).body;
    expect(full.discussion.meetings[0].speeches.length).toBeGreaterThan(0);
    expect(full.legality.adviserOpinions).toHaveLength(1);
    expect((await get(h, organ, `/procedures/${PE}`)).body).toEqual(full);

    const bySponsor = (await get(h, sponsor, `/procedures/${PE}`)).body;
    expect(bySponsor.legality.adviserOpinions).toHaveLength(1);
    expect(bySponsor.discussion.meetings[0]).toEqual({ meetingType: 'executive', heldAt: full.discussion.meetings[0].heldAt, outcome: 'approve', at: full.discussion.meetings[0].at });

    const byExecutor = (await get(h, executor, `/procedures/${PE}`)).body;
    expect(byExecutor).toMatchObject({ procedureKey: PE, stage: 'post_evaluation', after: { executingUnit: { unit: UNITS.executor } } });
    expect(byExecutor).not.toHaveProperty('legality');
    expect(byExecutor).not.toHaveProperty('discussion');
    expect(byExecutor).not.toHaveProperty('refusals');

    const byPublic = (await get(h, citizen, `/procedures/${PE}`)).body;
    expect(Object.keys(byPublic).sort()).toEqual(['category', 'decisionOrgan', 'participation', 'procedureKey', 'publication', 'sponsorUnit', 'stage', 'title']);
    expect(JSON.stringify(byPublic)).not.toContain(organ.personId);

    // The events route follows the same views.
    const executorEvents = (await get(h, executor, `/procedures/${PE}/events`)).body.events as DomainEvent[];
    expect(executorEvents.map((e) => e.type)).not.toContain('MeetingRecorded');
    expect(executorEvents.map((e) => e.type)).not.toContain('LegalAdviserOpinionSubmitted');
  });

  it('an expert reads the draft and the panel of a procedure whose panel names them, nothing else; others are refused', async () => {
    const view = await get(h, expert1, `/procedures/${PANEL}`);
    expect(view.status).toBe(200);
    expect(view.body.currentDraft.document).toEqual(docOf('draft-v1').ref);
    expect(view.body.expert.panel.members.map((m: { personId: string }) => m.personId)).toEqual([expert1.personId]);
    expect(view.body).not.toHaveProperty('legality');
    expect(view.body).not.toHaveProperty('participation');
    expect((await get(h, expert1, `/procedures/${PE}`)).status).toBe(403);
    expect((await get(h, outsiderExpert, `/procedures/${PANEL}`)).status).toBe(403);
  });
});

describe('C. outsiders act only as themselves', () => {
  it('R-43: only an adviser the office engaged files an opinion, signed as themself', async () => {
    const opinion = { adviser: adviser.name, document: await upload(h, adviser, 'holds-adviser') };
    const before = await historyLength(review);
    expect((await post(h, adviser, `/procedures/${REVIEW}/submit-legal-adviser-opinion`, opinion)).status).toBe(403);
    expect(await historyLength(review)).toBe(before);
    expect((await post(h, office, `/procedures/${REVIEW}/engage-legal-advisers`, { advisers: [{ personId: adviser.personId, name: adviser.name, firm: adviser.unit }] })).status).toBe(200);
    // Another firm's adviser, or the engaged one under another name: refused.
    expect((await post(h, otherAdviser, `/procedures/${REVIEW}/submit-legal-adviser-opinion`, { ...opinion, adviser: otherAdviser.name })).status).toBe(403);
    expect((await post(h, adviser, `/procedures/${REVIEW}/submit-legal-adviser-opinion`, { ...opinion, adviser: '钱律师' })).status).toBe(403);
    const ok = await post(h, adviser, `/procedures/${REVIEW}/submit-legal-adviser-opinion`, opinion);
    expect(ok.status).toBe(200);
    expect(ok.body.events).toEqual([expect.objectContaining({ type: 'LegalAdviserOpinionSubmitted', actor: adviser })]);
    const adviserView = (await get(h, adviser, `/procedures/${REVIEW}`)).body;
    expect(adviserView.legality.ownOpinions).toHaveLength(1);
    expect(adviserView).not.toHaveProperty('discussion');
  });

  it('R-20 R-21: an expert acts only on a panel naming them, for their own opinion; the sponsor files paper opinions only, with the scan', async () => {
    const scan = await upload(h, sponsor, 'holds-expert-scan');
    const own = await upload(h, expert1, 'holds-expert-1');
    const before = await historyLength(panel);
    expect((await post(h, outsiderExpert, `/procedures/${PANEL}/submit-expert-opinion`, { personId: outsiderExpert.personId, document: own, signed: true })).status).toBe(403);
    expect((await post(h, outsiderExpert, `/procedures/${PANEL}/submit-expert-opinion`, { personId: expert1.personId, document: own, signed: true })).status).toBe(403);
    expect((await post(h, sponsor, `/procedures/${PANEL}/submit-expert-opinion`, { personId: expert1.personId, document: scan, signed: true })).status).toBe(403);
    expect(await historyLength(panel)).toBe(before);
    const filed = await post(h, sponsor, `/procedures/${PANEL}/submit-expert-opinion`, { personId: expert1.personId, document: scan, signed: true, filedOnPaper: true });
    expect(filed.status).toBe(200);
    expect(filed.body.events[0].data).toMatchObject({ personId: expert1.personId, filedOnPaper: true, document: scan });
    expect((await refusalsOf(outsiderExpert.personId)).filter((r) => r.route === 'submitExpertOpinion')).toHaveLength(2);
  });

  it('R-12 R-15: a public comment is taken while the period is open (late after its end) with the server’s time, never before it opens', async () => {
    // A procedure created now, its period opened now.
    const key = `holds-open-${Date.now()}`;
    expect((await post(h, organ, '/procedures', lightStart(key))).status).toBe(201);
    const w = h.client.workflow.getHandle(`decision-procedure/${key}`);
    const claimed = '2026-01-01T10:00:00+08:00';
    const early = await post(h, citizen, `/procedures/${key}/record-public-comment`, { receivedAt: bj('2026-12-01'), channel: '网站' });
    expect(early.status).toBe(409);
    expect((await post(h, sponsor, `/procedures/${key}/open-comment-period`, { explanation: docOf('explanation').ref, channels: ['网站'], days: 30 })).status).toBe(200);
    const t0 = Date.now();
    const inTime = await post(h, citizen, `/procedures/${key}/record-public-comment`, { receivedAt: claimed, channel: '网站' });
    expect(inTime.status).toBe(200);
    const receipt = inTime.body.events[0];
    expect(receipt).toMatchObject({ type: 'PublicCommentRecorded', data: { late: false, channel: '网站' } });
    expect(Date.parse(receipt.data.receivedAt)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(inTime.body.events.every((e: DomainEvent) => e.actor.personId === citizen.personId)).toBe(true);

    // After its end: recorded as late, whatever the caller claims.
    const late = await post(h, citizen, `/procedures/${ENDED}/record-public-comment`, { receivedAt: bj('2026-03-05'), channel: '信函' });
    expect(late.status).toBe(200);
    expect(late.body.events[0].data.late).toBe(true);
    // A procedure without public participation (not disclosable) takes none.
    const secret = await startWithEvents(h.client, h.config.temporal.taskQueue, trail(minimalStart(`holds-secret-${Date.now()}`), []).events);
    const secretKey = secret.workflowId.replace('decision-procedure/', '');
    expect((await post(h, citizen, `/procedures/${secretKey}/record-public-comment`, { receivedAt: claimed, channel: '网站' })).status).toBe(409);
    expect((await eventsOf(secret)).filter((e) => e.type === 'CommandRefused')).toEqual([]);
    expect((await eventsOf(w)).filter((e) => e.type === 'CommandRefused')).toEqual([]);
  });

  it('outsiders’ refusals are logged by the API only: no history event, no notice, for 20 of them', async () => {
    const key = `holds-spam-${Date.now()}`;
    expect((await post(h, organ, '/procedures', lightStart(key))).status).toBe(201);
    const w = h.client.workflow.getHandle(`decision-procedure/${key}`);
    await settled(w);
    const before = await historyLength(w);
    const spammer = { ...citizen, personId: `p-spam-${Date.now()}` };
    const stranger = { ...outsiderExpert, personId: `e-spam-${Date.now()}` };
    for (let i = 0; i < 10; i++) {
      expect((await post(h, spammer, `/procedures/${key}/record-public-comment`, { receivedAt: bj('2026-12-01'), channel: '网站' })).status).toBe(409);
      expect((await post(h, stranger, `/procedures/${key}/submit-expert-opinion`, { personId: stranger.personId, document: docOf('draft-v1').ref, signed: true })).status).toBe(403);
    }
    await settled(w);
    expect(await historyLength(w)).toBe(before);
    expect((await eventsOf(w)).filter((e) => e.type === 'CommandRefused')).toEqual([]);
    expect(await refusalsOf(spammer.personId)).toHaveLength(10);
    expect((await refusalsOf(spammer.personId)).every((r) => r.status === 409 && r.route === 'recordPublicComment')).toBe(true);
    expect(await refusalsOf(stranger.personId)).toHaveLength(10);
    // The sponsor's own premature command is still recorded and notified.
    expect((await post(h, sponsor, `/procedures/${key}/submit-to-discussion`)).status).toBe(409);
    expect((await eventsOf(w)).filter((e) => e.type === 'CommandRefused')).toHaveLength(1);
  });
});

describe('C5. documents are read in the context of a procedure that cites them', () => {
  const minutes = docOf('minutes').ref.sha256;
  const draft = docOf('draft-v1').ref.sha256;
  const legality = docOf('legality').ref.sha256;

  it('a party with ?procedure= of a procedure whose view cites it; the uploader; the auditor; nobody else', async () => {
    expect((await get(h, auditor, `/documents/${minutes}`)).status).toBe(200);
    expect((await get(h, organ, `/documents/${minutes}`)).status).toBe(200); // the uploader
    expect((await get(h, sponsor, `/documents/${minutes}`)).status).toBe(403); // no context
    expect((await get(h, sponsor, `/documents/${minutes}?procedure=${PE}`)).status).toBe(200);
    expect((await get(h, otherSponsor, `/documents/${minutes}?procedure=${PE}`)).status).toBe(403);
    expect((await get(h, expert1, `/documents/${draft}?procedure=${PANEL}`)).status).toBe(200);
    expect((await get(h, expert1, `/documents/${legality}?procedure=${PE}`)).status).toBe(403);
    expect((await get(h, expert1, `/documents/${legality}?procedure=${PANEL}`)).status).toBe(403);
    expect((await get(h, sponsor, `/documents/${minutes}?procedure=no-such-procedure`)).status).toBe(403);
    const refused = await refusalsOf(expert1.personId);
    expect(refused.filter((r) => r.route === 'downloadDocument')).toHaveLength(2);
  });
});

describe('C6. units come from the directory', () => {
  it('a token of a role of office naming a unit the directory lacks is refused, and recorded', async () => {
    const ghost = { ...organ, personId: 'p-ghost', unit: '不存在的人民政府' };
    const res = await post(h, ghost, '/procedures', { ...lightStart('holds-ghost'), decisionOrgan: ghost.unit });
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain('不存在的人民政府');
    expect(res.body.detail).toContain('not in the directory');
    await expect(h.client.workflow.getHandle('decision-procedure/holds-ghost').describe()).rejects.toThrow();
    const all = (await get(h, auditor, '/audit/refusals')).body.items as { status: number; route?: string; reason: string }[];
    expect(all.filter((r) => r.status === 401 && r.route === 'createProcedure' && r.reason.includes('不存在的人民政府'))).toHaveLength(1);
    // Outsiders are not units of the directory: their tokens still work.
    expect((await get(h, expert1, `/procedures/${PANEL}`)).status).toBe(200);
  });

  it('a procedure assigning units the directory lacks is a 400 naming each of them', async () => {
    const res = await post(h, organ, '/procedures', { ...lightStart('holds-unknown-units'), sponsorUnit: '虚构局', coSponsorUnits: [UNITS.other, '另一个虚构局'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'sponsorUnit', message: expect.stringContaining('虚构局') },
      { path: 'coSponsorUnits.1', message: expect.stringContaining('另一个虚构局') },
    ]);
    await expect(h.client.workflow.getHandle('decision-procedure/holds-unknown-units').describe()).rejects.toThrow();
  });
});
