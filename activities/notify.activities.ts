import type { Party } from '../domain';
import type { InAppInbox } from './in-app-inbox';

/** One missing item as a party reads it. */
export interface NoticeItem {
  item: string;
  ruleId: string;
  message: string;
}

/** What the workflow asks to be told: each recipient with its own items; texts rendered here, zh-CN first. */
export interface NotifyRequest {
  procedureKey: string;
  title: string;
  /** The domain event's identity: (procedure, this id, recipient, channel) names each notice. */
  eventId: string;
  at: string;
  template: 'stepsMissing';
  command: string;
  commandTitle: string;
  deliveries: { recipient: Party; items: NoticeItem[] }[];
}

export function noticeId(procedureKey: string, eventId: string, r: Party, channel: string): string {
  return [procedureKey, eventId, `${r.role}:${r.unit ?? '*'}`, channel].join('|');
}

function render(req: NotifyRequest, items: NoticeItem[]): { subject: string; body: string } {
  return {
    subject: `【${req.title}】「${req.commandTitle}」未能办理：缺少前置步骤 / Refused: steps missing`,
    body: [
      `「${req.commandTitle}」未能办理，以下事项需要贵单位完成：`,
      ...items.map((i) => `- ${i.message}（${i.ruleId}）`),
    ].join('\n'),
  };
}

export function createNotifyActivities(deps: { inbox: InAppInbox }) {
  return {
    /** One in-app notice per recipient; idempotent per notice id, so a retry shows it once. */
    async notifyParties(req: NotifyRequest): Promise<{ delivered: number }> {
      let delivered = 0;
      for (const d of req.deliveries) {
        const { subject, body } = render(req, d.items);
        const added = await deps.inbox.deliver({
          id: noticeId(req.procedureKey, req.eventId, d.recipient, 'in_app'),
          procedureKey: req.procedureKey,
          recipient: d.recipient,
          subject,
          body,
          at: req.at,
        });
        if (added) delivered += 1;
      }
      return { delivered };
    },
  };
}
export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
