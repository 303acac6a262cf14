import type { Client } from '@temporalio/client';
import type { JurisdictionPolicy, WorkingCalendar } from '../domain';
import type { Config } from '../runtime/config';
import type { AppLogger } from '../runtime/logger';
import type { TokenVerifier } from './auth/tokens';
import type { DocumentStore } from './documents/store';
import type { IdempotencyStore } from './idempotency';
import type { ListCache } from './list-cache';
import type { UnitDirectory } from './unit-directory';

/** What every route module gets: built once by createApiRouters (api/routers.ts). */
export interface RouteContext {
  client: Client;
  config: Config;
  logger: AppLogger;
  documents: DocumentStore;
  idempotency: IdempotencyStore;
  verify: TokenVerifier;
  /** The units that exist: tokens and new procedures name only these. */
  directory: UnitDirectory;
  /**
   * The policy and calendar a procedure of a jurisdiction pins when it starts here
   * (ARCHITECTURE decision 6); no id means the configured default jurisdiction.
   */
  rules: (jurisdiction?: string) => { policy: JurisdictionPolicy; calendar: WorkingCalendar };
  /** Largest document upload, in bytes (413 beyond). */
  documentMaxBytes: number;
  /** Public endpoints: requests per window per client address (429 beyond). */
  publicRateLimit: { windowMs: number; limit: number };
  /** Lists' first pages and counts, kept briefly (LIST_CACHE_MS). */
  lists: ListCache;
}
