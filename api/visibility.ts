import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isGrpcServiceError } from '@temporalio/client';
import { z } from 'zod';
import { ROLES, STAGES, categorySchema } from '../domain';
import { SEARCH_ATTRIBUTES, type SearchAttributeName } from '../runtime/search-attributes';
import { invalidInput } from './problem';

/*
 * Lists are visibility queries on search attributes. A query is never made by pasting user
 * input into a string: the caller's filter is parsed by a zod schema into typed values, the
 * field names come from a whitelist in code, and every value goes through `literal`, which
 * quotes and escapes strings and writes numbers, booleans and instants itself.
 */

/** Every stage, as values for the stage filter (domain/state.ts). */
export { STAGES };

/** Fields a query may name: the project's search attributes and two of Temporal's own. */
export type QueryField = SearchAttributeName | 'WorkflowType' | 'ExecutionStatus';
export type QueryValue = string | number | boolean | Date;
export type Clause =
  | { field: QueryField; op: '=' | '!=' | '<' | '>='; value: QueryValue }
  | { field: QueryField; op: 'IN'; value: QueryValue[] };

const FIELDS = new Set<string>([...Object.keys(SEARCH_ATTRIBUTES), 'WorkflowType', 'ExecutionStatus']);

/** A value as a literal of the visibility query language. */
export function literal(v: QueryValue): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error('invalid date in query');
    return `'${v.toISOString()}'`;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('invalid number in query');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // A backslash would escape the closing quote, so it is escaped first; a quote is doubled (SQL's
  // own escape). Either way the value cannot leave its literal. Filters refuse what a store
  // cannot match faithfully (SAFE_VALUE below).
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function buildQuery(clauses: readonly Clause[]): string {
  return clauses
    .map((c) => {
      if (!FIELDS.has(c.field)) throw new Error(`field ${c.field} is not queryable`);
      // Backquoted: `Delayed` unquoted is read as the SQL keyword DELAYED and refused.
      const field = `\`${c.field}\``;
      return c.op === 'IN' ? `${field} IN (${c.value.map(literal).join(', ')})` : `${field} ${c.op} ${literal(c.value)}`;
    })
    .join(' AND ');
}

/**
 * Filter values may not hold control characters, backslashes or double quotes, nor begin or
 * end with a single quote. A single quote inside a value is escaped (doubled) and matches.
 * The others are not matched faithfully by every visibility store — the dev server's store finds
 * no value that begins or ends with a quote or holds a backslash or a double quote, however
 * escaped (tested) — so such a filter is refused rather than silently finding nothing.
 */
// eslint-disable-next-line no-control-regex
const SAFE_VALUE = /^(?!')[^\u0000-\u001f\u007f\\"]*(?<!')$/;
const SAFE_MESSAGE = '不能包含控制字符、反斜杠、双引号，也不能以单引号开头或结尾 / no control characters, backslashes or double quotes, no leading or trailing quote';
export const unitFilter = z.string().trim().min(1).max(128).regex(SAFE_VALUE, SAFE_MESSAGE);
const roleNames = ROLES as readonly string[];
/** `role` or `role:unit`, as the AwaitingParties keyword list holds them. */
export const awaitingFilter = z
  .string()
  .max(160)
  .regex(SAFE_VALUE, SAFE_MESSAGE)
  .refine((v) => roleNames.includes(v.split(':')[0] ?? ''), '应为 角色 或 角色:单位 / expected role or role:unit');

const PAGE_TOKEN_MESSAGE = '翻页令牌无效：请使用上一页返回的 nextPageToken / invalid page token: use the nextPageToken of the previous page';
/** A page token as the API hands it out (base64url of the server's opaque bytes). */
export const pageTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{1,4096}$/, PAGE_TOKEN_MESSAGE);

const page = {
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: pageTokenSchema.optional(),
};

export const procedureFilterSchema = z.object({
  stage: z.enum(STAGES).optional(),
  sponsorUnit: unitFilter.optional(),
  decisionOrgan: unitFilter.optional(),
  awaiting: awaitingFilter.optional(),
  deadlineBefore: z.iso.datetime({ offset: true }).optional(),
  catalogYear: z.coerce.number().int().min(2000).max(2100).optional(),
  category: categorySchema.optional(),
  delayed: z.enum(['true', 'false']).optional(),
  /** A duty's due date passed undone (set by the workflow on expiry). */
  overdue: z.enum(['true', 'false']).optional(),
  /** `true`: the answer also counts the procedures of each stage under the other filters. */
  counts: z.enum(['true', 'false']).optional(),
  ...page,
  // Up to 1,000 rows a page: the summaries are small (search attributes, no start event in the memo since v7).
  pageSize: z.coerce.number().int().min(1).max(1000).default(20),
});
export type ProcedureFilter = z.infer<typeof procedureFilterSchema>;

/**
 * One item per procedure: a procedure that continued as new has a closed run per
 * continuation besides its latest run; only the latest (running or ended for good) is listed.
 */
export const LATEST_RUN: Clause = { field: 'ExecutionStatus', op: '!=', value: 'ContinuedAsNew' };

