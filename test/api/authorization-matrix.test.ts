import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import request from 'supertest';
import { ApiRefusalLog } from '../../audit/api-refusal-log';
import { defaultKeyPath, generateSigningKey } from '../../audit/archive/signing-key';
import { InAppInbox, inboxFile } from '../../runtime/in-app-inbox';
import { ROUTE_RULES } from '../../api/authorization';
import { COMMAND_NAMES, ROLES, commandSpec, type Actor, type Role } from '../../domain';
import { catalogWorkflowId } from '../../workflows/catalog.workflow';
import { actors, meeting, UNITS } from '../support/fixtures';
import { FIXTURE_DOCS, bj, docOf, lightStart, postEvaluationSteps, settled, startWithEvents, trail } from './fixtures';
import { devServerHarness, tokenFor, type ApiHarness } from './harness';

/*
 * docs/rules.md §1 ("who acts", and "a person acts only within their role and unit"): every route ×
 * every role × (own unit, another unit). The expected verdicts are written out below from the
 * rulebook's role list — not read from the code's own table — and every command is sent with a
 * VALID body, so the workflow's own checks (unit, the panel's experts, the engaged advisers)
 * are exercised, not only the API's role column. A denied cell gets 403 with no procedure data,
 * leaves the procedure and the catalog unchanged, sends no notice, and is in the refusal log
 * exactly once. The procedure is in post-evaluation, so every unit a role can play exists.
 */

/**
 * Who may call each route, from docs/rules.md §1:
 *  - 'any': every holder of the role;
 *  - 'own': only for the unit the procedure (or the catalog, or the body) gives the role;
 *  - 'person': only the experts a panel of the procedure names / the advisers the office engaged
 *    (R-20, R-21, R-43) — the matrix's people are neither, so these cells are denied.
 * 'public' routes need no token at all. Roles not listed are refused.
 */
type Expect = 'any' | 'own' | 'person';
const SPONSOR_OWN = { sponsor: 'own' } as const;
const ORGAN_OWN = { decision_organ: 'own' } as const;
const OFFICE_OWN = { legality_office: 'own' } as const;
/** The parties of a procedure read it and its record; the auditor reads everything. */
const PARTIES = { auditor: 'any', decision_organ: 'own', sponsor: 'own', sponsor_legal_unit: 'own', legality_office: 'own', executing_unit: 'own', evaluator: 'own' } as const;
/** All who hand in documents or have duties: every role but the auditor (reads only) and the public. */
const ACTING = { decision_organ: 'any', sponsor: 'any', sponsor_legal_unit: 'any', legality_office: 'any', legal_adviser: 'any', expert: 'any', executing_unit: 'any', evaluator: 'any' } as const;

