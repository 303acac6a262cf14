import type { WorkflowExecutionInfo } from '@temporalio/client';
import { Router } from 'express';
import { z } from 'zod';
import { eventsVisibleTo, fold, procedureViewFor, startProcedure, startProcedureSchema, type ProcedureState, type Role } from '../domain';
import { procedureKeyOf, procedureWorkflowId } from '../workflows/ids';
import { procedureEventsQuery, type DecisionProcedureInput } from '../workflows/messages';
import { WORKFLOW_VERSION, stageEntriesIndexed } from '../workflows/patches';
import { searchAttributesAtStart } from '../workflows/search';
import { actorOf, forbid, guard, partyUnits, requireOwnUnit, requireReader, scopeOf } from './authorization';
import { assertCatalogEntry } from './catalog-entry';
import type { RouteContext } from './context';
import { assertDocumentsStored } from './documents/references';
import { handle, parseWith, requireJson } from './http';
import { ApiProblem, invalidInput } from './problem';
import { procedureHandle, procedureLocation, queryState, startOnce } from './procedure-calls';
import { PUBLIC_LISTING_MEMO, publicListingOf } from './public-listing';
import type { RouteDoc } from './route-doc';
import { buildQuery, listPage, procedureClauses, procedureFilterSchema, sa, stageCounts, type ProcedureFilter } from './visibility';

/** The create body: the domain's start payload. `amends` is set only by the startAmendment command. */
export const createProcedureSchema = startProcedureSchema.omit({ amends: true }).extend({
  /** Whose rules the procedure pins (docs/rules.md *policy*); the configured default when absent. */
  jurisdiction: z.string().min(1).max(64).optional().meta({ title: '适用的辖区规则' }),
});
const asOfQuery = z.object({ asOf: z.iso.datetime({ offset: true }).optional() });
const keyParams = z.object({ key: z.string() });

/**
 * Lists are narrowed to the caller's own unit: which filter carries it depends on the role.
 * A filter naming another unit is refused (403) rather than silently emptied.
 */
export const LIST_SCOPE: Partial<Record<Role, 'decisionOrgan' | 'sponsorUnit' | 'awaiting'>> = {
  decision_organ: 'decisionOrgan',
  sponsor: 'sponsorUnit',
  sponsor_legal_unit: 'sponsorUnit',
  legality_office: 'awaiting',
  executing_unit: 'awaiting',
  evaluator: 'awaiting',
};

export const procedureSummarySchema = z.object({
  procedureKey: z.string(),
  href: z.string(),
  stage: z.string().optional(),
  sponsorUnit: z.string().optional(),
  decisionOrgan: z.string().optional(),
  category: z.string().optional(),
  awaitingParties: z.array(z.string()),
  nextDeadline: z.string().optional(),
  catalogYear: z.number().optional(),
  delayed: z.boolean().optional(),
  overdue: z.boolean().optional(),
  status: z.string(),
  startedAt: z.string(),
});

function summaryOf(w: WorkflowExecutionInfo): z.infer<typeof procedureSummarySchema> {
  const get = w.typedSearchAttributes;
  const key = procedureKeyOf(w.workflowId) ?? w.workflowId;
  const opt = <T>(name: string, v: T | undefined) => (v === undefined ? {} : { [name]: v });
  return {
    procedureKey: key,
    href: procedureLocation(key),
    ...opt('stage', get.get(sa.ProcedureStage)),
    ...opt('sponsorUnit', get.get(sa.SponsorUnit)),
    ...opt('decisionOrgan', get.get(sa.DecisionOrgan)),
    ...opt('category', get.get(sa.DecisionCategory)),
    awaitingParties: get.get(sa.AwaitingParties) ?? [],
    ...opt('nextDeadline', get.get(sa.NextDeadline)?.toISOString()),
    ...opt('catalogYear', get.get(sa.CatalogYear)),
    ...opt('delayed', get.get(sa.Delayed)),
    ...opt('overdue', get.get(sa.Overdue)),
    status: w.status.name,
    startedAt: w.startTime.toISOString(),
  };
}