export function procedureClauses(f: ProcedureFilter): Clause[] {
  const out: Clause[] = [{ field: 'WorkflowType', op: '=', value: 'decisionProcedure' }, LATEST_RUN];
  if (f.stage) out.push({ field: 'ProcedureStage', op: '=', value: f.stage });
  if (f.sponsorUnit) out.push({ field: 'SponsorUnit', op: '=', value: f.sponsorUnit });
  if (f.decisionOrgan) out.push({ field: 'DecisionOrgan', op: '=', value: f.decisionOrgan });
  if (f.awaiting) out.push({ field: 'AwaitingParties', op: '=', value: f.awaiting });
  if (f.deadlineBefore) out.push({ field: 'NextDeadline', op: '<', value: new Date(f.deadlineBefore) });
  if (f.catalogYear !== undefined) out.push({ field: 'CatalogYear', op: '=', value: f.catalogYear });
  if (f.category) out.push({ field: 'DecisionCategory', op: '=', value: f.category });
  if (f.delayed) out.push({ field: 'Delayed', op: '=', value: f.delayed === 'true' });
  if (f.overdue) out.push({ field: 'Overdue', op: '=', value: f.overdue === 'true' });
  return out;
}

/**
 * The procedures of each stage that the other clauses select: one `count` per stage, in parallel
 * (the dev server's visibility store has no GROUP BY on a custom search attribute).
 */
export async function stageCounts(client: Client, clauses: readonly Clause[]): Promise<Record<string, number>> {
  const others = clauses.filter((c) => c.field !== 'ProcedureStage');
  const counted = await Promise.all(
    STAGES.map(async (stage) => {
      const { count } = await client.workflow.count(buildQuery([...others, { field: 'ProcedureStage', op: '=', value: stage }]));
      return [stage, count] as const;
    }),
  );
  return Object.fromEntries(counted);
}

export const catalogFilterSchema = z.object({
  decisionOrgan: unitFilter.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...page,
});

export interface ListPage {
  executions: WorkflowExecutionInfo[];
  nextPageToken?: string;
}

/*
 * Page tokens are the server's opaque bytes, signed by the API: a token the API did not hand out
 * (forged, truncated, edited) is refused as a 400 before the server sees it — a visibility store
 * may answer such bytes with an internal error, after retries, rather than INVALID_ARGUMENT.
 * The key comes from the JWT secret (configurePageTokens), so every API process of a deployment
 * accepts the others' tokens; without one it is random per process.
 */
const MAC_CHARS = 22; // 16 bytes in base64url
let pageTokenKey: Buffer = randomBytes(32);

/** Derives the page-token key from a secret the API processes share. */
export function configurePageTokens(secret: string | undefined): void {
  if (secret) pageTokenKey = createHmac('sha256', secret).update('decision-procedures page token').digest();
}

const macOf = (bytes: Uint8Array) => createHmac('sha256', pageTokenKey).update(bytes).digest().subarray(0, 16).toString('base64url');

export function encodePageToken(bytes: Uint8Array): string {
  return `${macOf(bytes)}${Buffer.from(bytes).toString('base64url')}`;
}

/** The server's bytes of a token this API handed out; undefined for any other string. */
export function decodePageToken(token: string): Buffer | undefined {
  if (token.length <= MAC_CHARS) return undefined;
  const bytes = Buffer.from(token.slice(MAC_CHARS), 'base64url');
  const mac = Buffer.from(token.slice(0, MAC_CHARS));
  const expected = Buffer.from(macOf(bytes));
  return mac.length === expected.length && timingSafeEqual(mac, expected) ? bytes : undefined;
}

/** gRPC INVALID_ARGUMENT: what the server answers to a page token it cannot read. */
const INVALID_ARGUMENT = 3;

/**
 * One page of a visibility query; the page token is opaque bytes, carried as base64url. A token
 * the server cannot read (forged, truncated, from another query) is the caller's mistake: a 400
 * naming the field, not a 500.
 */
export async function listPage(client: Client, clauses: Clause[], pageSize: number, pageToken?: string): Promise<ListPage> {
  const namespace = client.options.namespace;
  const query = buildQuery(clauses);
  const nextPageToken = pageToken ? decodePageToken(pageToken) : undefined;
  if (pageToken && !nextPageToken) throw invalidInput([{ path: 'query.pageToken', message: PAGE_TOKEN_MESSAGE }]);
  const res = await client.workflowService
    .listWorkflowExecutions({
      namespace,
      query,
      pageSize,
      ...(nextPageToken ? { nextPageToken } : {}),
    })
    .catch((err: unknown) => {
      if (pageToken && isGrpcServiceError(err) && err.code === INVALID_ARGUMENT) {
        throw invalidInput([{ path: 'query.pageToken', message: PAGE_TOKEN_MESSAGE }]);
      }
      throw err;
    });
  const executions = await Promise.all(
    (res.executions ?? []).map((raw) => executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace)),
  );
  const next = res.nextPageToken && res.nextPageToken.length > 0 ? encodePageToken(res.nextPageToken) : undefined;
  return { executions: executions as WorkflowExecutionInfo[], ...(next ? { nextPageToken: next } : {}) };
}

export const sa = SEARCH_ATTRIBUTES;