const EXPECTED: Record<string, Partial<Record<Role, Expect>> | 'public'> = {
  // R-03: the decision organ starts, for itself; a sponsoring unit launches its own item
  // (outside the catalog, as a request the organ approves or refuses).
  createProcedure: { decision_organ: 'own', sponsor: 'own' },
  approveLaunch: ORGAN_OWN,
  refuseLaunch: ORGAN_OWN,
  listProcedures: PARTIES,
  dashboardStageTimes: { decision_organ: 'own', auditor: 'any' },
  // The published procedure is public (R-61); the panel's experts and engaged advisers read it too.
  readProcedure: { ...PARTIES, expert: 'person', legal_adviser: 'person', public: 'any' },
  readProcedureEvents: PARTIES,
  // What one may do now in a procedure: whoever reads it (each offered only what their role and unit allow).
  listProcedureActions: { ...PARTIES, expert: 'person', legal_adviser: 'person', public: 'any' },
  // R-04: only the decision organ amends the required steps.
  amendRequirements: ORGAN_OWN,
  // The sponsor drafts and runs participation, expert review and risk assessment; submits to review and discussion.
  reviseDraft: SPONSOR_OWN,
  recordCostBenefitAnalysis: SPONSOR_OWN,
  recordDepartmentConsultation: SPONSOR_OWN,
  openCommentPeriod: SPONSOR_OWN,
  recordPublicComment: { sponsor: 'own', public: 'any' },
  closeCommentPeriod: SPONSOR_OWN,
  submitParticipationAdoptionReport: SPONSOR_OWN,
  recordGroupConsultation: SPONSOR_OWN,
  announceHearing: SPONSOR_OWN,
  publishHearingParticipants: SPONSOR_OWN,
  sendHearingMaterials: SPONSOR_OWN,
  recordHearing: SPONSOR_OWN,
  recordExpertPanel: SPONSOR_OWN,
  // R-19 R-21: experts give their own signed opinions; the sponsor files a signed paper one.
  submitExpertOpinion: { expert: 'person', sponsor: 'own' },
  submitExpertAdoptionReport: SPONSOR_OWN,
  submitRiskReport: SPONSOR_OWN,
  // R-31: the decision organ records whether the risk is controllable.
  recordRiskControllability: ORGAN_OWN,
  recordFairCompetitionReview: SPONSOR_OWN,
  // R-46: the sponsor's own legal unit reviews first.
  giveFirstLevelLegalityOpinion: { sponsor_legal_unit: 'own' },
  submitLegalityReview: SPONSOR_OWN,
  // The legality-review office reviews, returns, engages advisers (R-41, R-43, R-48).
  returnForSupplement: OFFICE_OWN,
  engageLegalAdvisers: OFFICE_OWN,
  // R-43 [D§28]: legal advisers and public lawyers give opinions inside the review.
  submitLegalAdviserOpinion: { legal_adviser: 'person' },
  giveLegalityOpinion: OFFICE_OWN,
  extendLegalityDeadline: OFFICE_OWN,
  recordLegalOpinionAdoption: SPONSOR_OWN,
  submitToDiscussion: SPONSOR_OWN,
  // The decision organ discusses, decides, reports, publishes, names the executor, orders evaluation, suspends.
  scheduleMeeting: ORGAN_OWN,
  recordMeeting: ORGAN_OWN,
  recordPartyReport: ORGAN_OWN,
  recordPeoplesCongressReport: ORGAN_OWN,
  publishDecision: ORGAN_OWN,
  archiveProcedure: ORGAN_OWN,
  nameExecutingUnit: ORGAN_OWN,
  // R-63: the executing unit reports; the public may send opinions on execution at any time
  // (the organ and the executing unit record those that reach them).
  submitExecutionReport: { executing_unit: 'own' },
  recordPublicExecutionOpinion: { public: 'any', decision_organ: 'own', executing_unit: 'own' },
  orderPostEvaluation: ORGAN_OWN,
  // R-64: the evaluator evaluates.
  submitEvaluationReport: { evaluator: 'own' },
  // R-65: suspension, resumption, amendment; and the close.
  suspendExecution: ORGAN_OWN,
  resumeExecution: ORGAN_OWN,
  startAmendment: ORGAN_OWN,
  closeProcedure: ORGAN_OWN,
  myTasks: ACTING,
  // Each reads their own notices and marks them read: every role with a token.
  myNotices: { decision_organ: 'any', sponsor: 'any', legality_office: 'any', sponsor_legal_unit: 'any', legal_adviser: 'any', expert: 'any', executing_unit: 'any', evaluator: 'any', auditor: 'any', public: 'any' },
  markNoticeRead: { decision_organ: 'any', sponsor: 'any', legality_office: 'any', sponsor_legal_unit: 'any', legal_adviser: 'any', expert: 'any', executing_unit: 'any', evaluator: 'any', auditor: 'any', public: 'any' },
  uploadDocument: ACTING,
  // A document by hash: the auditor; a party in the context of a procedure citing it.
  downloadDocument: { auditor: 'any', decision_organ: 'own', sponsor: 'own', sponsor_legal_unit: 'own', legality_office: 'own', executing_unit: 'own', evaluator: 'own', expert: 'person', legal_adviser: 'person' },
  // R-02: the organ's catalog; auditors read it.
  createCatalog: ORGAN_OWN,
  listCatalogs: { decision_organ: 'own', auditor: 'any' },
  readCatalog: { decision_organ: 'own', auditor: 'any' },
  addCatalogEntry: ORGAN_OWN,
  recordCatalogPartyConsent: ORGAN_OWN,
  publishCatalog: ORGAN_OWN,
  // R-02: the organ adjusts its published catalog as a new version.
  startCatalogAdjustment: ORGAN_OWN,
  withdrawCatalogEntry: ORGAN_OWN,
  // Planning dates come from policy and the calendar, about no procedure: every role with a token.
  planPeriods: { decision_organ: 'any', sponsor: 'any', legality_office: 'any', sponsor_legal_unit: 'any', legal_adviser: 'any', expert: 'any', executing_unit: 'any', evaluator: 'any', auditor: 'any', public: 'any' },
  // The forms are the API's body schemas, about no procedure: every role with a token.
  readForms: { decision_organ: 'any', sponsor: 'any', legality_office: 'any', sponsor_legal_unit: 'any', legal_adviser: 'any', expert: 'any', executing_unit: 'any', evaluator: 'any', auditor: 'any', public: 'any' },
  // R-10: drafts open for public comment, their explanation and the documents they published.
  listPublicConsultations: 'public',
  readPublicConsultation: 'public',
  downloadConsultationDocument: 'public',
  listPublishedDecisions: 'public',
  readPublishedDecision: 'public',
  readPublishedCatalog: 'public',
  // Sign-in hands tokens out: no token needed (api/auth.routes.ts).
  authConfig: 'public',
  listDevSignInPeople: 'public',
  devSignIn: 'public',
  oidcLogin: 'public',
  oidcCallback: 'public',
  exchangeSignInTicket: 'public',
  // Auditors read everything, change nothing.
  auditTimeline: { auditor: 'any' },
  auditStateAsOf: { auditor: 'any' },
  auditReplay: { auditor: 'any' },
  auditArchive: { auditor: 'any' },
  auditActs: { auditor: 'any' },
  auditDelayed: { auditor: 'any' },
  auditRefusals: { auditor: 'any' },
  metrics: 'public',
  openapi: 'public',
  docs: 'public',
};