export function proceduresRouter(ctx: RouteContext): Router {
  const router = Router();

  router.post(
    '/procedures',
    guard(ctx.verify, 'createProcedure'),
    requireJson,
    handle(ctx.idempotency, async ({ req, res, idempotency }) => {
      const actor = actorOf(res);
      const { jurisdiction, ...start } = parseWith(createProcedureSchema, req.body, 'body');
      // the organ starts for itself; a sponsoring unit launches its own item.
      requireOwnUnit(req, res, [actor.role === 'sponsor' ? start.sponsorUnit : start.decisionOrgan]);
      // Only units of the directory can be assigned a part in a procedure.
      const named: [string, string][] = [
        ['decisionOrgan', start.decisionOrgan],
        ['sponsorUnit', start.sponsorUnit],
        ['legalityOffice', start.legalityOffice],
        ...start.coSponsorUnits.map((u, i): [string, string] => [`coSponsorUnits.${i}`, u]),
      ];
      const unknown = new Set(await ctx.directory.unknown(named.map(([, u]) => u)));
      if (unknown.size > 0) {
        throw invalidInput(
          named.filter(([, u]) => unknown.has(u)).map(([field, u]) => ({ path: field, message: `单位「${u}」不在通讯录中 / unit ${u} is not in the directory` })),
          `通讯录中没有这些单位：${[...unknown].join('、')} / units not in the directory: ${[...unknown].join(', ')}`,
        );
      }
      const { policy, calendar } = ctx.rules(jurisdiction);
      // refused here as 4xx rather than as a failed workflow.
      const receivedAt = new Date().toISOString();
      const first = startProcedure(start, { now: receivedAt, actor, calendar }, policy);
      await assertCatalogEntry(ctx.client, start, actor, (reason) => forbid(req, res, reason));
      await assertDocumentsStored(ctx.documents, start);
      const input: DecisionProcedureInput = { start, actor, policy, calendar: calendar.toData(), receivedAt, version: WORKFLOW_VERSION };
      const started = await startOnce(
        ctx.client,
        'decisionProcedure',
        {
          workflowId: procedureWorkflowId(start.procedureKey),
          taskQueue: ctx.config.temporal.taskQueue,
          args: [input],
          // Listed and in the inboxes from the start; the workflow's first task then upserts nothing.
          typedSearchAttributes: searchAttributesAtStart(fold([first]) as ProcedureState, stageEntriesIndexed(WORKFLOW_VERSION)),
          // What the public list needs beyond the search attributes, fixed at the start (api/public-listing.ts).
          memo: { [PUBLIC_LISTING_MEMO]: publicListingOf(start) },
        },
        idempotency,
        receivedAt,
      );
      // The answer is the start event the workflow records (stamped with the first start's
      // receipt time), decided here: no query after the start (ARCHITECTURE decision 8).
      const events = [startProcedure(start, { now: started.receivedAt, actor, calendar }, policy)];
      const location = procedureLocation(start.procedureKey);
      return { status: 201, headers: { Location: location }, body: { procedureKey: start.procedureKey, href: location, state: fold(events.slice(0, 1)) } };
    }),
  );

  router.get(
    '/procedures',
    guard(ctx.verify, 'listProcedures'),
    handle(null, async ({ req, res }) => {
      const filter: ProcedureFilter = parseWith(procedureFilterSchema, req.query, 'query');
      const actor = actorOf(res);
      const field = LIST_SCOPE[actor.role];
      if (scopeOf(res) === 'own' && field) {
        const mine = field === 'awaiting' ? `${actor.role}:${actor.unit}` : actor.unit;
        if (filter[field] !== undefined && filter[field] !== mine) requireOwnUnit(req, res, []);
        filter[field] = mine;
      }
      const clauses = procedureClauses(filter);
      const query = buildQuery(clauses);
      // The first page and the counts are kept briefly (api/list-cache.ts); later pages are not.
      const [page, counts] = await Promise.all([
        filter.pageToken
          ? listPage(ctx.client, clauses, filter.pageSize, filter.pageToken)
          : ctx.lists.get(`page ${filter.pageSize} ${query}`, () => listPage(ctx.client, clauses, filter.pageSize)),
        filter.counts === 'true' ? ctx.lists.get(`counts ${query}`, () => stageCounts(ctx.client, clauses)) : undefined,
      ]);
      return {
        status: 200,
        body: { items: page.executions.map(summaryOf), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}), ...(counts ? { counts } : {}) },
      };
    }),
  );

  router.get(
    '/procedures/:key',
    guard(ctx.verify, 'readProcedure'),
    handle(null, async ({ req, res }) => {
      const { asOf } = parseWith(asOfQuery, req.query, 'query');
      const { handle: h } = procedureHandle(ctx.client, req);
      const state = await queryState(h);
      const actor = actorOf(res);
      requireReader(req, res, state);
      // Each role reads its own view (domain/views.ts); auditors and the decision organ all of it.
      if (!asOf) return { status: 200, body: procedureViewFor(state, actor) };
      // ARCHITECTURE decision 3: the state as of an instant is the fold of the events up to it.
      const events = await h.query(procedureEventsQuery);
      const then = fold(events.filter((e) => Date.parse(e.at) <= Date.parse(asOf)));
      if (!then) throw new ApiProblem('not-found', `该程序在 ${asOf} 尚未启动 / the procedure had not started by then`);
      return { status: 200, body: procedureViewFor(then, actor) };
    }),
  );

  router.get(
    '/procedures/:key/events',
    guard(ctx.verify, 'readProcedureEvents'),
    handle(null, async ({ req, res }) => {
      const { handle: h } = procedureHandle(ctx.client, req);
      requireOwnUnit(req, res, partyUnits(await queryState(h), actorOf(res).role));
      return { status: 200, body: { events: eventsVisibleTo(await h.query(procedureEventsQuery), actorOf(res)) } };
    }),
  );
  return router;
}

