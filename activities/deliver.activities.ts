import { createHash } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { isPermanent, reasonOf } from './channels/errors';
import type { EmailChannel } from './channels/email';
import type { InAppChannel } from './channels/in-app';
import { redact, type WebhookChannel } from './channels/webhook';
import type { DeliveryLog, Channel, JobRef } from '../runtime/delivery-log';
import { resolveParty, type Directory } from './directory';
import type { DeliveryFailureReport, DeliveryJob } from './notice-types';
import { renderNotice, TEMPLATES } from './templates';

/** Failure types `deliverNotice` raises; the dispatcher and operators read them. */
export const DELIVERY_FAILURES = {
  /** Some channel is down: retried with backoff. */
  unavailable: 'DeliveryUnavailable',
  /** Every failed channel refused for good (no such mailbox, webhook 4xx): not retried. */
  refused: 'DeliveryRefused',
} as const;

/** Where delivery logs go outside an activity (the notice relay, runtime/notice-relay.ts). */
export interface DeliveryLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export interface DeliverDeps {
  log: DeliveryLog;
  /** Used when no activity is running: the relay calls these functions directly. */
  logger?: DeliveryLogger;
  directory: { current(): Promise<Directory | undefined> };
  inApp: InAppChannel;
  /** Absent when SMTP_URL is unset: the email channel is off. */
  email?: EmailChannel;
  webhook: WebhookChannel;
}

/**
 * The id a reader sees a notice under (issue: exactly-once to the reader): a hash of
 * procedure, event, template, recipient and channel, so every retry and every re-enqueue of
 * the same notice yields the same id, and the delivery log, the inbox, the Message-ID and
 * the X-Notice-Id header all dedupe on it.
 */
export function noticeId(job: Pick<DeliveryJob, 'procedureKey' | 'eventSeq' | 'template'>, recipient: string, channel: Channel): string {
  const h = createHash('sha256').update(JSON.stringify([job.procedureKey, job.eventSeq, job.template, recipient, channel]));
  return `n-${h.digest('hex').slice(0, 32)}`;
}

interface Target {
  channel: Channel;
  /** Names the recipient in the notice id (stable: a person id, not an address). */
  recipientKey: string;
  /** How the log and the listing show the recipient. */
  recipient: string;
  send(id: string): Promise<{ messageId?: string }>;
}

/** The activity's logger inside an activity, the deps' (or none) outside. */
function loggerOf(deps: DeliverDeps): DeliveryLogger {
  try {
    Context.current();
    return log;
  } catch {
    return deps.logger ?? { warn: () => undefined, error: () => undefined };
  }
}

function targetsFor(deps: DeliverDeps, job: DeliveryJob, directory: Directory | undefined): Target[] {
  const r = resolveParty(directory, job.party);
  const log = loggerOf(deps);
  if (job.party.head && !r.known) {
    log.warn('通讯录中没有该单位的负责人，督办仅送达单位本身 / no head listed for the unit: the escalation reaches the unit only', { party: job.party });
  } else if (directory && !r.known) {
    log.warn('通讯录中没有该单位，仅发送站内通知 / unit not in the directory: in-app only', { party: job.party });
  }
  const desk = `${job.party.role}:${job.party.unit ?? '*'}${job.party.head ? ':head' : ''}${job.party.personId === undefined ? '' : `:person:${job.party.personId}`}`;
  const render = (id: string, name?: string) =>
    renderNotice(job, name === undefined ? { noticeId: id } : { noticeId: id, name });
  const targets: Target[] = [];
  if (r.inApp) {
    targets.push({
      channel: 'in_app',
      recipientKey: `party:${desk}`,
      recipient: desk,
      send: async (id) => {
        const t = render(id);
        await deps.inApp.send({ id, procedureKey: job.procedureKey, party: job.party, subject: t.subject, body: t.body, at: job.at, ruleId: job.ruleId });
        return {};
      },
    });
  }
  // SMTP_URL unset turns the email channel off: those targets do not exist, rather than fail.
  const email = deps.email;
  if (email) {
    for (const p of r.email) {
      targets.push({
        channel: 'email',
        recipientKey: `person:${p.personId}`,
        recipient: `${p.personId} ${p.name} <${p.email}>`,
        send: async (id) => {
          const t = render(id, p.name);
          return email.send({ id, to: { name: p.name, email: p.email }, subject: t.subject, text: t.body });
        },
      });
    }
  }
  for (const w of r.webhooks) {
    targets.push({
      channel: 'webhook',
      recipientKey: `webhook:${job.party.unit ?? '*'}:${w.id}`,
      recipient: `${w.id === w.url ? '' : `${w.id} `}${redact(w.url)}`,
      send: async (id) => {
        const t = render(id);
        const payload = {
          id,
          procedureKey: job.procedureKey,
          title: job.title,
          eventSeq: job.eventSeq,
          at: job.at,
          template: job.template,
          ruleId: job.ruleId,
          recipient: job.party,
          subject: t.subject,
          text: t.body,
          data: job.data,
        };
        await deps.webhook.send({ id, url: w.url, secret: w.secret, payload });
        return {};
      },
    });
  }
  return targets;
}

