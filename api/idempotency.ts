import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ApiProblem, invalidInput } from './problem';

/*
 * Idempotency-Key on every POST (docs/rules.md §3: a repeated request gets the first result, once).
 * Two layers, because a repeat may reach this process or another one (or this one after a
 * restart):
 *  1. This store keeps each key's first answer, scoped by caller, method and path. Repeats that
 *     arrive while the first is still running wait for it, so 20 concurrent repeats run once.
 *  2. Temporal makes the effect itself unique even without this store: a command's update ID
 *     and a refusal signal's request ID are derived from the same scoped key (the server
 *     dedupes both, also after the procedure has ended), and a create stores the scoped key in
 *     the workflow's memo, so a repeat finds its own procedure instead of a conflict.
 * Answers of 5xx are not kept: a retry after a failure should try again.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY = /^[\x21-\x7E]{1,255}$/;

/** What a handler answers; kept as such for repeats. */
export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** The request's Idempotency-Key, if any; a malformed one is a 400. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw invalidInput([{ path: `header.${IDEMPOTENCY_HEADER}`, message: '应为 1–255 个可见 ASCII 字符 / 1–255 visible ASCII characters' }]);
  }
  return key;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The key as the effect sees it: one caller's key on one route never collides with another's.
 * The route is the matched rule (its id in api/authorization.ts) and its decoded parameters, not
 * the raw path: `/procedures/PA-001/…`, `/Procedures/PA-001/…`, `/procedures/PA%2D001/…` and
 * `/procedures/PA-001/…/` are one request, applied once.
 */
export function scopedKey(personId: string, req: Pick<Request, 'method' | 'params'>, routeId: string, key: string): string {
  const params = Object.entries((req.params ?? {}) as Record<string, string>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  return sha256([personId, req.method, routeId, ...params, key].join('\n'));
}

/** What makes two requests "the same" for a key: the body (and the role they act in). */
export function fingerprintOf(req: Request, role: string): string {
  return sha256(`${role}\n${JSON.stringify(req.body ?? null)}`);
}

/** A deterministic UUID-shaped id from a scoped key (Temporal's request IDs look like UUIDs). */
export function uuidFrom(scoped: string, purpose: string): string {
  const h = sha256(`${purpose}\n${scoped}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Entry {
  fingerprint: string;
  promise: Promise<HttpResult>;
  settled: boolean;
  expiresAt: number;
  /** Size of the kept answer, once known (answers carry whole procedure states). */
  bytes: number;
}

export interface IdempotencyOptions {
  /** How long a first answer is kept (default 24 h, as the IETF draft suggests). */
  ttlMs?: number;
  /** Bounds on memory; the oldest keys go first. */
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly now: () => number;

  constructor(opts: IdempotencyOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
  }

  /** Runs `produce` once per scoped key; repeats (concurrent or later) get its answer. */
  async run(scope: string, fingerprint: string, produce: () => Promise<HttpResult>): Promise<{ result: HttpResult; replayed: boolean }> {
    this.evict();
    const existing = this.entries.get(scope);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw existing.settled
          ? new ApiProblem('idempotency-key-reused', '该幂等键已用于内容不同的请求 / this key was used for a different request')
          : new ApiProblem('idempotency-key-in-use', '使用该幂等键的另一请求尚未完成 / another request with this key is still running');
      }
      return { result: await existing.promise, replayed: true };
    }
    const entry: Entry = { fingerprint, promise: produce(), settled: false, expiresAt: this.now() + this.ttlMs, bytes: 0 };
    this.entries.set(scope, entry);
    try {
      const result = await entry.promise;
      entry.settled = true;
      if (result.status >= 500) this.drop(scope);
      else if (this.entries.get(scope) === entry) {
        entry.bytes = JSON.stringify(result.body ?? null).length;
        this.bytes += entry.bytes;
      }
      return { result, replayed: false };
    } catch (err) {
      this.drop(scope);
      throw err;
    }
  }

  private drop(scope: string): void {
    const e = this.entries.get(scope);
    if (!e) return;
    this.bytes -= e.bytes;
    this.entries.delete(scope);
  }

  private evict(): void {
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (e.settled && e.expiresAt <= now) this.drop(k);
    }
    // Map iteration is insertion order: the oldest keys are dropped first.
    for (const k of this.entries.keys()) {
      if (this.entries.size < this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
  }
}
