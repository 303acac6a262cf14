import { Router, type NextFunction, type Response } from 'express';
import { z } from 'zod';
import type { RouteContext } from '../context';
import { WorkflowNotFoundError } from '@temporalio/client';
import { procedureViewFor, readsProcedure } from '../../domain';
import { procedureKeySchema } from '../../domain/commands/start';
import { procedureWorkflowId } from '../../workflows/ids';
import { procedureStateQuery } from '../../workflows/messages';
import { actorOf, forbid, guard } from '../authorization';
import { handle, parseWith } from '../http';
import { ApiProblem } from '../problem';
import type { RouteDoc } from '../route-doc';
import { DigestMismatchError, DocumentTooLargeError, SHA256_HEX, type DocumentStore } from './store';

/** Largest document accepted (413 beyond): scanned drafts and minutes fit; videos do not. */
export const DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;

const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}$/;
/** RFC 9530 Content-Digest with the sha-256 algorithm: `sha-256=:<base64>:`. */
const CONTENT_DIGEST = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]{43}=):/i;

export const storedDocumentSchema = z.object({
  sha256: z.string().regex(SHA256_HEX),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
});
const sha256Params = z.object({ sha256: z.string().regex(SHA256_HEX, '必须是64位小写十六进制 SHA-256') });
/** The procedure that cites the document: the context in which a party reads it. */
const downloadQuery = z.object({ procedure: z.string().max(200).optional() });

/**
 * Who may read a document by hash: auditors; the person who uploaded it; and a party of a
 * procedure that cites it, named by `?procedure=KEY`, when the view of their role cites it
 * too (domain/views.ts: an expert reads the draft, not the legality opinion). One procedure
 * is read, never a search over all of them. Anything else is a recorded 403.
 */
async function requireDocumentReader(ctx: RouteContext, req: Parameters<typeof forbid>[0], res: Parameters<typeof forbid>[1], sha256: string, procedure: string | undefined) {
  const actor = actorOf(res);
  if (actor.role === 'auditor') return;
  if (await ctx.documents.uploadedBy(sha256, actor.personId)) return;
  if (procedure === undefined) {
    throw forbid(req, res, '请用 ?procedure= 指明引用该文件的程序 / name the procedure that cites this document with ?procedure=KEY');
  }
  const key = procedureKeySchema.safeParse(procedure);
  const state = key.success
    ? await ctx.client.workflow
        .getHandle(procedureWorkflowId(key.data))
        .query(procedureStateQuery)
        .catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        })
    : undefined;
  if (!state || !readsProcedure(state, actor) || !JSON.stringify(procedureViewFor(state, actor)).includes(sha256)) {
    throw forbid(req, res, `该程序未向您提供此文件 / procedure ${procedure} gives you no such document`);
  }
}

