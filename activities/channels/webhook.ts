import { createHmac } from 'node:crypto';
import { PermanentDeliveryError } from './errors';

/** Header names of a signed webhook (docs/notifications.md has the receiver's side). */
export const WEBHOOK_HEADERS = {
  id: 'X-Notice-Id',
  timestamp: 'X-Notice-Timestamp',
  signature: 'X-Notice-Signature',
} as const;

/**
 * `v1=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>`. The timestamp is inside the MAC
 * so a receiver that refuses old timestamps also refuses a replayed request.
 */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

export interface WebhookRequest {
  /** Sent as X-Notice-Id: the same on every retry, so the receiver can drop a duplicate. */
  id: string;
  url: string;
  secret: string;
  payload: unknown;
}

/** The webhook channel: a signed JSON POST. */
export class WebhookChannel {
  constructor(private readonly cfg: { timeoutMs: number; now?: () => number }) {}

  async send(r: WebhookRequest): Promise<{ status: number }> {
    const body = JSON.stringify(r.payload);
    // Signed at each attempt: a retry an hour later carries a fresh timestamp, not a stale one.
    const timestamp = String(Math.floor((this.cfg.now ?? Date.now)() / 1000));
    const res = await fetch(r.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        [WEBHOOK_HEADERS.id]: r.id,
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: webhookSignature(r.secret, timestamp, body),
      },
      body,
      // A redirect would re-send the signed body elsewhere, or turn the POST into a GET.
      redirect: 'manual',
      signal: AbortSignal.timeout(this.cfg.timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: res.status };
    const what = `答复 / answered HTTP ${res.status}`;
    // 408 and 429 ask to come back later; 5xx is the receiver's outage: both are retried.
    if (res.status === 408 || res.status === 429 || res.status >= 500) throw new Error(what);
    throw new PermanentDeliveryError(what);
  }
}

/** The URL without credentials or query (which may hold a token) for logs and listings. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
