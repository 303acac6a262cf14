import path from 'node:path';
import { z } from 'zod';
import { deliveryLogFile } from '../runtime/delivery-log';
import type { DeliveryPolicy } from './notice-types';

/*
 * The variables of notice delivery, read from the environment like runtime/config.ts (which
 * is the lead's file; these join it later). Each bad variable gets its own line naming it.
 */

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, def: string) =>
  z.preprocess((v) => blankToUndefined(v) ?? def, schema);

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "250ms", "10s", "30m", "24h", "7d" → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s?(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const duration = (def: string) =>
  withDefault(
    z.string().transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: '应为时长,例如 250ms、10s、30m、24h、7d / expected a duration such as 250ms, 10s, 30m, 24h, 7d' });
        return z.NEVER;
      }
      return ms;
    }),
    def,
  );

export const notificationEnvSchema = z.object({
  /** smtp://user:pass@host:587 or smtps://…:465; unset = the email channel is off. */
  SMTP_URL: opt(z.url({ protocol: /^smtps?$/, error: '应为 smtp:// 或 smtps:// 地址 / must be an smtp:// or smtps:// URL' })),
  /** The From header, e.g. `重大行政决策 <noreply@example.gov.cn>`; required with SMTP_URL. */
  SMTP_FROM: opt(z.string().regex(/@[^\s@>]+>?\s*$/, { error: '应含邮箱地址 / must contain an email address' })),
  DIRECTORY_FILE: opt(z.string()),
  /** How long one notice keeps retrying before it is recorded as failed. */
  DELIVERY_RETRY_LIMIT: duration('24h'),
  DELIVERY_MAX_ATTEMPTS: withDefault(
    z.string().regex(/^\d+$/, { error: '应为非负整数,0 表示不限 / must be a non-negative integer, 0 = no cap' }).transform(Number),
    '0',
  ),
  DELIVERY_RETRY_INITIAL: duration('10s'),
  DELIVERY_RETRY_MAX_INTERVAL: duration('1h'),
  /** One SMTP conversation or webhook request may take this long. */
  DELIVERY_TIMEOUT: duration('15s'),
});

export type NotificationVariable = keyof typeof notificationEnvSchema.shape;

export interface NotificationConfig {
  smtp?: { url: string; from: string };
  directoryFile: string;
  deliveryLogFile: string;
  policy: DeliveryPolicy;
  timeoutMs: number;
}

export class NotificationConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(['通知配置无效 / Invalid notification configuration:', ...problems.map((p) => `  - ${p.variable}: ${p.message}`)].join('\n'));
    this.name = 'NotificationConfigError';
  }
}

/** The JSON-lines file of delivered and failed notices (operators read it through scripts/deliveries.ts). */
export { deliveryLogFile };

/** Validates the delivery variables; `dataDir` is the service's resolved DATA_DIR. */
export function loadNotificationConfig(dataDir: string, env: Record<string, string | undefined> = process.env): NotificationConfig {
  const parsed = notificationEnvSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: String(i.path[0]), message: i.message }));
  if (parsed.success && parsed.data.SMTP_URL && !parsed.data.SMTP_FROM) {
    problems.push({ variable: 'SMTP_FROM', message: '设置 SMTP_URL 时必须设置 / required with SMTP_URL' });
  }
  if (!parsed.success || problems.length > 0) throw new NotificationConfigError(problems);
  const v = parsed.data;
  return {
    ...(v.SMTP_URL && v.SMTP_FROM ? { smtp: { url: v.SMTP_URL, from: v.SMTP_FROM } } : {}),
    directoryFile: path.resolve(v.DIRECTORY_FILE ?? path.join(dataDir, 'directory.json')),
    deliveryLogFile: deliveryLogFile(dataDir),
    policy: {
      initialIntervalMs: v.DELIVERY_RETRY_INITIAL,
      backoffCoefficient: 2,
      maximumIntervalMs: Math.max(v.DELIVERY_RETRY_MAX_INTERVAL, v.DELIVERY_RETRY_INITIAL),
      limitMs: v.DELIVERY_RETRY_LIMIT,
      maximumAttempts: v.DELIVERY_MAX_ATTEMPTS,
    },
    timeoutMs: v.DELIVERY_TIMEOUT,
  };
}
