import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

type Verify = (secret: string, headers: IncomingHttpHeaders, rawBody: Buffer | string, nowMs?: number) => boolean;

/**
 * The verification snippet exactly as docs/notifications.md prints it: the test runs the
 * documented code, so a receiver that copies it is known to accept what the service sends.
 */
export function documentedVerify(): Verify {
  const doc = readFileSync(path.join(__dirname, '../../docs/notifications.md'), 'utf8');
  const m = /```js\n(\/\/ verify-notice\.js[\s\S]*?)```/.exec(doc);
  if (!m) throw new Error('docs/notifications.md: verify-notice.js snippet not found');
  const mod: { exports: { verifyNotice?: Verify } } = { exports: {} };
  new Function('require', 'module', m[1] as string)(require, mod);
  if (!mod.exports.verifyNotice) throw new Error('the snippet does not export verifyNotice');
  return mod.exports.verifyNotice;
}

export interface Receiver {
  url: string;
  /** Requests that passed the signature check and were answered 2xx, one per distinct X-Notice-Id. */
  accepted: { id: string; body: Record<string, unknown> }[];
  /** Every request, with what it was answered. */
  requests: { id: string; status: number }[];
  close(): Promise<void>;
}

/**
 * A real HTTP webhook receiver on loopback. It verifies each signature with the documented
 * snippet (401 when it fails), answers `failFirst` correctly signed requests with `failStatus`
 * (an outage), then 200, and drops a repeated X-Notice-Id as a careful receiver would.
 */
export async function startWebhookReceiver(opts: { secret: string; failFirst?: number; failStatus?: number }): Promise<Receiver> {
  const verify = documentedVerify();
  const accepted: Receiver['accepted'] = [];
  const requests: Receiver['requests'] = [];
  let failuresLeft = opts.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const id = String(req.headers['x-notice-id'] ?? '');
      let status = 200;
      if (!verify(opts.secret, req.headers, raw)) status = 401;
      else if (failuresLeft > 0) {
        failuresLeft -= 1;
        status = opts.failStatus ?? 500;
      } else if (!accepted.some((a) => a.id === id)) {
        accepted.push({ id, body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> });
      }
      requests.push({ id, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notices`,
    accepted,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