let h: ApiHarness;
let procedure: WorkflowHandle;
const KEY = 'matrix-pe-1';
const TITLE = lightStart(KEY).title;
const ORGAN_PATH = encodeURIComponent(UNITS.organ);

/** The unit each role plays in the fixture procedure ("own"), and a unit (in the directory) that plays none. */
const OWN: Record<Role, string> = {
  decision_organ: UNITS.organ,
  sponsor: UNITS.sponsor,
  sponsor_legal_unit: UNITS.sponsor,
  legality_office: UNITS.office,
  executing_unit: UNITS.executor,
  evaluator: UNITS.evaluator,
  expert: '某大学',
  legal_adviser: '某律师事务所',
  auditor: '某市审计局',
  public: '个人',
};
const OTHER = '某县人民政府办公室';
/** A notice to every holder of the role, whatever their unit (written into the inbox before the cells run). */
const matrixNoticeId = (role: Role) => `matrix-notice|${role}`;

beforeAll(async () => {
  h = await devServerHarness({ publicRateLimit: { windowMs: 60_000, limit: 10_000 } });
  const organ = actors.organ;
  const auth = `Bearer ${await tokenFor(h.config, organ)}`;
  for (const name of [...FIXTURE_DOCS, 'matrix-body']) {
    await request(h.app).post('/documents').set('Authorization', auth).set('Content-Type', 'application/pdf').send(docOf(name).bytes).expect(201);
  }
  const inbox = new InAppInbox(inboxFile(h.config));
  for (const role of ROLES) {
    await inbox.deliver({ id: matrixNoticeId(role), procedureKey: 'matrix-notices', recipient: { role }, subject: '通知', body: '正文', at: new Date().toISOString() });
  }
  // The archive's signing key, as an operator makes it (npm run audit -- keygen).
  generateSigningKey(defaultKeyPath(h.config.dataDir));
  procedure = await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart(KEY), postEvaluationSteps()).events);
  await settled(procedure);
  await request(h.app).post('/catalogs').set('Authorization', auth).send({ decisionOrgan: UNITS.organ, year: 2026 }).expect(201);
  // A published catalog (of another year) for the public read.
  await request(h.app).post('/catalogs').set('Authorization', auth).send({ decisionOrgan: UNITS.organ, year: 2025 }).expect(201);
  const c2025 = `/catalogs/${ORGAN_PATH}/2025`;
  await request(h.app).post(`${c2025}/entries`).set('Authorization', auth).send({ entryId: '2025-01', title: '事项', category: 'public_policy' }).expect(200);
  await request(h.app).post(`${c2025}/party-consent`).set('Authorization', auth).send({ document: docOf('party').ref }).expect(200);
  await request(h.app).post(`${c2025}/publish`).set('Authorization', auth).send({ channels: ['市政府网站'] }).expect(200);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const doc = docOf('matrix-body').ref;
const opinions = [{ summary: '意见', adopted: true }];

