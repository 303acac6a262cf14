import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorCode, type MissingItem } from '../domain';
import { ALARM_BEFORE_ITS_TASK, FAILURE_TYPES } from '../workflows/messages';
import { MAX_JSON_DEPTH, TOO_DEEP } from './json-depth';

/*
 * Every error the API answers is application/problem+json (RFC 9457). One table says which
 * status and title each kind of problem has, so a client (and the OpenAPI page) can rely on
 * the `type` URI alone. Types are tag: URIs: stable identifiers that need not resolve.
 *
 * Status choices (docs/rules.md §3): a malformed body is 400 with each bad field; a request that is
 * well-formed but cannot be accepted as such (out of scope R-01, a substance check, an unknown
 * document or catalog entry) is 422; a step out of order or a missing prerequisite is 409 with
 * every missing item; a wrong role or unit is 403.
 */
export const PROBLEMS = {
  'invalid-input': { status: 400, title: '请求内容不合法 / Invalid request' },
  'digest-mismatch': { status: 400, title: '文件摘要与内容不符 / Digest does not match the content' },
  unauthenticated: { status: 401, title: '未认证 / Authentication required' },
  forbidden: { status: 403, title: '无权办理 / Forbidden' },
  'not-found': { status: 404, title: '未找到 / Not Found' },
  'step-missing': { status: 409, title: '缺少前置步骤 / Steps missing' },
  'period-not-elapsed': { status: 409, title: '法定期间尚未届满 / Statutory period still running' },
  'invalid-transition': { status: 409, title: '当前阶段不能办理 / Not possible at this stage' },
  'already-exists': { status: 409, title: '已经存在 / Already exists' },
  'procedure-closed': { status: 409, title: '程序已经结束 / Procedure already ended' },
  'idempotency-key-in-use': { status: 409, title: '同一幂等键的请求正在处理 / Request with this Idempotency-Key in progress' },
  'payload-too-large': { status: 413, title: '请求体过大 / Payload too large' },
  'unsupported-media-type': { status: 415, title: '不支持的内容类型 / Unsupported media type' },
  unprocessable: { status: 422, title: '请求无法受理 / Unprocessable request' },
  'unknown-document': { status: 422, title: '引用的文件不存在 / Unknown document' },
  'idempotency-key-reused': { status: 422, title: '幂等键已用于不同的请求 / Idempotency-Key reused with another request' },
  'too-many-requests': { status: 429, title: '请求过于频繁 / Too many requests' },
  internal: { status: 500, title: '服务器内部错误 / Internal Server Error' },
  'temporarily-unavailable': { status: 503, title: '服务暂时繁忙，请稍后用同一幂等键重试 / Temporarily unavailable: retry later with the same Idempotency-Key' },
  'signing-key-missing': { status: 503, title: '服务器未配置归档签名密钥 / No archive signing key on the server' },
} as const;
export type ProblemType = keyof typeof PROBLEMS;

export const problemTypeUri = (type: ProblemType): string => `tag:decision-procedures,2026:problem/${type}`;

/** One field the caller got wrong: a dotted path into the body (or query) and why. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members (RFC 9457 §3.2): errors, missing, ruleIds, code, documents… */
  [extension: string]: unknown;
}