const stateSchema = z.looseObject({ procedureKey: z.string(), stage: z.string() }).meta({ description: '程序状态 / ProcedureState (domain/state.ts)' });
const viewSchema = z
  .looseObject({ procedureKey: z.string(), title: z.string(), stage: z.string() })
  .meta({ description: '按角色的视图；审计与决策机关为完整状态 / the role’s view; the whole ProcedureState for auditors and the decision organ (domain/views.ts)' });
export const eventSchema = z.looseObject({ type: z.string(), at: z.string(), actor: z.looseObject({}), data: z.looseObject({}) });

export const procedureDocs: RouteDoc[] = [
  {
    id: 'createProcedure',
    summary: '启动决策程序 / Start a procedure (R-01, R-02, R-03, R-04)',
    description:
      '决策机关依建议启动；目录事项须在已公布的年度目录中（R-02）。承办单位可以启动目录中列明由本单位承办的事项；目录外事项由承办单位提出启动申请，经决策机关同意（approveLaunch）后方可办理（R-03）。/ ' +
      'The decision organ starts a procedure from a proposal; a catalog entry must be in the organ’s published catalog of that year. A sponsoring unit launches a catalog item that names it; an item outside the catalog launched by a sponsor is a launch request (stage launch_requested) until the organ approves or refuses it.',
    tags: ['decision_organ', 'sponsor'],
    body: { schema: createProcedureSchema },
    responses: { 201: { description: '已启动 / started', schema: z.object({ procedureKey: z.string(), href: z.string(), state: stateSchema }) } },
  },
  {
    id: 'listProcedures',
    summary: '查询决策程序 / List procedures',
    description: '按检索属性过滤；非审计角色只能查询本单位的程序。/ Filters on search attributes; roles other than auditor see their own unit’s procedures.',
    tags: ['auditor', 'decision_organ', 'sponsor', 'legality_office'],
    query: procedureFilterSchema,
    responses: {
      200: {
        description: '一页结果(每页至多 1000 项);`counts=true` 时另给各阶段的程序数 / one page (up to 1,000 rows); with `counts=true`, the procedures of each stage',
        schema: z.object({ items: z.array(procedureSummarySchema), nextPageToken: z.string().optional(), counts: z.record(z.string(), z.number().int()).optional() }),
      },
    },
  },
  {
    id: 'readProcedure',
    summary: '按角色查看程序 / Read a procedure in the view of one’s role',
    description: [
      '每个角色只看到本角色所需的内容（domain/views.ts）/ each role reads its own view (domain/views.ts):',
      '- auditor, decision_organ：全部状态 / the whole state (ProcedureState)',
      '- sponsor, sponsor_legal_unit, legality_office：全部准备材料；会议只见结论，不含委员发言 / everything that prepares the decision; of meetings only the outcome, not the members’ speeches',
      '- executing_unit, evaluator：决定、公布、执行与评估 / the decision, its publication, execution and evaluation',
      '- expert（须在论证名单中 / on the panel）：草案、专家名单、本人意见 / the draft, the panel, their own opinions',
      '- legal_adviser（须受邀 / engaged）：草案、送审与期限、受邀顾问、本人意见 / the draft, the submissions and due date, the engaged advisers, their own opinions',
      '- public：已公开的征求意见稿与公布的决定 / the published draft under comment and the published decision',
      '',
      'asOf：某一时刻的状态（由事件折叠得出），同样按角色呈现。/ asOf: the state as of an instant, folded from the recorded events, in the same view.',
    ].join('\n'),
    tags: ['auditor', 'decision_organ', 'sponsor', 'legality_office', 'executing_unit', 'evaluator', 'expert', 'legal_adviser', 'public'],
    params: keyParams,
    query: asOfQuery,
    responses: { 200: { description: '本角色的视图 / the view of the caller’s role', schema: viewSchema } },
  },
  {
    id: 'readProcedureEvents',
    summary: '查看办理记录 / Read the procedure’s record (events)',
    tags: ['auditor', 'decision_organ', 'sponsor', 'legality_office', 'executing_unit', 'evaluator'],
    params: keyParams,
    responses: { 200: { description: '全部事件 / every event', schema: z.object({ events: z.array(eventSchema) }) } },
  },
];
