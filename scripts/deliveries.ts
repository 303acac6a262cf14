/**
 * Operators' view of notice delivery, read from DATA_DIR/notifications/deliveries.jsonl.
 *
 *   npm run -s deliveries -- --failed                 notices that reached the retry limit
 *   npm run -s deliveries -- --retrying               notices whose latest attempt failed, still retrying
 *   npm run -s deliveries -- --metrics                the counters as Prometheus text
 *
 * Options: --procedure <key> narrows the listing to one procedure; --json prints JSON lines.
 * Run it with the same DATA_DIR as the worker.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeliveryLog, type AttemptError, type FailedDelivery } from '../runtime/delivery-log';
import { deliveryLogFile } from '../activities/notification-config';
import { envSchema } from '../runtime/config';

const USAGE = '用法 / usage: npm run -s deliveries -- (--failed | --retrying | --metrics) [--procedure <key>] [--json]';

const party = (p: { role: string; unit?: string }) => `${p.role}:${p.unit ?? '*'}`;

function showFailed(f: FailedDelivery): string {
  return [
    `${f.at}  ${f.job.procedureKey} #${f.job.eventSeq} ${f.job.template} → ${party(f.job.party)}`,
    `    原因 / reason: ${f.reason}`,
    ...f.undelivered.map((u) => `    未送达 / undelivered: ${u.channel} ${u.recipient} (${u.id}): ${u.error}`),
  ].join('\n');
}

function showRetrying(e: AttemptError): string {
  return `${e.at}  ${e.job.procedureKey} #${e.job.eventSeq} ${e.job.template} → ${e.channel} ${e.recipient} (第 ${e.attempt} 次 / attempt ${e.attempt}): ${e.error}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      failed: { type: 'boolean', default: false },
      retrying: { type: 'boolean', default: false },
      metrics: { type: 'boolean', default: false },
      procedure: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const modes = [values.failed, values.retrying, values.metrics].filter(Boolean).length;
  if (modes !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  // Only DATA_DIR is needed: the full loader would also set up secrets this read-only tool has no use for.
  const dataDir = path.resolve(envSchema.shape.DATA_DIR.parse(process.env.DATA_DIR) as string);
  const log = new DeliveryLog(deliveryLogFile(dataDir));
  const filter = values.procedure ? { procedureKey: values.procedure } : {};
  if (values.metrics) {
    process.stdout.write(await log.metrics());
    return;
  }
  const rows = values.failed ? await log.failures(filter) : await log.retrying(filter);
  if (values.json) {
    for (const r of rows) console.log(JSON.stringify(r));
    return;
  }
  if (rows.length === 0) {
    console.log(values.failed ? '没有未送达的通知 / no failed deliveries' : '没有正在重试的通知 / nothing retrying');
    return;
  }
  for (const r of rows) console.log(r.kind === 'failed' ? showFailed(r) : showRetrying(r));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