/** A problem an API handler raises; the error middleware or the idempotency wrapper renders it. */
export class ApiProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[type].title);
    this.name = 'ApiProblem';
  }
  get status(): number {
    return PROBLEMS[this.type].status;
  }
  body(instance?: string): ProblemBody {
    const { status, title } = PROBLEMS[this.type];
    return {
      type: problemTypeUri(this.type),
      title,
      status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

const DOMAIN_TYPES: Record<DomainErrorCode, ProblemType> = {
  STEP_MISSING: 'step-missing',
  PERIOD_NOT_ELAPSED: 'period-not-elapsed',
  INVALID_TRANSITION: 'invalid-transition',
  NOT_ALLOWED: 'forbidden',
  OUT_OF_SCOPE: 'unprocessable',
  INVALID_INPUT: 'unprocessable',
};

export const fieldErrors = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

export function invalidInput(errors: FieldError[], detail = '请求内容不合法，请逐项修改 / see `errors` for each invalid field'): ApiProblem {
  return new ApiProblem('invalid-input', detail, { errors });
}

function domainProblem(code: DomainErrorCode, message: string, ruleIds: string[], missing: MissingItem[]): ApiProblem {
  return new ApiProblem(DOMAIN_TYPES[code] ?? 'unprocessable', message, {
    code,
    ruleIds,
    ...(missing.length > 0 ? { missing } : {}),
  });
}

/** The typed failure a workflow validator raised (workflows/failures.ts), as a problem. */
function failureProblem(f: ApplicationFailure): ApiProblem | undefined {
  const details = (f.details?.[0] ?? {}) as Record<string, unknown>;
  if (f.type === FAILURE_TYPES.invalidInput && Array.isArray(details.issues)) {
    return invalidInput(fieldErrors(details.issues as { path: string[]; message: string }[]));
  }
  if (f.type === FAILURE_TYPES.domain && typeof details.code === 'string') {
    const missing = Array.isArray(details.missing) ? (details.missing as MissingItem[]) : [];
    const ruleIds = Array.isArray(details.ruleIds) ? (details.ruleIds as string[]) : [];
    return domainProblem(details.code as DomainErrorCode, f.message, ruleIds, missing);
  }
  return undefined;
}

/** body-parser's errors carry `type`; they keep their 4xx meaning as problems. */
function bodyParserProblem(err: { type?: unknown; status?: unknown }): ApiProblem | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new ApiProblem('payload-too-large', 'JSON 请求体不得超过 1 MB / JSON bodies are limited to 1 MB');
    case 'entity.parse.failed':
      return invalidInput([{ path: '', message: 'JSON 格式错误 / malformed JSON' }]);
    case TOO_DEEP:
      return invalidInput(
        [{ path: '', message: `JSON 嵌套不得超过 ${MAX_JSON_DEPTH} 层 / JSON may nest at most ${MAX_JSON_DEPTH} levels deep` }],
        `请求体嵌套过深（上限 ${MAX_JSON_DEPTH} 层）/ the body nests deeper than the limit of ${MAX_JSON_DEPTH} levels`,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiProblem('unsupported-media-type', '请使用 UTF-8 编码的 JSON / use UTF-8 JSON');
    default:
      return undefined;
  }
}

/**
 * Any error as a problem. Unknown errors become a 500 whose body says nothing about the
 * internals; the caller logs the original.
 */
export function toProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (err instanceof ZodError) return invalidInput(fieldErrors(err.issues));
  if (err instanceof DomainError) return domainProblem(err.code, err.message, err.ruleIds, err.missing);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    return failureProblem(err.cause) ?? new ApiProblem('internal');
  }
  if (err instanceof WorkflowNotFoundError) return new ApiProblem('not-found', '未找到该决策程序 / no such procedure');
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ApiProblem('already-exists', '该业务编号的决策程序已经启动 / a procedure with this key was already started');
  }
  if (isTransient(err)) return new ApiProblem('temporarily-unavailable', undefined, {}, { 'Retry-After': String(RETRY_AFTER_S) });
  if (err && typeof err === 'object') {
    const p = bodyParserProblem(err as { type?: unknown });
    if (p) return p;
  }
  return new ApiProblem('internal');
}

const RETRY_AFTER_S = 2;
/** gRPC codes of a Temporal that is busy or restarting: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const TRANSIENT_GRPC = new Set([4, 8, 14]);

/**
 * Temporal did not answer in time (an update waiting for a busy or restarting worker, a server
 * restarting): nothing is known to have happened, and a retry with the same Idempotency-Key has
 * one effect at most, so the client is told to retry (503, Retry-After) rather than 500.
 */
function isTransient(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  // A read that met a fired alarm before its workflow task: the worker replays the procedure (ALARM_BEFORE_ITS_TASK).
  if (err instanceof Error && err.message.includes(ALARM_BEFORE_ITS_TASK)) return true;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return [err, cause].some((e) => isGrpcServiceError(e) && TRANSIENT_GRPC.has(e.code));
}

export function sendProblem(req: Request, res: Response, problem: ApiProblem): void {
  res.status(problem.status).set(problem.headers).type('application/problem+json').json(problem.body(req.originalUrl));
}

/** The API's error middleware: everything that reaches it leaves as problem+json. */
export const problemErrorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  const problem = toProblem(err);
  if (problem.status >= 500) req.log.error({ err }, 'unhandled error');
  sendProblem(req, res, problem);
};
