/**
 * The first page of a procedure list and its per-stage counts, kept briefly for the same query
 * (LIST_CACHE_MS): an inbox or a dashboard opened by many people at once asks the visibility
 * store once. Requests that arrive while the answer is on its way share it. A failed answer is
 * not kept. Every command this process accepts clears it (api/routers.ts), so a person sees
 * their own change on the next read as far as the visibility store has it.
 */
export class ListCache {
  private readonly entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    const entry = { until: now + this.ttlMs, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    // The oldest first out (a Map iterates in insertion order).
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
