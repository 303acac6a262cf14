import type { z } from 'zod';

/**
 * What the OpenAPI description says about one route beside its row in the authorization
 * table (method, path, roles). Route modules export these next to their routers so the
 * description is generated from the same zod schemas the handlers use (api/openapi.ts).
 */
export interface RouteDoc {
  /** The route's id in api/authorization.ts, also its operationId. */
  id: string;
  /** zh-CN first, then English. */
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; mediaType?: string; description?: string };
  /** The success answer(s). Problem answers are added from the route's kind. */
  responses: Record<number, { description: string; schema?: z.ZodType; mediaType?: string }>;
  /** Problem statuses the route can answer, when the default by kind of route is wrong. */
  problems?: number[];
  /** Headers the route reads besides Authorization and Idempotency-Key. */
  headers?: { name: string; description: string; required?: boolean }[];
}
