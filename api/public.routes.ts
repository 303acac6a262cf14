import type { WorkflowExecutionInfo } from '@temporalio/client';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { currentDraft, documentRefSchema, type ProcedureState, type Stage } from '../domain';
import { procedureKeyOf } from '../workflows/ids';
import { catalogLocation, readCatalog } from './catalog.routes';
import { consultationDocs, consultationsRouter } from './consultations.routes';
import type { RouteContext } from './context';
import { handlePublic, parseWith } from './http';
import { ApiProblem, sendProblem } from './problem';
import { listedState, listingOf, publicListPage, publicPageQuery, publicState } from './public-listing';
import type { RouteDoc } from './route-doc';
import { sa, unitFilter } from './visibility';

/*
 * What anyone may read without a token (R-61: decisions are published; R-02: so is the
 * catalog; R-10: so are drafts open for comment, api/consultations.routes.ts). Only published, disclosable decisions, and only what publication makes public:
 * no names or person ids, no internal opinions. Rate-limited per client address (429).
 */

/** Stages a decision can be in once it has been published. */
const AFTER_PUBLICATION: Stage[] = ['published', 'executing', 'post_evaluation', 'suspended', 'closed'];

const opinionSchema = z.object({ summary: z.string(), adopted: z.boolean(), reason: z.string().optional() });
export const publicDecisionSchema = z.object({
  procedureKey: z.string(),
  title: z.string(),
  category: z.string(),
  decisionOrgan: z.string(),
  sponsorUnit: z.string(),
  stage: z.string(),
  decidedAt: z.string().optional(),
  publishedAt: z.string(),
  channels: z.array(z.string()),
  adoptionExplanation: z.string().optional(),
  document: documentRefSchema.meta({ description: '决策文本（最终稿）/ the decided text (final draft)' }),
  publicOpinions: z.array(opinionSchema).optional(),
  expertOpinions: z.array(opinionSchema).optional(),
  executingUnit: z.string().optional(),
  amends: z.string().optional(),
});
type PublicDecision = z.infer<typeof publicDecisionSchema>;

const isPublic = (s: ProcedureState) => s.after.publication !== undefined && !s.attributes.nonDisclosable;

/*
 * The list of decisions is answered from the visibility store alone (search attributes and the
 * listing memo, api/public-listing.ts), never by querying each workflow of a page. The full text,
 * channels and dates of a decision are read one at a time (GET /public/decisions/{key}).
 */
export { PUBLIC_LISTING_MEMO, publicListingOf, type PublicListing } from './public-listing';

export const publicDecisionSummarySchema = z.object({
  procedureKey: z.string(),
  title: z.string(),
  category: z.string().optional(),
  decisionOrgan: z.string().optional(),
  sponsorUnit: z.string().optional(),
  stage: z.string().optional(),
  href: z.string(),
});
type PublicDecisionSummary = z.infer<typeof publicDecisionSummarySchema>;

function summaryOf(w: WorkflowExecutionInfo, title: string): PublicDecisionSummary {
  const key = procedureKeyOf(w.workflowId) ?? w.workflowId;
  const get = w.typedSearchAttributes;
  const opt = (name: string, v: string | undefined) => (v === undefined ? {} : { [name]: v });
  return {
    procedureKey: key,
    title,
    ...opt('category', get.get(sa.DecisionCategory)),
    ...opt('decisionOrgan', get.get(sa.DecisionOrgan)),
    ...opt('sponsorUnit', get.get(sa.SponsorUnit)),
    ...opt('stage', get.get(sa.ProcedureStage)),
    href: `/public/decisions/${encodeURIComponent(key)}`,
  };
}

