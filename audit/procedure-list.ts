import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { msNumberToTs } from '@temporalio/common/lib/time';
import type { Stage } from '../domain';
import { SEARCH_ATTRIBUTES as SA } from '../runtime/search-attributes';
import { procedureKeyOf } from '../workflows/ids';

/*
 * Which procedures exist: a visibility query on the project's search attributes (no personal
 * data there, ARCHITECTURE decision 5). A server without the query API (the time-skipping
 * test server, or a cluster on standard visibility) is listed through the older open/closed
 * listings instead, and the filter is applied to each execution's search attributes.
 */

export interface ProcedureFilter {
  stage?: Stage;
  decisionOrgan?: string;
  sponsorUnit?: string;
  /** only procedures flagged as delayed (久拖不决). */
  delayed?: boolean;
}

export interface ListedProcedure {
  procedureKey: string;
  workflowId: string;
  /** The latest run. */
  runId: string;
  status: string;
  startTime: string;
  stage?: string;
  decisionOrgan?: string;
  sponsorUnit?: string;
  delayed?: boolean;
}

/** A value as a literal of the visibility query language: quoted, with \ and ' escaped. */
const literal = (v: string | boolean): string => (typeof v === 'boolean' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

/**
 * A field name in backquotes: the query parser reads SQL, where DELAYED is a reserved word
 * (MySQL's INSERT DELAYED), so a bare `Delayed` is taken for the keyword and refused.
 */
const field = (name: string): string => `\`${name}\``;

/** The query for a filter; field names come from code, values only through `literal`. */
export function procedureQuery(f: ProcedureFilter): string {
  const clauses = [`${field('WorkflowType')} = ${literal('decisionProcedure')}`];
  if (f.stage) clauses.push(`${field(SA.ProcedureStage.name)} = ${literal(f.stage)}`);
  if (f.decisionOrgan) clauses.push(`${field(SA.DecisionOrgan.name)} = ${literal(f.decisionOrgan)}`);
  if (f.sponsorUnit) clauses.push(`${field(SA.SponsorUnit.name)} = ${literal(f.sponsorUnit)}`);
  if (f.delayed !== undefined) clauses.push(`${field(SA.Delayed.name)} = ${literal(f.delayed)}`);
  return clauses.join(' AND ');
}

function summary(w: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'startTime' | 'typedSearchAttributes'>): ListedProcedure {
  const get = w.typedSearchAttributes;
  const opt = <T>(name: string, v: T | undefined) => (v === undefined ? {} : { [name]: v });
  return {
    procedureKey: procedureKeyOf(w.workflowId) ?? w.workflowId,
    workflowId: w.workflowId,
    runId: w.runId,
    status: w.status.name,
    startTime: w.startTime.toISOString(),
    ...opt('stage', get.get(SA.ProcedureStage)),
    ...opt('decisionOrgan', get.get(SA.DecisionOrgan)),
    ...opt('sponsorUnit', get.get(SA.SponsorUnit)),
    ...opt('delayed', get.get(SA.Delayed)),
  };
}

const matches = (p: ListedProcedure, f: ProcedureFilter): boolean =>
  (f.stage === undefined || p.stage === f.stage) &&
  (f.decisionOrgan === undefined || p.decisionOrgan === f.decisionOrgan) &&
  (f.sponsorUnit === undefined || p.sponsorUnit === f.sponsorUnit) &&
  (f.delayed === undefined || (p.delayed ?? false) === f.delayed);

const UNIMPLEMENTED = 12;
/** The client wraps gRPC errors (ServiceError); the status code is on the cause. */
const isUnimplemented = (err: unknown): boolean => {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return e?.code === UNIMPLEMENTED || e?.cause?.code === UNIMPLEMENTED;
};

/** The older listings: every open and closed execution of the workflow type, page by page. */
async function* legacyListing(client: Client): AsyncGenerator<WorkflowExecutionInfo> {
  const namespace = client.options.namespace;
  const startTimeFilter = { earliestTime: msNumberToTs(0), latestTime: msNumberToTs(Date.now() + 100 * 365 * 86400_000) };
  const typeFilter = { name: 'decisionProcedure' };
  for (const kind of ['open', 'closed'] as const) {
    let nextPageToken: Uint8Array | undefined;
    do {
      const req = { namespace, maximumPageSize: 100, startTimeFilter, typeFilter, ...(nextPageToken ? { nextPageToken } : {}) };
      const svc = client.workflowService;
      const res = kind === 'open' ? await svc.listOpenWorkflowExecutions(req) : await svc.listClosedWorkflowExecutions(req);
      for (const raw of res.executions ?? []) yield (await executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace)) as WorkflowExecutionInfo;
      nextPageToken = res.nextPageToken && res.nextPageToken.length > 0 ? res.nextPageToken : undefined;
    } while (nextPageToken);
  }
}

/**
 * Every procedure matching the filter, once each (its latest run). Runs closed by
 * continue-as-new are skipped: the run that continued them is listed.
 */
export async function* listProcedures(client: Client, filter: ProcedureFilter = {}): AsyncGenerator<ListedProcedure> {
  const seen = new Set<string>();
  // The older listings may ignore the type filter (the time-skipping server does): check it here.
  const keep = (w: WorkflowExecutionInfo) =>
    w.type === 'decisionProcedure' && procedureKeyOf(w.workflowId) !== undefined && w.status.name !== 'CONTINUED_AS_NEW' && !seen.has(w.workflowId) && seen.add(w.workflowId);
  const iterator = client.workflow.list({ query: procedureQuery(filter) })[Symbol.asyncIterator]();
  let first: IteratorResult<WorkflowExecutionInfo>;
  try {
    first = await iterator.next();
  } catch (err) {
    if (!isUnimplemented(err)) throw err;
    for await (const w of legacyListing(client)) {
      if (!keep(w)) continue;
      // The listing may omit search attributes: read them from the execution itself.
      const described = w.typedSearchAttributes.getAll().length > 0 ? w : await client.workflow.getHandle(w.workflowId, w.runId).describe();
      const p = summary(described);
      if (matches(p, filter)) yield p;
    }
    return;
  }
  for (let r = first; !r.done; r = await iterator.next()) if (keep(r.value)) yield summary(r.value);
}
