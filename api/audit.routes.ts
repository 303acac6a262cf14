import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Client } from '@temporalio/client';
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { actsAcross, delayedProcedures } from '../audit/accountability';
import type { ApiRefusal, ApiRefusalLog } from '../audit/api-refusal-log';
import type { DocumentSource } from '../audit/archive/document-source';
import { exportArchive } from '../audit/archive/export';
import { readSigningKey, SigningKeyUnavailableError, type SigningKey, type SigningKeyLocation } from '../audit/archive/signing-key';
import { tarDirectory } from '../audit/archive/tarball';
import { InstantError, parseInstant, stateAsOf } from '../audit/as-of';
import { STAGES_FOR_FILTER } from '../audit/cli-usage';
import { ProcedureNotFoundError } from '../audit/history-source';
import { readProcedureRecord } from '../audit/procedure-record';
import type { ProcedureReplay } from '../audit/replay';
import { buildTimeline, renderTimeline } from '../audit/timeline';
import type { Principal, TokenVerifier } from './auth/tokens';
import { bearerPrincipal } from './auth/authenticate';
import { ACTING_ROLE_HEADER, logRefusal, unauthenticated } from './authorization';
import { handle, parseWith } from './http';
import { ApiProblem, invalidInput } from './problem';
import type { RouteDoc } from './route-doc';

/*
 * Issue #6: the auditor's read routes under /audit — timeline, state as of an instant, replay
 * check, the signed archive, acts of a person or unit, delayed procedures, the API's refusal log. GET only, and only
 * for the auditor role (审计、监察、上级机关): they read everything and change nothing. Every 401
 * and 403 here is appended to the API's refusal log before the answer goes out.
 */

export interface AuditRouteDeps {
  client: Client;
  /** The API's token verifier (createTokenVerifier(config.auth)). */
  verify: TokenVerifier;
  /** `${DATA_DIR}/audit/api-refusals.jsonl`: ApiRefusalLog.inDataDir(config.dataDir). */
  refusals: ApiRefusalLog;
  /**
   * The replay check (audit/replay.ts `replayProcedure(client, key)`). It needs
   * @temporalio/worker, which api/ does not import; without it the route answers 501.
   */
  replay?: (procedureKey: string) => Promise<ProcedureReplay>;
  /** The signed archive: the documents it files and where the signing key is (signingKeyLocation(config)). */
  archive: { documents: DocumentSource; signingKey: SigningKeyLocation };
}


const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/) });
const timelineQuery = z.object({ format: z.enum(['json', 'text']).default('json') });
const asOfQuery = z.object({ at: z.string().min(1).max(64) });
const stageFilter = z.enum(STAGES_FOR_FILTER).optional();
const actsQuery = z
  .object({ person: z.string().min(1).max(128).optional(), unit: z.string().min(1).max(128).optional(), stage: stageFilter })
  .refine((q) => (q.person === undefined) !== (q.unit === undefined), { message: '请指定 person 或 unit 之一 / give person or unit', path: ['person'] });
const refusalsQuery = z.object({ procedureKey: z.string().max(200).optional(), personId: z.string().max(128).optional() });

interface Locals {
  auditor?: Principal;
}

function who(p: Principal | undefined, role: string | undefined): ApiRefusal['actor'] {
  return p ? { personId: p.personId, name: p.name, unit: p.unit, ...(role ? { role } : { role: p.roles.join(',') }) } : undefined;
}

/** Bearer token of a person acting as auditor; anything else is refused and logged. */
function auditorOnly(deps: AuditRouteDeps, route: string): RequestHandler {
  return async (req, res, next) => {
    let principal: Principal | undefined;
    const requested = req.get(ACTING_ROLE_HEADER) ?? undefined;
    try {
      principal = await bearerPrincipal(req, deps.verify);
      if (!principal.roles.includes('auditor') || (requested !== undefined && requested !== 'auditor')) {
        throw new ApiProblem('forbidden', `仅审计角色可查看 / only the auditor role may call ${route}`, { route });
      }
      (res.locals as Locals).auditor = principal;
      next();
    } catch (err) {
      // Recorded with who tried, in the log and the durable refusal log, before the answer leaves.
      if (err instanceof ApiProblem && err.status === 401 && !principal) return next(await unauthenticated(req, res, route, err));
      if (err instanceof ApiProblem && (err.status === 401 || err.status === 403)) {
        await logRefusal(req, route, who(principal, requested) ?? {}, err.detail ?? err.message, err.status);
      }
      next(err);
    }
  };
}

