import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SEARCH_ATTRIBUTES as SA } from '../runtime/search-attributes';
import {
  CATALOG_COMMANDS,
  catalogPartyConsentSchema,
  catalogEntrySchema,
  catalogStateQuery,
  catalogUpdates,
  catalogWorkflowId,
  createCatalogSchema,
  publishCatalogSchema,
  startCatalogAdjustmentSchema,
  withdrawCatalogEntrySchema,
  CATALOG_WORKFLOW_VERSION,
  type CatalogCommandName,
  type CatalogState,
  type DecisionCatalogInput,
} from '../workflows/catalog.workflow';
import { actorOf, guard, requireOwnUnit, scopeOf } from './authorization';
import type { RouteContext } from './context';
import { assertDocumentsStored } from './documents/references';
import { handle, parseWith, requireJson } from './http';
import { uuidFrom } from './idempotency';
import { ApiProblem } from './problem';
import { notFoundOrClosed, startOnce } from './procedure-calls';
import type { RouteDoc } from './route-doc';
import { catalogFilterSchema, listPage, unitFilter } from './visibility';

/** the decision organ's yearly decision-item catalog (决策事项目录). */

const catalogParams = z.object({ organ: unitFilter, year: z.coerce.number().int().min(2000).max(2100) });
export const catalogLocation = (organ: string, year: number) => `/catalogs/${encodeURIComponent(organ)}/${year}`;

function catalogHandle(client: Client, req: Request) {
  const { organ, year } = parseWith(catalogParams, req.params, 'path');
  return { organ, year, handle: client.workflow.getHandle(catalogWorkflowId(organ, year)) };
}

