/**
 * A delivery the far side refused for good (a mailbox that does not exist, a webhook answering
 * 404): retrying cannot help, so it fails the attempt as non-retryable. Every other error a
 * channel throws is taken as an outage and retried with backoff.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentDeliveryError;
}

/** A short, single-line reason for logs and listings (no stack, no multi-line server banners). */
export function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