/** Errors of the audit readers as problems: unknown procedure → 404, bad instant → 400. */
async function reading<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ProcedureNotFoundError) throw new ApiProblem('not-found', err.message);
    if (err instanceof InstantError) throw invalidInput([{ path: 'query.at', message: err.message }]);
    throw err;
  }
}

/**
 * The key the CLI signs with, as configured. The API never makes one (an operator does, with
 * `npm run audit -- keygen`): without it the archive is refused with what to set, not a 500.
 */
function archiveSigningKey(req: Request, where: SigningKeyLocation): SigningKey {
  try {
    return readSigningKey(where);
  } catch (err) {
    if (!(err instanceof SigningKeyUnavailableError)) throw err;
    req.log.warn({ file: err.file, reason: err.reason, err: err.cause }, 'archive signing key unavailable');
    const extensions = { setting: 'AUDIT_SIGNING_KEY_PATH', command: 'npm run audit -- keygen' };
    throw err.reason === 'missing'
      ? new ApiProblem('signing-key-missing', '服务器上没有归档签名密钥：请运维人员在服务器上运行 npm run audit -- keygen，或设置 AUDIT_SIGNING_KEY_PATH 指向 Ed25519 私钥 / no archive signing key on the server: an operator runs npm run audit -- keygen there, or sets AUDIT_SIGNING_KEY_PATH to an Ed25519 private key', extensions)
      : new ApiProblem('signing-key-missing', '无法读取归档签名密钥：请运维人员检查 AUDIT_SIGNING_KEY_PATH 所指的文件（Ed25519 私钥，PEM 格式）/ the archive signing key cannot be read: an operator checks the file AUDIT_SIGNING_KEY_PATH names (an Ed25519 private key in PEM)', extensions);
  }
}