export async function readCatalog(client: Client, organ: string, year: number): Promise<CatalogState> {
  try {
    return await client.workflow.getHandle(catalogWorkflowId(organ, year)).query(catalogStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ApiProblem('not-found', `${organ}没有${year}年度决策事项目录 / no such catalog`);
    throw err;
  }
}

const COMMAND_PATHS: Record<CatalogCommandName, string> = {
  addCatalogEntry: 'entries',
  recordCatalogPartyConsent: 'party-consent',
  publishCatalog: 'publish',
  startCatalogAdjustment: 'adjustments',
  withdrawCatalogEntry: 'withdrawals',
};

export function catalogRouter(ctx: RouteContext): Router {
  const router = Router();

  router.post(
    '/catalogs',
    guard(ctx.verify, 'createCatalog'),
    requireJson,
    handle(ctx.idempotency, async ({ req, res, idempotency }) => {
      const actor = actorOf(res);
      const { decisionOrgan, year } = parseWith(createCatalogSchema, req.body, 'body');
      requireOwnUnit(req, res, [decisionOrgan]);
      const input: DecisionCatalogInput = { decisionOrgan, year, actor, version: CATALOG_WORKFLOW_VERSION };
      const { handle: h } = await startOnce(
        ctx.client,
        'decisionCatalog',
        {
          workflowId: catalogWorkflowId(decisionOrgan, year),
          taskQueue: ctx.config.temporal.taskQueue,
          args: [input],
          typedSearchAttributes: [
            { key: SA.DecisionOrgan, value: decisionOrgan },
            { key: SA.CatalogYear, value: year },
          ],
        },
        idempotency,
      ).catch((err: unknown) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ApiProblem('already-exists', `${decisionOrgan}已有${year}年度决策事项目录 / this catalog already exists`);
        throw err;
      });
      const location = catalogLocation(decisionOrgan, year);
      const state = await h.query(catalogStateQuery);
      // A repeat must answer as the first did: the catalog as created, before any entry.
      const first: CatalogState = { ...state, status: 'draft', entries: [], ...(state.version !== undefined ? { version: 1, versions: [] } : {}) };
      delete first.adjustment;
      delete first.partyConsent;
      delete first.publication;
      return { status: 201, headers: { Location: location }, body: first };
    }),
  );

  router.get(
    '/catalogs',
    guard(ctx.verify, 'listCatalogs'),
    handle(null, async ({ req, res }) => {
      const f = parseWith(catalogFilterSchema, req.query, 'query');
      if (scopeOf(res) === 'own') {
        if (f.decisionOrgan !== undefined) requireOwnUnit(req, res, [f.decisionOrgan]);
        f.decisionOrgan = actorOf(res).unit;
      }
      const page = await listPage(
        ctx.client,
        [
          { field: 'WorkflowType', op: '=', value: 'decisionCatalog' },
          ...(f.decisionOrgan ? [{ field: 'DecisionOrgan' as const, op: '=' as const, value: f.decisionOrgan }] : []),
          ...(f.year !== undefined ? [{ field: 'CatalogYear' as const, op: '=' as const, value: f.year }] : []),
        ],
        f.pageSize,
        f.pageToken,
      );
      const items = page.executions.map((w) => {
        const organ = w.typedSearchAttributes.get(SA.DecisionOrgan) ?? '';
        const year = w.typedSearchAttributes.get(SA.CatalogYear) ?? 0;
        // The catalog workflow ends exactly when the catalog is published.
        // Catalogs of version 2 stay open for their year: the memo says which version is published.
        const publishedVersion = (w.memo as { publishedVersion?: number } | undefined)?.publishedVersion;
        return {
          decisionOrgan: organ,
          year,
          published: publishedVersion !== undefined || w.status.name === 'COMPLETED',
          ...(publishedVersion !== undefined ? { publishedVersion } : {}),
          href: catalogLocation(organ, year),
        };
      });
      return { status: 200, body: { items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
    }),
  );

  router.get(
    '/catalogs/:organ/:year',
    guard(ctx.verify, 'readCatalog'),
    handle(null, async ({ req, res }) => {
      const { organ, year } = parseWith(catalogParams, req.params, 'path');
      requireOwnUnit(req, res, [organ]);
      return { status: 200, body: await readCatalog(ctx.client, organ, year) };
    }),
  );

  for (const name of Object.keys(COMMAND_PATHS) as CatalogCommandName[]) {
    router.post(
      `/catalogs/:organ/:year/${COMMAND_PATHS[name]}`,
      guard(ctx.verify, name),
      requireJson,
      handle(ctx.idempotency, async ({ req, res, idempotency }) => {
        const { organ, handle: h } = catalogHandle(ctx.client, req);
        requireOwnUnit(req, res, [organ]);
        // Shape and unknown fields answered here (400); the workflow's validator checks the rest.
        parseWith(CATALOG_COMMANDS[name].schema, req.body, 'body');
        await assertDocumentsStored(ctx.documents, req.body);
        try {
          const state = await h.executeUpdate(catalogUpdates[name], {
            args: [{ actor: actorOf(res), payload: req.body }],
            ...(idempotency ? { updateId: uuidFrom(idempotency.key, 'update') } : {}),
          });
          return { status: 200, body: state };
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) throw await notFoundOrClosed(h, err, '决策事项目录（已公布）');
          throw err;
        }
      }),
    );
  }
  return router;
}

const stateSchema = z.looseObject({ decisionOrgan: z.string(), year: z.number(), status: z.enum(['draft', 'consented', 'published']), entries: z.array(z.looseObject({})), version: z.number().optional(), versions: z.array(z.looseObject({})).optional() });
const bodies: Record<CatalogCommandName, z.ZodType> = {
  addCatalogEntry: catalogEntrySchema,
  recordCatalogPartyConsent: catalogPartyConsentSchema,
  publishCatalog: publishCatalogSchema,
  startCatalogAdjustment: startCatalogAdjustmentSchema,
  withdrawCatalogEntry: withdrawCatalogEntrySchema,
};

export const catalogDocs: RouteDoc[] = [
  {
    id: 'createCatalog',
    summary: '编制年度决策事项目录 / Create a yearly decision-item catalog (R-02)',
    tags: ['decision_organ', 'catalog'],
    body: { schema: createCatalogSchema },
    responses: { 201: { description: '已创建 / created', schema: stateSchema } },
  },
  {
    id: 'listCatalogs',
    summary: '查询决策事项目录 / List catalogs',
    tags: ['decision_organ', 'auditor', 'catalog'],
    query: catalogFilterSchema,
    responses: { 200: { description: '一页结果 / one page', schema: z.object({ items: z.array(z.looseObject({})), nextPageToken: z.string().optional() }) } },
  },
  {
    id: 'readCatalog',
    summary: '查看决策事项目录 / Read a catalog',
    tags: ['decision_organ', 'auditor', 'catalog'],
    params: catalogParams,
    responses: { 200: { description: '目录 / the catalog', schema: stateSchema } },
  },
  ...(Object.keys(COMMAND_PATHS) as CatalogCommandName[]).map(
    (name): RouteDoc => ({
      id: name,
      summary: `${CATALOG_COMMANDS[name].title} / ${name} (R-02)`,
      tags: ['decision_organ', 'catalog'],
      params: catalogParams,
      body: { schema: bodies[name] },
      responses: { 200: { description: '目录的新状态 / the catalog’s new state', schema: stateSchema } },
    }),
  ),
];
