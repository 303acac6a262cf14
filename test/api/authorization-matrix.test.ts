import type { WorkflowHandle } from '@temporalio/client';
import request from 'supertest';
import { REFUSAL_LOG_MESSAGE, ROUTE_RULES, type RouteRule } from '../../api/authorization';
import { toProblem } from '../../api/problem';
import { LIST_SCOPE } from '../../api/procedures.routes';
import { ROLES, type Actor, type Role } from '../../domain';
import { catalogUpdates, catalogWorkflowId, type CatalogCommandName } from '../../workflows/catalog.workflow';
import { commandUpdates } from '../../workflows/messages';
import { UNITS } from '../support/fixtures';
import { FIXTURE_DOCS, docOf, lightStart, postEvaluationSteps, settled, startWithEvents, trail } from './fixtures';
import { devServerHarness, tokenFor, type ApiHarness } from './harness';

/*
 * RULES.md §1 / issue #4 item 3: every cell of the one authorization table — each route ×
 * each role × (own unit, other unit). Allowed cells reach the workflow (their answer is the
 * workflow's own verdict on the same actor and payload); denied cells get 403, are logged
 * with the actor, and change nothing. The procedure is in post-evaluation, so every unit the
 * table can name (sponsor, office, organ, executing unit, evaluator) exists.
 */
let h: ApiHarness;
let procedure: WorkflowHandle;
const KEY = 'matrix-pe-1';
const ORGAN_PATH = encodeURIComponent(UNITS.organ);

/** The unit each role plays in the fixture procedure ("own"), and a unit that plays none. */
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

beforeAll(async () => {
  h = await devServerHarness({ publicRateLimit: { windowMs: 60_000, limit: 10_000 } });
  const organ = { personId: 'p-organ', name: '王市长', unit: UNITS.organ, role: 'decision_organ' as const };
  for (const name of FIXTURE_DOCS) {
    await request(h.app).post('/documents').set('Authorization', `Bearer ${await tokenFor(h.config, organ)}`).set('Content-Type', 'application/pdf').send(docOf(name).bytes).expect(201);
  }
  procedure = await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart(KEY), postEvaluationSteps()).events);
  await settled(procedure);
  const created = await request(h.app)
    .post('/catalogs')
    .set('Authorization', `Bearer ${await tokenFor(h.config, organ)}`)
    .send({ decisionOrgan: UNITS.organ, year: 2026 });
  expect(created.status).toBe(201);
  // A published catalog (of another year) for the public read.
  const auth = `Bearer ${await tokenFor(h.config, organ)}`;
  await request(h.app).post('/catalogs').set('Authorization', auth).send({ decisionOrgan: UNITS.organ, year: 2025 }).expect(201);
  const c2025 = `/catalogs/${ORGAN_PATH}/2025`;
  await request(h.app).post(`${c2025}/entries`).set('Authorization', auth).send({ entryId: '2025-01', title: '事项', category: 'public_policy' }).expect(200);
  await request(h.app).post(`${c2025}/party-consent`).set('Authorization', auth).send({ document: docOf('party').ref }).expect(200);
  await request(h.app).post(`${c2025}/publish`).set('Authorization', auth).send({ channels: ['市政府网站'] }).expect(200);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

interface Cell {
  rule: RouteRule;
  role: Role;
  unit: 'own' | 'other';
  actor: Actor;
}

const cells: Cell[] = ROUTE_RULES.flatMap((rule) =>
  ROLES.flatMap((role) =>
    (['own', 'other'] as const).map((unit, i) => ({
      rule,
      role,
      unit,
      actor: { personId: `cell-${rule.id}-${role}-${unit}-${i}`, name: '测试人员', unit: unit === 'own' ? OWN[role] : OTHER, role },
    })),
  ),
);

function allowed(c: Cell): boolean {
  if (c.rule.access === 'public') return true;
  const scope = c.rule.access[c.role];
  return scope === 'any' || (scope === 'own' && c.unit === 'own');
}

/** The request a cell sends: for "other", the resource still names the role's own unit. */
function requestFor(c: Cell): { method: 'get' | 'post'; url: string; body?: unknown; raw?: Buffer } {
  const mine = OWN[c.role];
  switch (c.rule.id) {
    case 'createProcedure':
      return { method: 'post', url: '/procedures', body: lightStart(`matrix-new-${c.role}-${c.unit}`) };
    case 'listProcedures': {
      const field = LIST_SCOPE[c.role];
      const q = field === 'awaiting' ? `awaiting=${encodeURIComponent(`${c.role}:${mine}`)}` : field ? `${field}=${encodeURIComponent(mine)}` : '';
      return { method: 'get', url: `/procedures?${q}` };
    }
    case 'uploadDocument':
      return { method: 'post', url: '/documents', raw: Buffer.from(`upload by ${c.actor.personId}`) };
    case 'downloadDocument':
      return { method: 'get', url: `/documents/${docOf('minutes').ref.sha256}` };
    case 'createCatalog':
      return { method: 'post', url: '/catalogs', body: { decisionOrgan: UNITS.organ, year: 2030 + ROLES.indexOf(c.role) } };
    case 'readPublishedCatalog':
      return { method: 'get', url: `/public/catalogs/${ORGAN_PATH}/2025` };
    case 'listCatalogs':
      return { method: 'get', url: `/catalogs?decisionOrgan=${ORGAN_PATH}` };
    case 'auditStateAsOf':
      return { method: 'get', url: `/audit/procedures/${KEY}/as-of?at=${encodeURIComponent(new Date().toISOString())}` };
    case 'auditActs':
      return { method: 'get', url: `/audit/acts?person=${encodeURIComponent('p-mayor')}` };
    case 'auditRefusals':
      return { method: 'get', url: `/audit/refusals?procedureKey=${KEY}` };
    default: {
      const path = c.rule.path
        .replace('{key}', KEY)
        .replace('{organ}', ORGAN_PATH)
        .replace('{year}', '2026')
        .replace('{sha256}', docOf('minutes').ref.sha256);
      return c.rule.method === 'post' ? { method: 'post', url: path, body: {} } : { method: 'get', url: path };
    }
  }
}