export function auditRouter(deps: AuditRouteDeps): Router {
  const router = Router();
  const { client } = deps;

  router.get('/audit/procedures/:key/timeline', auditorOnly(deps, 'auditTimeline'), async (req, res, next) => {
    // Not through handle(): the text form is not JSON. Errors go to the problem+json mapper.
    try {
      const { key } = parseWith(keyParams, req.params, 'path');
      const { format } = parseWith(timelineQuery, req.query, 'query');
      const t = await reading(async () => buildTimeline(key, (await readProcedureRecord(client, key)).extracted, await deps.refusals.list({ procedureKey: key })));
      if (format === 'text') res.type('text/plain; charset=utf-8').send(renderTimeline(t));
      else res.json(t);
    } catch (err) {
      next(err);
    }
  });

  router.get('/audit/procedures/:key/as-of', auditorOnly(deps, 'auditStateAsOf'), handle(null, async ({ req }) => {
    const { key } = parseWith(keyParams, req.params, 'path');
    const { at: text } = parseWith(asOfQuery, req.query, 'query');
    return reading(async () => {
      const at = parseInstant(text);
      const state = stateAsOf((await readProcedureRecord(client, key)).extracted.events, at);
      if (!state) throw new ApiProblem('not-found', `该程序在 ${at} 尚未启动 / the procedure had not started by then`);
      return { status: 200, body: { procedureKey: key, at, state } };
    });
  }));

  router.get('/audit/procedures/:key/replay', auditorOnly(deps, 'auditReplay'), handle(null, async ({ req }) => {
    const { key } = parseWith(keyParams, req.params, 'path');
    if (!deps.replay) return { status: 501, headers: { 'Content-Type': 'application/problem+json' }, body: { type: 'about:blank', title: '本进程未启用重放 / replay not enabled in this API process', status: 501, detail: 'npm run audit -- replay <key>' } };
    const replay = deps.replay;
    return { status: 200, body: await reading(() => replay(key)) };
  }));

  // the signed archive the CLI's `export` writes, as one .tar.gz; verified offline with `npm run audit -- verify`.
  router.get('/audit/procedures/:key/archive', auditorOnly(deps, 'auditArchive'), async (req, res, next) => {
    let scratch: string | undefined;
    try {
      const { key } = parseWith(keyParams, req.params, 'path');
      const signing = archiveSigningKey(req, deps.archive.signingKey);
      const record = await reading(() => readProcedureRecord(client, key));
      scratch = await mkdtemp(path.join(tmpdir(), 'audit-archive-'));
      const outDir = path.join(scratch, key);
      await exportArchive({ record, documents: deps.archive.documents, key: signing, outDir, refusals: await deps.refusals.list({ procedureKey: key }) });
      res.set({ 'Content-Type': 'application/gzip', 'Content-Disposition': `attachment; filename="${key}-archive.tar.gz"`, 'Cache-Control': 'no-store' });
      await pipeline(tarDirectory(outDir, key), createGzip(), res);
    } catch (err) {
      // Once bytes have left, the answer cannot become a problem: the stream is cut (pipeline destroyed it).
      if (res.headersSent) req.log.error({ err }, 'archive download broken off');
      else next(err);
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  });

  router.get('/audit/acts', auditorOnly(deps, 'auditActs'), handle(null, async ({ req }) => {
    const q = parseWith(actsQuery, req.query, 'query');
    const target = q.person !== undefined ? { personId: q.person } : { unit: q.unit as string };
    const acts = await actsAcross(client, target, { refusals: deps.refusals, ...(q.stage ? { filter: { stage: q.stage } } : {}) });
    return { status: 200, body: { acts } };
  }));

  router.get('/audit/delayed', auditorOnly(deps, 'auditDelayed'), handle(null, async () => ({ status: 200, body: { items: await delayedProcedures(client) } })));

  router.get('/audit/refusals', auditorOnly(deps, 'auditRefusals'), handle(null, async ({ req }) => {
    const q = parseWith(refusalsQuery, req.query, 'query');
    const [items, check] = await Promise.all([deps.refusals.list(q), deps.refusals.verify()]);
    return { status: 200, body: { items, chain: check } };
  }));
  return router;
}

const anyJson = z.looseObject({});
export const auditDocs: RouteDoc[] = [
  { id: 'auditTimeline', summary: '办理全过程时间线 / Timeline of a procedure (R-62, R-66)', description: '每个事件：北京时间、人员、事项、依据、文件哈希、审查结果；含工作流记录的拒绝与 API 拒绝日志。format=text 为可读文本。', tags: ['auditor'], params: keyParams, query: timelineQuery, responses: { 200: { description: '时间线 / the timeline', schema: anyJson } } },
  { id: 'auditStateAsOf', summary: '某一时刻的程序状态 / State as of an instant', description: 'at：带时区的 ISO-8601 时刻，或 YYYY-MM-DD（北京时间当日结束时）。由历史中的事件折叠得出。', tags: ['auditor'], params: keyParams, query: asOfQuery, responses: { 200: { description: '状态 / the state', schema: anyJson } } },
  {
    id: 'auditArchive',
    summary: '签名归档 / The signed archive of a procedure (R-62)',
    description:
      '与 `npm run audit -- export` 相同的归档（历史、事件、时间线、文件、清单与 Ed25519 签名），打包为 .tar.gz。解压后离线校验：`tar -xzf KEY-archive.tar.gz && npm run audit -- verify KEY 公钥.pem`。服务器没有签名密钥时答复 503（signing-key-missing），请运维人员运行 `npm run audit -- keygen` 或设置 AUDIT_SIGNING_KEY_PATH。/ ' +
      'What `npm run audit -- export` writes, as one .tar.gz; unpack it and run `npm run audit -- verify`. Without a signing key on the server: 503 signing-key-missing (run `npm run audit -- keygen`, or set AUDIT_SIGNING_KEY_PATH).',
    tags: ['auditor'],
    params: keyParams,
    responses: { 200: { description: '归档（gzip 压缩的 tar）/ the archive (gzipped tar)', schema: z.string().meta({ format: 'binary' }), mediaType: 'application/gzip' } },
  },
  { id: 'auditReplay', summary: '重放证明 / Replay check of the recorded history', tags: ['auditor'], params: keyParams, responses: { 200: { description: '每个运行的重放结果与首个分歧 / each run and the first divergence', schema: anyJson } } },
  { id: 'auditActs', summary: '某人或某单位的全部行为 / Acts of a person or unit across procedures (R-66)', tags: ['auditor'], query: z.object({ person: z.string().optional(), unit: z.string().optional(), stage: stageFilter }), responses: { 200: { description: '行为列表 / the acts', schema: anyJson } } },
  { id: 'auditDelayed', summary: '久拖不决的程序 / Procedures flagged as delayed (R-66)', tags: ['auditor'], responses: { 200: { description: '列表 / the list', schema: anyJson } } },
  { id: 'auditRefusals', summary: 'API 拒绝日志 / The API refusal log and its chain check', tags: ['auditor'], query: refusalsQuery, responses: { 200: { description: '记录与校验 / entries and check', schema: anyJson } } },
];
