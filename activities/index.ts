import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Config } from '../runtime/config';
import { EmailChannel } from './channels/email';
import { InAppChannel } from './channels/in-app';
import { WebhookChannel } from './channels/webhook';
import { createDeliverActivities, type DeliverDeps, type DeliveryLogger } from './deliver.activities';
import { DeliveryLog } from '../runtime/delivery-log';
import { DirectorySource } from './directory';
import { createEnqueueActivities } from './enqueue-notices.activities';
import { InAppInbox, inboxFile } from './in-app-inbox';
import { loadNotificationConfig, type NotificationConfig } from './notification-config';
import { createNotifyActivities } from './notify.activities';

/** What activities may need from the process that hosts them. */
export interface ActivityDeps {
  config: Config;
  /** Tests pass their own inbox; the worker builds one under DATA_DIR. */
  inbox?: InAppInbox;
  /** The client `enqueueNotices` signals the dispatcher with; the worker's own when absent. */
  client?: Client;
  /** Delivery settings; read from the environment (SMTP_URL, DIRECTORY_FILE, …) when absent. */
  notifications?: NotificationConfig;
  /** Tests pass their own; otherwise built from `notifications`. */
  deliveryLog?: DeliveryLog;
  directory?: DeliverDeps['directory'];
  /** Where deliveries log when the notice relay, not an activity, runs them. */
  logger?: DeliveryLogger;
}

export { inboxFile } from '../runtime/in-app-inbox';

/**
 * The registry of every activity the worker hosts, built from a factory so tests pass typed
 * deps (STYLE: activities from a factory). Workflows reference it by `import type` only.
 */
export function createActivities(deps: ActivityDeps) {
  const inbox = deps.inbox ?? new InAppInbox(inboxFile(deps.config));
  const n = deps.notifications ?? loadNotificationConfig(deps.config.dataDir);
  return {
    ...createNotifyActivities({ inbox }),
    ...createEnqueueActivities({ ...(deps.client ? { client: deps.client } : {}), policy: n.policy }),
    ...createDeliverActivities({
      log: deps.deliveryLog ?? new DeliveryLog(n.deliveryLogFile),
      directory: deps.directory ?? new DirectorySource(n.directoryFile),
      inApp: new InAppChannel(inbox),
      ...(n.smtp ? { email: new EmailChannel({ ...n.smtp, timeoutMs: n.timeoutMs }) } : {}),
      webhook: new WebhookChannel({ timeoutMs: n.timeoutMs }),
      ...(deps.logger ? { logger: deps.logger } : {}),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** The notice relay's journal folder (runtime/notice-journal.ts). */
export function noticeOutboxDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'notifications', 'outbox');
}
