import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { Request } from 'express';
import { z } from 'zod';
import type { ProcedureState, Stage } from '../domain';
import { procedureStateQuery } from '../workflows/messages';
import { parseWith } from './http';
import type { HttpResult } from './idempotency';
import { procedureHandle, queryState } from './procedure-calls';
import { LATEST_RUN, listPage, pageTokenSchema, type Clause } from './visibility';

/*
 * What the public routes (api/public.routes.ts, api/consultations.routes.ts) share: their page
 * query, the listing memo, and reading one procedure for the public.
 *
 * The public lists are answered from the visibility store — search attributes plus a memo the
 * API writes when it starts a procedure — and ask a workflow only what the store cannot tell.
 * The memo holds what the lists need and the search attributes do not: the title and whether the
 * item may be disclosed (both fixed at the start, domain/apply.ts).
 */
export const PUBLIC_LISTING_MEMO = 'publicListing';
const publicListingSchema = z.object({ title: z.string(), disclosable: z.boolean() });
export type PublicListing = z.infer<typeof publicListingSchema>;

export function publicListingOf(start: { title: string; attributes: { nonDisclosable?: boolean } }): PublicListing {
  return { title: start.title, disclosable: start.attributes.nonDisclosable !== true };
}

/**
 * The listing memo of a listed workflow; undefined when it was started without one (before the
 * memo existed, or an amendment the workflow started, R-65): only then must the procedure itself
 * be asked whether it may be listed.
 */
export function listingOf(w: WorkflowExecutionInfo): PublicListing | undefined {
  const listing = publicListingSchema.safeParse(w.memo?.[PUBLIC_LISTING_MEMO]);
  return listing.success ? listing.data : undefined;
}

/** A listed procedure's state, or undefined when it cannot be read (a list skips it rather than fail). */
export const listedState = (client: Client, w: WorkflowExecutionInfo): Promise<ProcedureState | undefined> =>
  client.workflow.getHandle(w.workflowId).query(procedureStateQuery).catch(() => undefined);

/** The state of the procedure named by the `key` path parameter; undefined when there is no such procedure. */
export async function publicState(client: Client, req: Request): Promise<ProcedureState | undefined> {
  const { handle } = procedureHandle(client, req);
  return queryState(handle).catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
}

export const publicPageQuery = z.object({
  pageSize: z.coerce.number().int().min(1).max(20).default(10),
  pageToken: pageTokenSchema.optional(),
});

/**
 * One page of a public list: the procedures in `stages` (the page query of the request), each
 * shown as `item` makes it or left out (undefined). A page may hold fewer items than its size.
 */
export async function publicListPage<T>(client: Client, req: Request, stages: readonly Stage[], item: (w: WorkflowExecutionInfo) => Promise<T | undefined>): Promise<HttpResult> {
  const q = parseWith(publicPageQuery, req.query, 'query');
  const clauses: Clause[] = [{ field: 'WorkflowType', op: '=', value: 'decisionProcedure' }, LATEST_RUN, { field: 'ProcedureStage', op: 'IN', value: [...stages] }];
  const page = await listPage(client, clauses, q.pageSize, q.pageToken);
  const items = (await Promise.all(page.executions.map(item))).filter((i) => i !== undefined);
  return { status: 200, body: { items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) } };
}
