import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentDeliveryError } from './errors';

export interface EmailMessage {
  /** The notice id: the Message-ID is built from it, so a resend after a crash is the same message. */
  id: string;
  to: { name: string; email: string };
  subject: string;
  text: string;
}

/** The email channel: SMTP through nodemailer (SMTP_URL, SMTP_FROM). */
export class EmailChannel {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly cfg: { url: string; from: string; timeoutMs: number }) {
    this.transport = nodemailer.createTransport({
      url: cfg.url,
      // Fail an attempt within the timeout so Temporal's backoff, not a hung socket, paces retries.
      connectionTimeout: cfg.timeoutMs,
      greetingTimeout: cfg.timeoutMs,
      socketTimeout: cfg.timeoutMs,
    });
    this.domain = /@([^\s@>]+)>?\s*$/.exec(cfg.from)?.[1] ?? 'localhost';
  }

  /** The deterministic Message-ID of a notice (RFC 5322 msg-id): mail clients and gateways dedupe on it. */
  messageId(noticeId: string): string {
    return `<${noticeId}@${this.domain}>`;
  }

  async send(m: EmailMessage): Promise<{ messageId: string }> {
    const messageId = this.messageId(m.id);
    try {
      await this.transport.sendMail({
        from: this.cfg.from,
        to: { name: m.to.name, address: m.to.email },
        subject: m.subject,
        text: m.text,
        messageId,
        headers: { 'X-Notice-Id': m.id },
      });
    } catch (err) {
      throw classify(err);
    }
    return { messageId };
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * A 5xx answer to the envelope (RCPT TO: no such mailbox, address refused) is permanent;
 * connection failures, timeouts, 4xx and authentication problems are outages an operator
 * or time can fix, so they are retried.
 */
function classify(err: unknown): unknown {
  const e = err as { code?: string; responseCode?: number; message?: string };
  if (e.code === 'EENVELOPE' && (e.responseCode === undefined || e.responseCode >= 500)) {
    return new PermanentDeliveryError(`邮件地址被拒收 / address refused: ${e.message ?? String(err)}`);
  }
  return err;
}
