/**
 * Short-lived values taken at most once: the state of a sign-in under way (10 minutes) and the
 * ticket that hands its token to the web application (60 seconds). In memory and bounded: when
 * full, the oldest go first, so a flood of sign-ins started and never finished costs a fixed
 * amount of memory. Every value has the store's one lifetime, so insertion order is expiry
 * order and a sweep stops at the first live entry.
 */
export class OneTimeStore<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    readonly ttlMs: number,
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  put(key: string, value: V): void {
    this.sweep();
    this.entries.delete(key);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.max) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** The value, once: a second take, or one after the lifetime, finds nothing. */
  take(key: string): V | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
