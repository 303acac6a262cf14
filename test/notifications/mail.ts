import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, with the parts a reader sees decoded. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  header(name: string): string | undefined;
  subject: string;
  text: string;
}

const WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;

const qBytes = (s: string, underscoreIsSpace: boolean) => {
  const t = underscoreIsSpace ? s.replace(/_/g, ' ') : s;
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const m = /^=([0-9A-Fa-f]{2})/.exec(t.slice(i, i + 3));
    if (m) {
      out.push(parseInt(m[1] as string, 16));
      i += 2;
    } else out.push(t.charCodeAt(i));
  }
  return Buffer.from(out);
};

/** RFC 2047 encoded words; adjacent words are joined as bytes, so a character split across two decodes whole. */
function decodeWords(value: string): string {
  let out = '';
  let bytes: Buffer[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.concat(bytes).toString('utf8');
    bytes = [];
  };
  for (const m of value.matchAll(WORD)) {
    const between = value.slice(last, m.index);
    if (bytes.length > 0 && between.trim() !== '') flush();
    if (bytes.length === 0) out += between;
    const [, , enc, payload = ''] = m;
    bytes.push(enc?.toUpperCase() === 'B' ? Buffer.from(payload, 'base64') : qBytes(payload, true));
    last = (m.index ?? 0) + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Just enough MIME for a single-part text message: headers, encoded words, base64 / quoted-printable. */
export function parseMail(raw: string, envelope: ReceivedMail['envelope']): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? qBytes(body.replace(/=\r\n/g, ''), false).toString('utf8')
        : body;
  return {
    envelope,
    raw,
    header: (name) => headers.get(name.toLowerCase()),
    subject: decodeWords(headers.get('subject') ?? ''),
    text: text.replace(/\r\n/g, '\n').trimEnd(),
  };
}

/**
 * A real SMTP server on loopback that keeps what it receives. Plain SMTP: no STARTTLS, no AUTH.
 * Mailboxes in `unknown` are refused at RCPT TO with 550, as a real server refuses a typo.
 */
export async function startSmtpSink(port = 0, unknown: string[] = []): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!unknown.includes(address.address)) return callback();
      callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), { from, to: session.envelope.rcptTo.map((r) => r.address) }));
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
