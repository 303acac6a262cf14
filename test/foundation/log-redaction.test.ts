import { memoryLogger } from './helpers';

/* Secrets never reach a log line, whichever component logs them (runtime/logger.ts). */
it('redacts bearer tokens, cookies, API keys and configured secrets wherever they appear', () => {
  const { logger, lines } = memoryLogger('info');
  logger.info({ req: { headers: { authorization: 'Bearer t-secret', cookie: 'c-secret', 'x-api-key': 'k-secret' } } }, 'request');
  logger.info({ res: { headers: { 'set-cookie': 'sc-secret' } } }, 'response');
  logger.info({ config: { temporal: { apiKey: 'temporal-key-secret' }, auth: { jwtSecret: 'jwt-secret-value' } } }, 'config');
  const text = JSON.stringify(lines());
  for (const s of ['t-secret', 'c-secret', 'k-secret', 'sc-secret', 'temporal-key-secret', 'jwt-secret-value']) expect(text).not.toContain(s);
  expect(text).toContain('redacted');
});