/** RFC 8187 ext-value of a file name (`filename*`), so a browser saves a Chinese name as it is. */
const extValue = (name: string) => `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * The stored bytes of a document as an attachment, with its Cache-Control (404 when the store
 * lacks them); saved under `name` when one is given, else under its hash.
 */
export async function sendDocument(store: DocumentStore, sha256: string, res: Response, next: NextFunction, cacheControl: string, name?: string): Promise<void> {
  const doc = await store.stat(sha256);
  if (!doc) throw new ApiProblem('not-found', '没有该文件 / no document with this hash');
  res.set({
    'Content-Type': doc.mediaType,
    'Content-Length': String(doc.size),
    // Never rendered inline from the API's origin: an uploaded HTML file must not run here.
    'Content-Disposition': `attachment; filename="${doc.sha256}"${name ? `; filename*=${extValue(name)}` : ''}`,
    ETag: `"${doc.sha256}"`,
    'Cache-Control': cacheControl,
    'Content-Digest': `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`,
  });
  const stream = store.open(sha256);
  stream.on('error', next);
  stream.pipe(res);
}

function declaredDigest(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = CONTENT_DIGEST.exec(header);
  if (!m?.[1]) {
    throw new ApiProblem('invalid-input', 'Content-Digest 应为 sha-256=:<base64>: / expected sha-256=:<base64>: (RFC 9530)', {
      errors: [{ path: 'header.Content-Digest', message: '应为 sha-256=:<base64>:' }],
    });
  }
  return Buffer.from(m[1], 'base64').toString('hex');
}

/** The media type a document is stored with: the upload's Content-Type without parameters. */
function mediaTypeOf(contentType: string | undefined): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || !MEDIA_TYPE.test(type)) {
    throw new ApiProblem('unsupported-media-type', '上传时请用 Content-Type 标明文件类型 / send the document’s media type as Content-Type');
  }
  return type;
}

/**
 * Upload (raw bytes, any media type) and download by hash. Uploads are idempotent by their
 * content: the same bytes always give the same answer and one stored file, so an
 * Idempotency-Key is accepted but needs no bookkeeping.
 */
export function documentsRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post(
    '/documents',
    guard(ctx.verify, 'uploadDocument'),
    handle(null, async ({ req, res }) => {
      const mediaType = mediaTypeOf(req.get('content-type'));
      // The app's JSON parser has already read JSON bodies; their bytes are gone.
      if (req.body !== undefined) {
        throw new ApiProblem('unsupported-media-type', 'JSON 文件请以 application/octet-stream 上传 / upload JSON files as application/octet-stream');
      }
      const declared = declaredDigest(req.get('content-digest'));
      const max = ctx.documentMaxBytes;
      // Refused before reading when the size is announced; counted while streaming otherwise.
      if (Number(req.get('content-length') ?? 0) > max) {
        throw new ApiProblem('payload-too-large', `文件不得超过 ${max} 字节 / documents are limited to ${max} bytes`, {}, { Connection: 'close' });
      }
      try {
        const doc = await ctx.documents.put(req, mediaType, {
          maxBytes: max,
          uploader: actorOf(res).personId,
          ...(declared ? { declaredSha256: declared } : {}),
        });
        return { status: 201, headers: { Location: `/documents/${doc.sha256}` }, body: doc };
      } catch (err) {
        if (err instanceof DocumentTooLargeError) {
          // Stop reading: the rest of an oversized body is not worth receiving.
          req.unpipe();
          throw new ApiProblem('payload-too-large', `文件不得超过 ${err.limit} 字节 / documents are limited to ${err.limit} bytes`, {}, { Connection: 'close' });
        }
        if (err instanceof DigestMismatchError) {
          throw new ApiProblem('digest-mismatch', '上传内容的 SHA-256 与 Content-Digest 不一致，未保存 / the bytes do not match Content-Digest; nothing was stored', {
            declared: err.declared,
            actual: err.actual,
          });
        }
        throw err;
      }
    }),
  );

  router.get('/documents/:sha256', guard(ctx.verify, 'downloadDocument'), async (req, res, next) => {
    try {
      const { sha256 } = parseWith(sha256Params, req.params, 'path');
      const { procedure } = parseWith(downloadQuery, req.query, 'query');
      // Refused before the store is asked, so a refusal does not tell whether the bytes exist.
      await requireDocumentReader(ctx, req, res, sha256, procedure);
      await sendDocument(ctx.documents, sha256, res, next, 'private, max-age=31536000, immutable');
    } catch (err) {
      next(err);
    }
  });
  return router;
}

export const documentDocs: RouteDoc[] = [
  {
    id: 'uploadDocument',
    summary: '上传文件 / Upload a document',
    description: `请求体为文件原始字节，Content-Type 为文件类型；可用 Content-Digest（RFC 9530，sha-256）声明摘要，不符则拒绝。上限 ${DOCUMENT_MAX_BYTES} 字节。命令中以返回的 {sha256, size, mediaType} 加文件名 name 引用文件。/ Raw bytes; Content-Type is the document's media type; an optional Content-Digest (sha-256) must match. At most ${DOCUMENT_MAX_BYTES} bytes. Commands reference the answer plus a file name.`,
    tags: ['documents'],
    body: { schema: z.string().meta({ format: 'binary' }), mediaType: '*/*' },
    headers: [{ name: 'Content-Digest', description: 'sha-256=:<base64>: (RFC 9530)' }],
    problems: [400, 401, 403, 413, 415, 500],
    responses: { 201: { description: '已保存 / stored', schema: storedDocumentSchema } },
  },
  {
    id: 'downloadDocument',
    summary: '按摘要下载文件 / Download a document by hash',
    description: '审计人员、上传者本人，或以 ?procedure=KEY 指明引用该文件的程序且本角色视图包含该文件的当事方可下载；否则 403 并记录。/ Auditors, the uploader, or a party of the procedure named by ?procedure=KEY whose role’s view cites the document; anyone else gets a recorded 403.',
    tags: ['documents'],
    params: sha256Params,
    query: downloadQuery,
    responses: { 200: { description: '文件字节 / the bytes', schema: z.string().meta({ format: 'binary' }), mediaType: '*/*' } },
  },
];
