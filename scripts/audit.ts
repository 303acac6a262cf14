/**
 * The auditor's command line (issue #6): timeline, replay proof, state as of any instant,
 * signed archive export and offline verification, accountability search, delayed procedures.
 *
 *   npm run -s audit -- timeline <key>
 *   npm run -s audit -- help
 *
 * Read-only by construction (audit/read-only-client.ts); docs/audit.md has every command.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { runAuditCli } from '../audit/cli';

// The replay worker's lifecycle lines are not the auditor's business: only warnings and errors.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) } },
});

runAuditCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
})
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
