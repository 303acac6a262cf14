import { Router } from 'express';
import { z } from 'zod';
import { documentRefSchema, publicConsultationView, type DocumentRef, type PublicConsultationView } from '../domain';
import { PREPARING } from '../domain/commands/spec';
import type { RouteContext } from './context';
import { sendDocument } from './documents/documents.routes';
import { SHA256_HEX } from './documents/store';
import { handlePublic, parseWith } from './http';
import { ApiProblem } from './problem';
import { listedState, listingOf, publicListPage, publicPageQuery, publicState } from './public-listing';
import type { RouteDoc } from './route-doc';

/*
 * the drafts open for public comment now, as anyone reads them without a token:
 * the draft and its explanation, where they are published and how to comment, and until when.
 * Only disclosable procedures, and only while the period runs (domain/views.ts openForComment);
 * no person of the procedure. Mounted inside the public router, behind its rate limit.
 */

const consultationHref = (key: string) => `/public/consultations/${encodeURIComponent(key)}`;
const documentHref = (key: string, sha256: string) => `${consultationHref(key)}/documents/${sha256}`;

const period = {
  procedureKey: z.string(),
  title: z.string(),
  category: z.string(),
  decisionOrgan: z.string(),
  sponsorUnit: z.string(),
  openedAt: z.string().meta({ description: '开始征求意见的时刻 / when the period opened' }),
  lastDay: z.string().meta({ description: '提出意见的最后一日（北京时间）/ the last day to comment (Beijing date)' }),
  endsAt: z.string().meta({ description: '征求意见期届满的时刻 / the instant the period ends' }),
  provisional: z.boolean().meta({ description: 'R-06：期限所涉年度的节假日安排尚未公布，届满日可能顺延 / the end rests on a holiday schedule not yet published' }),
};
export const consultationSummarySchema = z.object({ ...period, href: z.string() });
const publicDocumentSchema = documentRefSchema.extend({ href: z.string().meta({ description: '下载 / download' }) });
export const consultationSchema = z.object({
  ...period,
  days: z.number().int(),
  channels: z.array(z.string()).meta({ description: '公布途径及意见反馈方式 / where it is published and how to comment' }),
  shortenedReason: z.string().optional().meta({ description: 'R-11：期限少于法定最低日数的理由 / why the period is shorter than the minimum' }),
  draft: publicDocumentSchema.meta({ description: '征求意见稿 / the draft' }),
  explanation: publicDocumentSchema.meta({ description: '起草说明 / the explanation' }),
});
type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

const summaryOf = (v: PublicConsultationView): ConsultationSummary => ({
  procedureKey: v.procedureKey,
  title: v.title,
  category: v.category,
  decisionOrgan: v.decisionOrgan,
  sponsorUnit: v.sponsorUnit,
  openedAt: v.openedAt,
  lastDay: v.lastDay,
  endsAt: v.endsAt,
  provisional: v.provisional,
  href: consultationHref(v.procedureKey),
});

const withHref = (key: string, d: DocumentRef) => ({ ...d, href: documentHref(key, d.sha256) });

const keyParams = z.object({ key: z.string() });
const documentParams = z.object({ key: z.string(), sha256: z.string().regex(SHA256_HEX, '必须是64位小写十六进制 SHA-256 / a lowercase hex SHA-256') });
const NOT_OPEN = '该程序目前没有公开征求意见 / this procedure is not open for public comment now';

export function consultationsRouter(ctx: RouteContext): Router {
  const router = Router();
  /** The procedure named by the path as the public reads it, if it is open for comment now. */
  const openConsultation = async (req: Parameters<typeof publicState>[1]) => {
    const state = await publicState(ctx.client, req);
    const view = state && publicConsultationView(state, new Date().toISOString());
    if (!view) throw new ApiProblem('not-found', NOT_OPEN);
    return view;
  };

  router.get(
    '/public/consultations',
    handlePublic(({ req }) => {
      const now = new Date().toISOString();
      // A period opens and runs while the procedure is prepared (domain/commands/participation.ts).
      // The store knows the stage, not the period: each disclosable candidate is asked for its state.
      return publicListPage(ctx.client, req, PREPARING, async (w) => {
        if (listingOf(w)?.disclosable === false) return undefined;
        const s = await listedState(ctx.client, w);
        const view = s && publicConsultationView(s, now);
        return view ? summaryOf(view) : undefined;
      });
    }),
  );

  router.get(
    '/public/consultations/:key',
    handlePublic(async ({ req }) => {
      const v = await openConsultation(req);
      return { status: 200, body: { ...v, draft: withHref(v.procedureKey, v.draft), explanation: withHref(v.procedureKey, v.explanation) } };
    }),
  );

  router.get('/public/consultations/:key/documents/:sha256', async (req, res, next) => {
    try {
      const { sha256 } = parseWith(documentParams, req.params, 'path');
      const v = await openConsultation(req);
      // the draft and its explanation are published; nothing else of the procedure is.
      const published = [v.draft, v.explanation].find((d) => d.sha256 === sha256);
      if (!published) throw new ApiProblem('not-found', '该征求意见没有此文件 / no such document in this consultation');
      // Public while the period runs, and no longer: caches keep it only briefly.
      await sendDocument(ctx.documents, sha256, res, next, 'public, max-age=300', published.name);
    } catch (err) {
      next(err);
    }
  });
  return router;
}

export const consultationDocs: RouteDoc[] = [
  {
    id: 'listPublicConsultations',
    summary: '正在公开征求意见的决策草案 / Drafts open for public comment (R-10)',
    description: '只列出依法可以公开、征求意见期正在进行的程序。/ Only disclosable procedures whose comment period runs now.',
    tags: ['public'],
    query: publicPageQuery,
    responses: { 200: { description: '一页结果（每项的草案与说明见其 href）/ one page (each draft and explanation at its href)', schema: z.object({ items: z.array(consultationSummarySchema), nextPageToken: z.string().optional() }) } },
  },
  {
    id: 'readPublicConsultation',
    summary: '查看征求意见的决策草案 / A draft open for public comment (R-10, R-11)',
    tags: ['public'],
    params: keyParams,
    responses: { 200: { description: '公开内容：草案、起草说明、公布途径与期限 / the draft, its explanation, the channels and the period', schema: consultationSchema } },
  },
  {
    id: 'downloadConsultationDocument',
    summary: '下载征求意见稿或起草说明 / Download the draft or its explanation (R-10)',
    description: '仅限征求意见期内，且仅限该程序公开征求意见的草案和起草说明。/ While the period runs, and only the draft and the explanation it published.',
    tags: ['public'],
    params: documentParams,
    responses: { 200: { description: '文件字节 / the bytes', schema: z.string().meta({ format: 'binary' }), mediaType: '*/*' } },
  },
];