const attemptNow = (): number => {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (a unit test)
  }
};

const refOf = (job: DeliveryJob): JobRef => ({
  key: job.key,
  procedureKey: job.procedureKey,
  eventSeq: job.eventSeq,
  template: job.template,
  party: job.party,
});

export function createDeliverActivities(deps: DeliverDeps) {
  return {
    /**
     * Delivers one notice to one party on every channel the directory gives it. Ids already in
     * the delivery log are skipped, so a retry after a partial failure sends only what is
     * missing. Every channel is tried before the attempt fails, so one outage delays no other.
     */
    async deliverNotice(job: DeliveryJob): Promise<{ delivered: number; skipped: number }> {
      if (!Object.hasOwn(TEMPLATES, job.template)) {
        throw ApplicationFailure.create({ type: DELIVERY_FAILURES.refused, message: `没有该通知模板 / no template ${job.template}`, nonRetryable: true });
      }
      const directory = await deps.directory.current().catch((err: unknown) => {
        // An operator's typo in the file: retried (not refused) so the notice goes out once it is fixed.
        loggerOf(deps).error('通讯录无效 / directory invalid', { reason: reasonOf(err) });
        throw err;
      });
      const targets = targetsFor(deps, job, directory);
      const ref = refOf(job);
      let delivered = 0;
      let skipped = 0;
      const failures: { channel: Channel; recipient: string; reason: string; permanent: boolean }[] = [];
      await Promise.all(
        targets.map(async (t) => {
          const id = noticeId(job, t.recipientKey, t.channel);
          if (await deps.log.isDelivered(id)) {
            skipped += 1;
            return;
          }
          try {
            const { messageId } = await t.send(id);
            const at = new Date().toISOString();
            await deps.log.recordDelivered({ at, id, job: ref, channel: t.channel, recipient: t.recipient, ...(messageId ? { messageId } : {}) });
            delivered += 1;
          } catch (err) {
            const f = { channel: t.channel, recipient: t.recipient, reason: reasonOf(err), permanent: isPermanent(err) };
            failures.push(f);
            await deps.log.recordAttemptError({
              at: new Date().toISOString(),
              id,
              job: ref,
              channel: t.channel,
              recipient: t.recipient,
              error: f.reason,
              retryable: !f.permanent,
              attempt: attemptNow(),
            });
          }
        }),
      );
      if (failures.length === 0) return { delivered, skipped };
      const message = failures.map((f) => `${f.channel} ${f.recipient}: ${f.reason}`).join('; ');
      if (failures.every((f) => f.permanent)) {
        throw ApplicationFailure.create({ type: DELIVERY_FAILURES.refused, message, nonRetryable: true, details: [failures] });
      }
      throw ApplicationFailure.create({ type: DELIVERY_FAILURES.unavailable, message, details: [failures] });
    },

    /** A job that reached the retry limit: recorded so operators see it (listing, metric). */
    async recordDeliveryFailure(report: DeliveryFailureReport): Promise<void> {
      const failed = await deps.log.recordFailed(refOf(report.job), report.reason, new Date().toISOString());
      loggerOf(deps).error('通知未能送达 / notice not delivered', { job: report.job.key, reason: report.reason, undelivered: failed.undelivered });
    },
  };
}

export type DeliverActivities = ReturnType<typeof createDeliverActivities>;