async function send(c: Cell) {
  const r = requestFor(c);
  const auth = `Bearer ${await tokenFor(h.config, c.actor)}`;
  if (r.method === 'get') return request(h.app).get(r.url).set('Authorization', auth);
  if (r.raw) return request(h.app).post(r.url).set('Authorization', auth).set('Content-Type', 'application/pdf').send(r.raw);
  return request(h.app).post(r.url).set('Authorization', auth).send(r.body as object);
}

/** The workflow's own verdict on the same actor and payload, as an HTTP status. */
async function workflowVerdict(c: Cell): Promise<number> {
  const isCatalog = c.rule.id in catalogUpdates;
  try {
    if (isCatalog) {
      await h.client.workflow.getHandle(catalogWorkflowId(UNITS.organ, 2026)).executeUpdate(catalogUpdates[c.rule.id as CatalogCommandName], { args: [{ actor: c.actor, payload: {} }] });
    } else {
      await procedure.executeUpdate(commandUpdates[c.rule.id as keyof typeof commandUpdates], { args: [{ actor: c.actor, payload: {} }] });
    }
    return 200;
  } catch (err) {
    return toProblem(err).status;
  }
}

const commandOrCatalogUpdate = (id: string) => id in commandUpdates || id in catalogUpdates;

async function snapshot() {
  const d = await procedure.describe();
  const catalog = await h.client.workflow.getHandle(catalogWorkflowId(UNITS.organ, 2026)).describe();
  return { procedure: d.historyLength, catalog: catalog.historyLength };
}

describe('RULES.md §1: the authorization matrix, every route × role × unit', () => {
  it('covers every route of the table, both units, every role', () => {
    expect(cells).toHaveLength(ROUTE_RULES.length * ROLES.length * 2);
    expect(cells.filter(allowed).length).toBeGreaterThan(100);
  });

  it('denied cells: 403 problem+json, logged with the actor, and nothing changes', async () => {
    const before = await snapshot();
    const denied = cells.filter((c) => !allowed(c));
    for (const c of denied) {
      const res = await send(c);
      expect({ cell: `${c.rule.id} ${c.role} ${c.unit}`, status: res.status }).toEqual({ cell: `${c.rule.id} ${c.role} ${c.unit}`, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await snapshot()).toEqual(before);
    // No procedure or catalog was created, no document stored, by a denied cell.
    for (const c of denied.filter((x) => x.rule.id === 'createProcedure')) {
      await expect(h.client.workflow.getHandle(`decision-procedure/matrix-new-${c.role}-${c.unit}`).describe()).rejects.toThrow();
    }
    const auditor = { personId: 'p-audit', name: '审计员', unit: '某市审计局', role: 'auditor' as const };
    for (const c of denied.filter((x) => x.rule.id === 'uploadDocument')) {
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(`upload by ${c.actor.personId}`).digest('hex');
      await request(h.app).get(`/documents/${sha}`).set('Authorization', `Bearer ${await tokenFor(h.config, auditor)}`).expect(404);
    }
    // Each refusal is in the log with who tried and where.
    const refusals = h.logs().filter((l) => l.msg === REFUSAL_LOG_MESSAGE);
    for (const c of denied) {
      expect(refusals.some((l) => (l.actor as Actor | undefined)?.personId === c.actor.personId && l.route === c.rule.id)).toBe(true);
    }
  }, 120_000);

  it('allowed cells reach the workflow: commands get the workflow’s own verdict, reads and creates succeed', async () => {
    for (const c of cells.filter(allowed)) {
      const res = await send(c);
      const cell = `${c.rule.id} ${c.role} ${c.unit}`;
      expect({ cell, forbidden: res.status === 403 }).toEqual({ cell, forbidden: false });
      if (commandOrCatalogUpdate(c.rule.id)) {
        expect({ cell, status: res.status }).toEqual({ cell, status: await workflowVerdict(c) });
      } else {
        expect({ cell, status: res.status }).toEqual({ cell, status: c.rule.method === 'post' ? 201 : 200 });
      }
    }
  }, 120_000);
});