function publicView(s: ProcedureState): PublicDecision {
  const pub = s.after.publication;
  if (!pub) throw new Error('not published');
  const approved = s.discussion.meetings.filter((m) => m.outcome === 'approve').at(-1);
  const opinions = (list?: { summary: string; adopted: boolean; reason?: string }[]) =>
    list?.map(({ summary, adopted, reason }) => ({ summary, adopted, ...(reason ? { reason } : {}) }));
  const pubOps = opinions(s.participation.adoptionReport?.opinions);
  const expOps = opinions(s.expert.adoptionReport?.opinions);
  return {
    procedureKey: s.procedureKey,
    title: s.title,
    category: s.category,
    decisionOrgan: s.decisionOrgan,
    sponsorUnit: s.sponsorUnit,
    stage: s.stage,
    ...(approved ? { decidedAt: approved.heldAt } : {}),
    publishedAt: pub.at,
    channels: pub.channels,
    ...(pub.adoptionExplanation ? { adoptionExplanation: pub.adoptionExplanation } : {}),
    // the decided text; publications recorded before it was carried showed the draft.
    document: pub.document ?? currentDraft(s).document,
    // for items of wide concern, how public and expert opinions were adopted.
    ...(pubOps ? { publicOpinions: pubOps } : {}),
    ...(expOps ? { expertOpinions: expOps } : {}),
    ...(s.after.executingUnit ? { executingUnit: s.after.executingUnit.unit } : {}),
    ...(s.amends ? { amends: s.amends } : {}),
  };
}

const pageQuery = publicPageQuery;
const publicCatalogParams = z.object({ organ: unitFilter, year: z.coerce.number().int().min(2000).max(2100) });

export function publicRouter(ctx: RouteContext): Router {
  const router = Router();
  router.use(
    '/public',
    rateLimit({
      windowMs: ctx.publicRateLimit.windowMs,
      limit: ctx.publicRateLimit.limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (req, res) => {
        sendProblem(req, res, new ApiProblem('too-many-requests', '请稍后再试 / please retry later'));
      },
    }),
  );
  // Behind the same limit: the drafts open for public comment.
  router.use(consultationsRouter(ctx));

  router.get(
    '/public/decisions',
    handlePublic(({ req }) =>
      publicListPage(ctx.client, req, AFTER_PUBLICATION, async (w): Promise<PublicDecisionSummary | undefined> => {
        const listing = listingOf(w);
        if (listing) return listing.disclosable ? summaryOf(w, listing.title) : undefined;
        const s = await listedState(ctx.client, w);
        return s && isPublic(s) ? summaryOf(w, s.title) : undefined;
      }),
    ),
  );

  router.get(
    '/public/decisions/:key',
    handlePublic(async ({ req }) => {
      const state = await publicState(ctx.client, req);
      if (!state || !isPublic(state)) throw new ApiProblem('not-found', '没有已公布的该项决策 / no published decision with this key');
      return { status: 200, body: publicView(state) };
    }),
  );

  router.get(
    '/public/catalogs/:organ/:year',
    handlePublic(async ({ req }) => {
      const { organ, year } = parseWith(publicCatalogParams, req.params, 'path');
      const c = await readCatalog(ctx.client, organ, year);
      // the version in force — the last published one, also while an adjustment is prepared.
      const last = c.versions?.at(-1);
      const inForce = last ?? (c.status === 'published' && c.publication ? { entries: c.entries, publication: c.publication } : undefined);
      if (!inForce) throw new ApiProblem('not-found', '该目录尚未公布 / this catalog is not published');
      const entries = inForce.entries.map(({ addedAt: _a, addedBy: _b, ...e }) => e);
      return {
        status: 200,
        body: {
          decisionOrgan: c.decisionOrgan,
          year: c.year,
          ...(last ? { version: last.version } : {}),
          publishedAt: inForce.publication.at,
          channels: inForce.publication.channels,
          entries,
          href: catalogLocation(organ, year),
        },
      };
    }),
  );
  return router;
}

export const publicDocs: RouteDoc[] = [
  ...consultationDocs,
  {
    id: 'listPublishedDecisions',
    summary: '已公布的决策 / Published decisions (R-61)',
    tags: ['public'],
    query: pageQuery,
    responses: { 200: { description: '一页结果（每项的全文见其 href）/ one page (each item’s full text at its href)', schema: z.object({ items: z.array(publicDecisionSummarySchema), nextPageToken: z.string().optional() }) } },
  },
  {
    id: 'readPublishedDecision',
    summary: '查看已公布的决策 / A published decision (R-61)',
    tags: ['public'],
    params: z.object({ key: z.string() }),
    responses: { 200: { description: '公开内容 / what publication makes public', schema: publicDecisionSchema } },
  },
  {
    id: 'readPublishedCatalog',
    summary: '已公布的年度决策事项目录 / A published catalog (R-02)',
    tags: ['public', 'catalog'],
    params: publicCatalogParams,
    responses: { 200: { description: '目录 / the catalog', schema: z.looseObject({ decisionOrgan: z.string(), year: z.number(), entries: z.array(z.looseObject({})) }) } },
  },
];
