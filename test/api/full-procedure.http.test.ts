import request from 'supertest';
import type { Actor } from '../../domain';
import type { CommandResult } from '../../workflows/messages';
import { actors, fullStart, meeting, UNITS } from '../support/fixtures';
import { get, post, timeSkippingHarness, upload, type ApiHarness } from './harness';

/*
 * A whole procedure driven only through HTTP, each step with a token of the role (and unit)
 * that does it in life, on the time-skipping test server so the 30-day comment period and the
 * 7 working days of legality review pass in milliseconds. The API, the worker, the
 * workflow and the activities are the real ones.
 */
const DAY = 24 * 3600 * 1000;
let h: ApiHarness & { env: Awaited<ReturnType<typeof timeSkippingHarness>>['env'] };

beforeAll(async () => {
  h = await timeSkippingHarness();
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const opinions = [{ summary: '建议增加公交专用道', adopted: true }, { summary: '建议取消限行', adopted: false, reason: '与治理目标不符' }];

async function ok(who: Actor, url: string, body: unknown = {}) {
  const res = await post(h, who, url, body);
  if (res.status !== 200) throw new Error(`${url} as ${who.role}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CommandResult;
}

it('R-02 R-03 R-50 R-12 R-14 R-42 R-60 R-61 R-62 R-63 R-65: a full procedure from catalog to close, through HTTP only', async () => {
  const { organ, sponsor, office, adviser, expert1, executor, auditor } = actors;
  const key = `http-full-${Date.now()}`;
  const catalog = `/catalogs/${encodeURIComponent(UNITS.organ)}/2026`;

  // the organ's yearly catalog, consented by the Party committee and published.
  expect((await post(h, organ, '/catalogs', { decisionOrgan: UNITS.organ, year: 2026 })).status).toBe(201);
  await ok(organ, `${catalog}/entries`, { entryId: '2026-07', title: '中心城区交通拥堵治理', category: 'public_policy', sponsorUnit: UNITS.sponsor });
  await ok(organ, `${catalog}/party-consent`, { document: await upload(h, organ, 'catalog-consent') });
  await ok(organ, `${catalog}/publish`, { channels: ['市政府网站'] });
  const published = await request(h.app).get(`/public/catalogs/${encodeURIComponent(UNITS.organ)}/2026`).expect(200);
  expect(published.body.entries.map((e: { entryId: string }) => e.entryId)).toEqual(['2026-07']);

  // the decision organ starts the procedure; the sponsor's draft was uploaded first.
  const draft = await upload(h, sponsor, 'draft-v1');
  const created = await post(h, organ, '/procedures', { ...fullStart(key), draft });
  expect(created.status).toBe(201);
  expect(created.headers.location).toBe(`/procedures/${key}`);
  expect(created.body.state.stage).toBe('preparation');

  const p = (path: string) => `/procedures/${key}/${path}`;
  const hearingAt = new Date((await h.env.currentTimeMs()) + 40 * DAY).toISOString();
  await ok(sponsor, p('record-department-consultation'), { department: UNITS.other, agreed: true });
  await ok(sponsor, p('record-group-consultation'), { groups: ['出租车司机'], summary: '座谈会两次' });
  await ok(sponsor, p('open-comment-period'), { explanation: await upload(h, sponsor, 'explanation'), channels: ['市政府网站'], days: 30 });
  await ok(sponsor, p('announce-hearing'), { hearingAt, place: '市政府第一会议室', sides: ['市民', '企业'], selectionMethod: '自愿报名，随机抽取' });
  await ok(sponsor, p('publish-hearing-participants'), {
    participants: [
      { name: '市民甲', side: '市民', interestedParty: true },
      { name: '企业乙', side: '企业', interestedParty: true },
      { name: '学者丙', side: '市民', interestedParty: false },
    ],
  });
  await ok(sponsor, p('send-hearing-materials'), { documents: [await upload(h, sponsor, 'hearing-materials')] });
  await ok(sponsor, p('record-expert-panel'), {
    members: [{ personId: expert1.personId, name: expert1.name, expertise: '交通工程', perspective: '支持', directInterest: false }],
    selectionRationale: '专业性、代表性、中立性',
  });
  await ok(expert1, p('submit-expert-opinion'), { personId: expert1.personId, document: await upload(h, expert1, 'expert-1'), signed: true });
  await ok(sponsor, p('submit-expert-adoption-report'), { opinions, document: await upload(h, sponsor, 'expert-adoption') });
  await ok(sponsor, p('submit-risk-report'), {
    assessor: '某社会稳定风险评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['出租车停运'],
    measures: '分步实施', responsePlan: '应急预案', level: 'medium', document: await upload(h, sponsor, 'risk'),
  });
  await ok(organ, p('record-risk-controllability'), { controllable: true });
  await ok(sponsor, p('record-fair-competition-review'), { conclusion: '未发现排除、限制竞争的内容', document: await upload(h, sponsor, 'fcr') });

  // a premature submission is refused with every missing item, and the refusal is recorded.
  const early = await post(h, sponsor, p('submit-to-discussion'));
  expect(early.status).toBe(409);
  expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(early.body.missing.map((m: { item: string }) => m.item).sort()).toEqual([
    'hearing.record', 'legality.adoption', 'legality.opinion', 'legality.submission', 'participation.adoptionReport', 'participation.closed',
  ]);
  // the opinion waits on the submission, so the sponsor, who can act now, is named for it.
  expect(early.body.missing.find((m: { item: string }) => m.item === 'legality.opinion')).toMatchObject({
    ruleId: 'R-40',
    responsible: { role: 'sponsor', unit: UNITS.sponsor },
    waitingOn: 'legality.submission',
  });
  const afterRefusal = await get(h, sponsor, `/procedures/${key}`);
  expect(afterRefusal.body.refusals).toHaveLength(1);
  expect(afterRefusal.body.refusals[0]).toMatchObject({ command: 'submitToDiscussion', actor: { personId: sponsor.personId } });

  await h.env.sleep(41 * DAY);
  await ok(sponsor, p('close-comment-period'));
  await ok(sponsor, p('submit-participation-adoption-report'), { opinions, document: await upload(h, sponsor, 'adoption') });
  await ok(sponsor, p('record-hearing'), { document: await upload(h, sponsor, 'hearing-record'), signedByAllParticipants: true });
  await ok(sponsor, p('submit-legality-review'), { legalBasis: '《道路交通安全法》', procedureAccount: '已完成公众参与、专家论证、风险评估' });
  // only an adviser the office engaged gives an opinion, signed as themself.
  await ok(office, p('engage-legal-advisers'), { advisers: [{ personId: adviser.personId, name: adviser.name, firm: adviser.unit }] });
  await ok(adviser, p('submit-legal-adviser-opinion'), { adviser: adviser.name, document: await upload(h, adviser, 'adviser') });
  await ok(office, p('give-legality-opinion'), {
    outcome: 'lawful', authority: '有权', procedure: '程序合法', substance: '内容合法', document: await upload(h, office, 'legality-opinion'),
  });
  await ok(sponsor, p('record-legal-opinion-adoption'), { opinions: [{ summary: '合法', adopted: true }] });

  // not before 7 working days of review.
  const tooSoon = await post(h, sponsor, p('submit-to-discussion'));
  expect(tooSoon.status).toBe(409);
  expect(tooSoon.body.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([['legality.reviewTime', 'R-42']]);
  await h.env.sleep(21 * DAY);
  await ok(sponsor, p('submit-to-discussion'));
  const minutes = await upload(h, organ, 'minutes');
  const heldAt = new Date(await h.env.currentTimeMs()).toISOString();
  const decided = await ok(organ, p('record-meeting'), { ...meeting('approve', ['approve', 'approve', 'reject']), heldAt, minutes });
  expect(decided.stage).toBe('decided');
  expect(decided).not.toHaveProperty('state');

  // R-60 before R-61.
  const decidedText = await upload(h, organ, 'decided-text');
  const unreported = await post(h, organ, p('publish-decision'), { channels: ['政府公报'], adoptionExplanation: '见采纳情况说明', document: decidedText });
  expect(unreported.status).toBe(409);
  expect(unreported.body.missing.map((m: { ruleId: string }) => m.ruleId)).toEqual(['R-60']);
  await ok(organ, p('record-party-report'), { document: await upload(h, organ, 'party-report') });
  await ok(organ, p('publish-decision'), { channels: ['政府公报', '政府网站'], adoptionExplanation: '见采纳情况说明', document: decidedText });
  await ok(organ, p('name-executing-unit'), { unit: UNITS.executor });
  await ok(executor, p('submit-execution-report'), { kind: 'periodic', document: await upload(h, executor, 'exec-1') });

  // only the head of the decision organ suspends; who is head comes from the directory, not the token.
  const notHead = await post(h, actors.organMember, p('suspend-execution'), { reason: '投诉较多', urgentGround: '收费系统故障' });
  expect(notHead.status).toBe(403);
  const suspended = await ok(organ, p('suspend-execution'), { reason: '投诉较多', urgentGround: '收费系统故障' });
  expect(suspended.stage).toBe('suspended');
  expect(suspended.events.find((e) => e.type === 'ExecutionSuspended')?.actor).toMatchObject({ personId: organ.personId, head: true });
  expect((await ok(organ, p('resume-execution'), { reason: '系统已修复' })).stage).toBe('executing');
  // execution complete; closing then is not stopping the decision.
  await ok(executor, p('submit-execution-report'), { kind: 'final', document: await upload(h, executor, 'exec-final') });
  const archived = await ok(organ, p('archive-procedure'), { archiveReference: 'DA-2026-001' });
  const filed = (await get(h, auditor, `/procedures/${key}`)).body;
  expect(archived.events.find((e) => e.type === 'ProcedureArchived')?.data).toMatchObject({ documents: filed.documents });
  expect(filed.after.archive?.documents).toEqual(filed.documents);
  const closed = await ok(organ, p('close-procedure'), { reason: '执行完毕' });
  expect(closed.stage).toBe('closed');

  // Reads after the end: the auditor's state and record, and the public's view (no names).
  const final = await get(h, auditor, `/procedures/${key}`);
  expect(final.status).toBe(200);
  expect(final.body.stage).toBe('closed');
  const record = await get(h, auditor, `/procedures/${key}/events`);
  expect(record.body.events[0]).toMatchObject({ type: 'ProcedureStarted', actor: { personId: organ.personId } });
  const before = await get(h, auditor, `/procedures/${key}?asOf=${encodeURIComponent(record.body.events[1].at)}`);
  expect(before.body.stage).toBe('preparation');
  const pub = await request(h.app).get(`/public/decisions/${key}`).expect(200);
  expect(pub.body).toMatchObject({ title: fullStart(key).title, stage: 'closed', channels: ['政府公报', '政府网站'], executingUnit: UNITS.executor });
  expect(JSON.stringify(pub.body)).not.toContain(organ.personId);

  // Nothing more can be done in an ended procedure.
  const late = await post(h, organ, p('suspend-execution'), { reason: '紧急情况' });
  expect(late.status).toBe(409);
}, 120_000);