/** A valid body for every command (shape and substance), whatever the stage. */
const BODIES: Record<string, (c: Cell) => unknown> = {
  approveLaunch: () => ({ note: '同意启动' }),
  refuseLaunch: () => ({ reason: '不属于本年度重点工作' }),
  amendRequirements: () => ({ changes: [{ step: 'hearing', required: true, reason: '分歧较大' }] }),
  reviseDraft: () => ({ document: doc, reason: '根据意见修改' }),
  recordCostBenefitAnalysis: () => ({ costBenefit: '成本效益说明', options: [] }),
  recordDepartmentConsultation: () => ({ department: UNITS.other, agreed: true }),
  openCommentPeriod: () => ({ explanation: doc, channels: ['市政府网站'], days: 30 }),
  recordPublicComment: () => ({ receivedAt: new Date().toISOString(), channel: '网站' }),
  closeCommentPeriod: () => ({}),
  submitParticipationAdoptionReport: () => ({ opinions, document: doc }),
  recordGroupConsultation: () => ({ groups: ['出租车司机'], summary: '座谈会' }),
  announceHearing: () => ({ hearingAt: bj('2027-01-20'), place: '会议室', sides: ['市民', '企业'], selectionMethod: '自愿报名，随机抽取' }),
  publishHearingParticipants: () => ({ participants: [{ name: '甲', side: '市民', interestedParty: true }, { name: '乙', side: '企业', interestedParty: true }] }),
  sendHearingMaterials: () => ({ documents: [doc] }),
  recordHearing: () => ({ document: doc, signedByAllParticipants: true }),
  recordExpertPanel: () => ({ members: [{ personId: 'e-1', name: '陈教授', expertise: '交通工程', perspective: '中立', directInterest: false }], selectionRationale: '专业性' }),
  // The expert signs their own; the sponsor files a signed paper opinion (R-21).
  submitExpertOpinion: (c) => (c.role === 'sponsor' ? { personId: 'e-1', document: doc, signed: true, filedOnPaper: true } : { personId: c.actor.personId, document: doc, signed: true }),
  submitExpertAdoptionReport: () => ({ opinions, document: doc }),
  submitRiskReport: () => ({ assessor: '评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['停运'], measures: '分步', responsePlan: '预案', level: 'low', document: doc }),
  recordRiskControllability: () => ({ controllable: true }),
  recordFairCompetitionReview: () => ({ conclusion: '未发现排除、限制竞争的内容', document: doc }),
  giveFirstLevelLegalityOpinion: () => ({ conclusion: '合法', document: doc }),
  submitLegalityReview: () => ({ legalBasis: '依据', procedureAccount: '已履行程序' }),
  returnForSupplement: () => ({ missingItems: ['风险评估报告'] }),
  engageLegalAdvisers: () => ({ advisers: [{ personId: 'p-lawyer-2', name: '钱律师' }] }),
  submitLegalAdviserOpinion: (c) => ({ adviser: c.actor.name, document: doc }),
  giveLegalityOpinion: () => ({ outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc }),
  extendLegalityDeadline: () => ({ workingDays: 5, reason: '情况复杂' }),
  recordLegalOpinionAdoption: () => ({ opinions }),
  submitToDiscussion: () => ({}),
  scheduleMeeting: () => ({ meetingType: 'executive', scheduledAt: bj('2027-01-20') }),
  recordMeeting: () => ({ ...meeting('approve', ['approve', 'approve']), heldAt: new Date().toISOString(), minutes: doc }),
  recordPartyReport: () => ({ document: doc }),
  recordPeoplesCongressReport: () => ({ document: doc }),
  publishDecision: () => ({ channels: ['政府公报'], adoptionExplanation: '见说明' }),
  archiveProcedure: () => ({ archiveReference: 'DA-MATRIX' }),
  nameExecutingUnit: () => ({ unit: UNITS.executor }),
  submitExecutionReport: () => ({ kind: 'periodic', document: doc }),
  recordPublicExecutionOpinion: () => ({ channel: '网站' }),
  orderPostEvaluation: () => ({ ground: 'organ_need', evaluatorUnit: UNITS.evaluator, thirdParty: true }),
  submitEvaluationReport: () => ({ document: doc }),
  suspendExecution: () => ({ reason: '紧急情况', urgentGround: '收费系统故障' }),
  resumeExecution: () => ({ reason: '情况消除' }),
  startAmendment: (c) => ({ reason: '重大调整', procedure: lightStart(`matrix-amend-${c.role}-${c.unit}`) }),
  closeProcedure: () => ({ reason: '执行完毕' }),
};

interface Cell {
  id: string;
  role: Role;
  unit: 'own' | 'other';
  actor: Actor;
}

/**
 * R-65: within the decision organ only its head suspends; who is head comes from the directory
 * (the harness marks the mayor), so the organ's own cell for suspending is the mayor.
 */
const headCell = (id: string, role: Role, unit: 'own' | 'other') => id === 'suspendExecution' && role === 'decision_organ' && unit === 'own';

const cells: Cell[] = Object.keys(EXPECTED).flatMap((id) =>
  ROLES.flatMap((role) =>
    (['own', 'other'] as const).map((unit) => ({
      id,
      role,
      unit,
      actor: { personId: headCell(id, role, unit) ? actors.organ.personId : `cell-${id}-${role}-${unit}`, name: `测试${role}`, unit: unit === 'own' ? OWN[role] : OTHER, role },
    })),
  ),
);

/** The verdict the rulebook expects for the cell. */
function allowed(c: Cell): boolean {
  const row = EXPECTED[c.id];
  if (row === undefined) throw new Error(`no expectation for ${c.id}`);
  if (row === 'public') return true;
  const e = row[c.role];
  return e === 'any' || (e === 'own' && c.unit === 'own');
}

const isCommand = (id: string) => (COMMAND_NAMES as string[]).includes(id);
const commandUrl = (id: string) => `/procedures/${KEY}/${id.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`;

/** The request a cell sends: for "other", the resource still names the role's own unit. */
function requestFor(c: Cell): { method: 'get' | 'post'; url: string; body?: unknown; raw?: Buffer } {
  const mine = OWN[c.role];
  const listField: Partial<Record<Role, string>> = { decision_organ: 'decisionOrgan', sponsor: 'sponsorUnit', sponsor_legal_unit: 'sponsorUnit' };
  const catalog = `/catalogs/${ORGAN_PATH}/2026`;
  if (isCommand(c.id)) {
    const body = BODIES[c.id];
    if (!body) throw new Error(`no body for ${c.id}`);
    return { method: 'post', url: commandUrl(c.id), body: body(c) };
  }
  switch (c.id) {
    case 'createProcedure':
      return { method: 'post', url: '/procedures', body: lightStart(`matrix-new-${c.role}-${c.unit}`) };
    case 'listProcedures': {
      const field = listField[c.role];
      const q = field ? `${field}=${encodeURIComponent(mine)}` : ['legality_office', 'executing_unit', 'evaluator'].includes(c.role) ? `awaiting=${encodeURIComponent(`${c.role}:${mine}`)}` : '';
      return { method: 'get', url: `/procedures?${q}` };
    }
    case 'dashboardStageTimes':
      return { method: 'get', url: `/dashboard/stage-times${c.role === 'decision_organ' ? `?decisionOrgan=${encodeURIComponent(mine)}` : ''}` };
    case 'readProcedure':
      return { method: 'get', url: `/procedures/${KEY}` };
    case 'readProcedureEvents':
      return { method: 'get', url: `/procedures/${KEY}/events` };
    case 'listProcedureActions':
      return { method: 'get', url: `/procedures/${KEY}/actions` };
    case 'readForms':
      return { method: 'get', url: '/forms' };
    case 'myTasks':
      return { method: 'get', url: '/me/tasks' };
    case 'myNotices':
      return { method: 'get', url: '/me/notices' };
    case 'markNoticeRead':
      return { method: 'post', url: `/me/notices/${encodeURIComponent(matrixNoticeId(c.role))}/read` };
    case 'uploadDocument':
      return { method: 'post', url: '/documents', raw: Buffer.from(`upload by ${c.actor.personId}`) };
    case 'downloadDocument':
      return { method: 'get', url: `/documents/${docOf('draft-v1').ref.sha256}?procedure=${KEY}` };
    case 'createCatalog':
      return { method: 'post', url: '/catalogs', body: { decisionOrgan: UNITS.organ, year: 2030 + ROLES.indexOf(c.role) * 2 + (c.unit === 'own' ? 0 : 1) } };
    case 'listCatalogs':
      return { method: 'get', url: `/catalogs?decisionOrgan=${ORGAN_PATH}` };
    case 'readCatalog':
      return { method: 'get', url: catalog };
    case 'addCatalogEntry':
      return { method: 'post', url: `${catalog}/entries`, body: { entryId: `2026-${c.role}-${c.unit}`, title: '事项', category: 'public_policy' } };
    case 'recordCatalogPartyConsent':
      return { method: 'post', url: `${catalog}/party-consent`, body: { document: doc } };
    case 'publishCatalog':
      return { method: 'post', url: `${catalog}/publish`, body: { channels: ['市政府网站'] } };
    case 'startCatalogAdjustment':
      return { method: 'post', url: `${catalog}/adjustments`, body: { reason: '年度中期调整' } };
    case 'withdrawCatalogEntry':
      return { method: 'post', url: `${catalog}/withdrawals`, body: { entryId: `2026-${c.role}-${c.unit}`, reason: '不再列入' } };
    case 'planPeriods':
      return { method: 'get', url: `/planning/periods?from=${encodeURIComponent('2026-09-20T10:00:00+08:00')}` };
    case 'listPublicConsultations':
      return { method: 'get', url: '/public/consultations' };
    case 'readPublicConsultation':
      return { method: 'get', url: `/public/consultations/${KEY}` };
    case 'downloadConsultationDocument':
      return { method: 'get', url: `/public/consultations/${KEY}/documents/${docOf('explanation').ref.sha256}` };
    case 'listPublishedDecisions':
      return { method: 'get', url: '/public/decisions' };
    case 'readPublishedDecision':
      return { method: 'get', url: `/public/decisions/${KEY}` };
    case 'readPublishedCatalog':
      return { method: 'get', url: `/public/catalogs/${ORGAN_PATH}/2025` };
    case 'auditTimeline':
      return { method: 'get', url: `/audit/procedures/${KEY}/timeline` };
    case 'auditStateAsOf':
      return { method: 'get', url: `/audit/procedures/${KEY}/as-of?at=${encodeURIComponent(new Date().toISOString())}` };
    case 'auditReplay':
      return { method: 'get', url: `/audit/procedures/${KEY}/replay` };
    case 'auditArchive':
      return { method: 'get', url: `/audit/procedures/${KEY}/archive` };
    case 'auditActs':
      return { method: 'get', url: `/audit/acts?person=${encodeURIComponent('p-mayor')}` };
    case 'auditDelayed':
      return { method: 'get', url: '/audit/delayed' };
    case 'auditRefusals':
      return { method: 'get', url: `/audit/refusals?procedureKey=${KEY}` };
    case 'authConfig':
      return { method: 'get', url: '/auth/config' };
    case 'listDevSignInPeople':
      return { method: 'get', url: '/auth/dev/people' };
    case 'devSignIn':
      return { method: 'post', url: '/auth/dev/sign-in', body: { personId: actors.organ.personId } };
    case 'oidcLogin':
      return { method: 'get', url: '/auth/oidc/login' };
    case 'oidcCallback':
      return { method: 'get', url: `/auth/oidc/callback?state=matrix-${c.role}-${c.unit}&code=x` };
    case 'exchangeSignInTicket':
      return { method: 'post', url: '/auth/oidc/ticket', body: { ticket: `matrix-${c.role}-${c.unit}` } };
    case 'metrics':
      return { method: 'get', url: '/metrics' };
    case 'openapi':
      return { method: 'get', url: '/openapi.json' };
    case 'docs':
      return { method: 'get', url: '/docs' };
    default:
      throw new Error(`no request for ${c.id}`);
  }
}

/**
 * Sign-in routes answer what they answer whoever calls: the harness (embedded mode) has the dev
 * sign-in, whose token is a 200, and no OIDC issuer, so the OIDC routes are absent (404);
 * test/api/oidc.test.ts runs them against a real issuer.
 */
const SIGN_IN_STATUS: Record<string, number> = { devSignIn: 200, oidcLogin: 404, oidcCallback: 404, exchangeSignInTicket: 404 };
/** The matrix's procedure is past its comment period: there is no consultation to read, with or without a token (R-10). */
const NOT_OPEN_STATUS: Record<string, number> = { readPublicConsultation: 404, downloadConsultationDocument: 404 };

async function send(c: Cell) {
  const r = requestFor(c);
  const auth = `Bearer ${await tokenFor(h.config, c.actor)}`;
  if (r.method === 'get') return request(h.app).get(r.url).set('Authorization', auth);
  if (r.raw) return request(h.app).post(r.url).set('Authorization', auth).set('Content-Type', 'application/pdf').send(r.raw);
  return request(h.app).post(r.url).set('Authorization', auth).send(r.body as object);
}

async function snapshot() {
  const d = await procedure.describe();
  const catalog = await h.client.workflow.getHandle(catalogWorkflowId(UNITS.organ, 2026)).describe();
  return { procedure: d.historyLength, catalog: catalog.historyLength };
}

/** In-app notices of the fixture procedure (the worker's inbox, activities/index.ts). */
function notices(): number {
  try {
    return readFileSync(path.join(h.config.dataDir, 'notifications', 'in-app.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(`"procedureKey":"${KEY}"`)).length;
  } catch {
    return 0;
  }
}

describe('docs/rules.md §1: the authorization matrix, every route × role × unit, against the rulebook', () => {
  it('covers every route of the API, every role, both units; every command body is valid', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ROUTE_RULES.map((r) => r.id).sort());
    expect(cells).toHaveLength(ROUTE_RULES.length * ROLES.length * 2);
    for (const name of COMMAND_NAMES) {
      for (const role of ROLES) {
        const c = cells.find((x) => x.id === name && x.role === role);
        if (!c) throw new Error(`no cell for ${name}`);
        expect(() => commandSpec(name).schema.parse(BODIES[name]?.(c))).not.toThrow();
      }
    }
  });

  it('denied cells: 403 without procedure data, one refusal-log entry each, no history change, no notice', async () => {
    await settled(procedure);
    const before = await snapshot();
    const noticesBefore = notices();
    const denied = cells.filter((c) => !allowed(c));
    expect(denied.length).toBeGreaterThan(500);
    for (const c of denied) {
      const res = await send(c);
      const cell = `${c.id} ${c.role} ${c.unit}`;
      expect({ cell, status: res.status }).toEqual({ cell, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = JSON.stringify(res.body);
      expect({ cell, leaks: [TITLE, '"stage"', '"events"', '"state"', '"legality"'].filter((s) => body.includes(s)) }).toEqual({ cell, leaks: [] });
    }
    await settled(procedure);
    expect(await snapshot()).toEqual(before);
    expect(notices()).toBe(noticesBefore);
    // No procedure or catalog was created, no document stored, by a denied cell.
    for (const c of denied.filter((x) => x.id === 'createProcedure')) {
      await expect(h.client.workflow.getHandle(`decision-procedure/matrix-new-${c.role}-${c.unit}`).describe()).rejects.toThrow();
    }
    const auditor = `Bearer ${await tokenFor(h.config, actors.auditor)}`;
    const { createHash } = await import('node:crypto');
    for (const c of denied.filter((x) => x.id === 'uploadDocument')) {
      const sha = createHash('sha256').update(`upload by ${c.actor.personId}`).digest('hex');
      await request(h.app).get(`/documents/${sha}`).set('Authorization', auditor).expect(404);
    }
    // Each refusal is in the durable refusal log exactly once, with who tried and where.
    const log = await ApiRefusalLog.inDataDir(h.config.dataDir).list();
    for (const c of denied) {
      const mine = log.filter((r) => r.actor?.personId === c.actor.personId);
      expect({ cell: `${c.id} ${c.role} ${c.unit}`, entries: mine.map((r) => [r.status, r.route]) }).toEqual({ cell: `${c.id} ${c.role} ${c.unit}`, entries: [[403, c.id]] });
    }
  }, 300_000);

  it('allowed cells pass the authorization: reads and creates succeed, commands get the workflow’s verdict on the stage', async () => {
    for (const c of cells.filter(allowed)) {
      const res = await send(c);
      const cell = `${c.id} ${c.role} ${c.unit}`;
      if (isCommand(c.id) || ['addCatalogEntry', 'recordCatalogPartyConsent', 'publishCatalog', 'startCatalogAdjustment', 'withdrawCatalogEntry'].includes(c.id)) {
        // Post-evaluation: most commands are out of their stage (409) or their gate (409, 422); none is refused for who asks.
        expect({ cell, ok: [200, 409, 422].includes(res.status) }).toEqual({ cell, ok: true });
      } else {
        const status = c.id === 'markNoticeRead' ? 204 : SIGN_IN_STATUS[c.id] ?? NOT_OPEN_STATUS[c.id] ?? (requestFor(c).method === 'post' ? 201 : 200);
        expect({ cell, status: res.status }).toEqual({ cell, status });
      }
    }
  }, 300_000);
});
