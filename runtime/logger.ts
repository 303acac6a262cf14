import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import pino from 'pino';

export type AppLogger = pino.Logger;

/**
 * Secrets never reach a log line: bearer tokens, cookies and API keys in request and response
 * headers (pino-http logs both), and the configuration's keys and secrets should one be logged.
 */
export const REDACTED = '[已隐去 / redacted]';
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-temporal-api-key'];
const SECRET_FIELDS = ['apiKey', 'jwtSecret', 'password', 'secret', 'token'];
export const REDACT_PATHS: string[] = [
  ...SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`]),
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/**
 * One JSON stream for the whole service: API requests, the worker, the SDK's workflow and
 * activity logs and the embedded dev server all write here, so one `grep`/`jq` follows a
 * procedure across them. `destination` lets tests capture the lines.
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): AppLogger {
  return pino(
    {
      level,
      base: { service: 'decision-procedures', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names read better than pino's numbers for operators grepping the stream.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    // Synchronous stdout: lines keep their order and none is lost when the process exits right after.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Adapts pino to the SDK's Logger so Runtime.install routes workflow logs (`log` from
 * @temporalio/workflow, replay-aware), activity logs and forwarded Core logs into our stream.
 * The SDK's metadata (sdkComponent, workflowId, runId, activityType…) becomes JSON fields.
 */
export function toSdkLogger(logger: AppLogger): SdkLogger {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    // Symbol keys (the SDK's nanosecond timestamp) are dropped; pino stamps its own time.
    const fields: Record<string, unknown> = {};
    if (meta) for (const key of Object.keys(meta)) fields[key] = meta[key];
    if (fields.error instanceof Error && fields.err === undefined) {
      fields.err = fields.error;
      delete fields.error;
    }
    sdk[LEVELS[level]](fields, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
