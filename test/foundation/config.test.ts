import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../runtime/config';
import { tempDir } from './helpers';

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return Object.fromEntries((err as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded dev server with the documented values', () => {
    const dataDir = tempDir('cfg');
    const c = loadConfig({ DATA_DIR: dataDir }, '/srv/app');
    expect(c.temporal).toMatchObject({
      mode: 'embedded',
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'decision-procedures',
      embedded: { port: 7233, uiPort: 8233, dbFilename: path.join(dataDir, 'temporal.sqlite'), uiUrl: 'http://127.0.0.1:8233' },
    });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(c.logLevel).toBe('info');
    expect(c.documentsDir).toBe(path.join(dataDir, 'documents'));
    expect(c.toolsDir).toBe('/srv/app/tools');
    // The built web application the API serves at / (WEB_DIST_DIR).
    expect(c.webDistDir).toBe('/srv/app/web/dist');
    expect(loadConfig({ DATA_DIR: dataDir, WEB_DIST_DIR: '/opt/web' }, '/srv/app').webDistDir).toBe('/opt/web');
  });

  it('resolves relative DATA_DIR against the working directory and treats blank values as unset', () => {
    const c = loadConfig({ DATA_DIR: '', JWT_SECRET: 's'.repeat(32), TEMPORAL_ADDRESS: '  ' }, tempDir('cwd'));
    expect(c.dataDir.endsWith(`${path.sep}data`)).toBe(true);
    expect(c.temporal.mode).toBe('embedded');
  });

  it('sizes the worker: cache, workflow threads and their heap, with documented defaults; names a bad value', () => {
    const defaults = { maxCachedWorkflows: 50, workflowThreads: 1, workflowHeapMb: 192 };
    expect(loadConfig({ DATA_DIR: tempDir('cfg') }, '/srv/app').worker).toEqual(defaults);
    expect(loadConfig({ DATA_DIR: tempDir('cfg'), WORKER_MAX_CACHED_WORKFLOWS: ' ' }, '/srv/app').worker).toEqual(defaults);
    const env = { DATA_DIR: tempDir('cfg'), WORKER_MAX_CACHED_WORKFLOWS: '250', WORKER_WORKFLOW_THREADS: '2', WORKER_WORKFLOW_HEAP_MB: '512' };
    expect(loadConfig(env, '/srv/app').worker).toEqual({ maxCachedWorkflows: 250, workflowThreads: 2, workflowHeapMb: 512 });
    expect(loadConfig({ DATA_DIR: tempDir('cfg'), WORKER_MAX_CACHED_WORKFLOWS: '0' }, '/srv/app').worker.maxCachedWorkflows).toBe(0);
    const bad = {
      WORKER_MAX_CACHED_WORKFLOWS: ['-1', 'many', '2.5'],
      WORKER_WORKFLOW_THREADS: ['0', '17', 'two'],
      WORKER_WORKFLOW_HEAP_MB: ['63', '16385', '256m'],
    };
    for (const [variable, values] of Object.entries(bad)) {
      for (const value of values) expect(Object.keys(problemsOf({ DATA_DIR: tempDir('cfg'), [variable]: value }))).toEqual([variable]);
    }
  });

  it('resolves WORKFLOW_BUNDLE_PATH against the working directory', () => {
    expect(loadConfig({ DATA_DIR: tempDir('cfg'), WORKFLOW_BUNDLE_PATH: 'build/wb.js' }, '/srv/app').worker.workflowBundlePath).toBe(path.resolve('/srv/app/build/wb.js'));
    expect(loadConfig({ DATA_DIR: tempDir('cfg'), WORKFLOW_BUNDLE_PATH: '' }, '/srv/app').worker.workflowBundlePath).toBeUndefined();
  });

  it('reports every bad variable on its own line, naming it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      EMBEDDED_TEMPORAL_PORT: '70000',
      LOG_LEVEL: 'loud',
      TEMPORAL_NAMESPACE: 'bad namespace!',
      TEMPORAL_ADDRESS: 'http://temporal:7233',
      JWT_SECRET: 'short',
      JWT_JWKS_URL: 'not a url',
    });
    expect(Object.keys(problems).sort()).toEqual(
      [
        'EMBEDDED_TEMPORAL_PORT',
        'JWT_AUDIENCE',
        'JWT_ISSUER',
        'JWT_JWKS_URL',
        'JWT_SECRET',
        'LOG_LEVEL',
        'PORT',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
      ].sort(),
    );
    expect(problems.PORT).toMatch(/1.+65535/);
    expect(problems.LOG_LEVEL).toMatch(/info/);
    expect(problems.JWT_SECRET).toMatch(/32/);
    expect(problems.TEMPORAL_ADDRESS).toMatch(/host:port/);
    // The thrown message lists them all, one per line, so an operator fixes everything at once.
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
    } catch (err) {
      expect((err as Error).message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(2);
    }
  });

  it('requires the TLS client certificate and key together, and reads them at boot', () => {
    const base = { TEMPORAL_ADDRESS: 'temporal.example:7233', JWT_SECRET: 's'.repeat(32) };
    expect(problemsOf({ ...base, TEMPORAL_TLS_CERT_PATH: '/x.pem' })).toHaveProperty('TEMPORAL_TLS_KEY_PATH');
    expect(problemsOf({ ...base, TEMPORAL_TLS_KEY_PATH: '/x.key' })).toHaveProperty('TEMPORAL_TLS_CERT_PATH');
    const missing = problemsOf({ ...base, TEMPORAL_TLS_CERT_PATH: '/nope/c.pem', TEMPORAL_TLS_KEY_PATH: '/nope/k.pem' });
    expect(missing.TEMPORAL_TLS_CERT_PATH).toMatch(/\/nope\/c\.pem/);
    expect(missing.TEMPORAL_TLS_KEY_PATH).toMatch(/\/nope\/k\.pem/);

    const dir = tempDir('tls');
    for (const f of ['c.pem', 'k.pem', 'ca.pem']) writeFileSync(path.join(dir, f), `${f}-bytes`);
    const c = loadConfig({
      ...base,
      TEMPORAL_NAMESPACE: 'prod.ns',
      TEMPORAL_TLS_CERT_PATH: path.join(dir, 'c.pem'),
      TEMPORAL_TLS_KEY_PATH: path.join(dir, 'k.pem'),
      TEMPORAL_TLS_CA_PATH: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(c.temporal.mode).toBe('external');
    if (c.temporal.mode !== 'external') return;
    expect(c.temporal.address).toBe('temporal.example:7233');
    expect(c.temporal.namespace).toBe('prod.ns');
    expect(c.temporal.tls).toEqual({
      clientCertPair: { crt: Buffer.from('c.pem-bytes'), key: Buffer.from('k.pem-bytes') },
      serverRootCACertificate: Buffer.from('ca.pem-bytes'),
      serverNameOverride: 'temporal.internal',
    });
  });

  it('sends an API key over TLS, and refuses remote-only settings in embedded mode', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key', JWT_SECRET: 's'.repeat(32) });
    expect(c.temporal).toMatchObject({ mode: 'external', tls: true, apiKey: 'key' });
    const problems = problemsOf({ DATA_DIR: tempDir('cfg'), TEMPORAL_API_KEY: 'key', TEMPORAL_TLS_CA_PATH: '/ca.pem' });
    expect(problems.TEMPORAL_API_KEY).toMatch(/TEMPORAL_ADDRESS/);
    expect(problems.TEMPORAL_TLS_CA_PATH).toMatch(/TEMPORAL_ADDRESS/);
  });

  it('needs a JWT secret or JWKS against an external cluster', () => {
    expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal:7233' }).JWT_SECRET).toMatch(/JWT_JWKS_URL/);
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'decision-procedures',
    });
    expect(c.auth).toEqual({
      jwks: { url: 'https://idp.example/.well-known/jwks.json', issuer: 'https://idp.example/', audience: 'decision-procedures' },
      maxLifetimeSeconds: 12 * 3600,
      failureLimitPerMinute: 20,
    });
  });

  it('caps token lifetimes (JWT_MAX_LIFETIME, default 12h) and failed authentications (AUTH_FAILURE_LIMIT, default 20)', () => {
    const c = loadConfig({ DATA_DIR: tempDir('cfg'), JWT_MAX_LIFETIME: '30m', AUTH_FAILURE_LIMIT: '5' });
    expect(c.auth).toMatchObject({ maxLifetimeSeconds: 1800, failureLimitPerMinute: 5 });
    const problems = problemsOf({ DATA_DIR: tempDir('cfg'), JWT_MAX_LIFETIME: 'forever', AUTH_FAILURE_LIMIT: '0' });
    expect(problems.JWT_MAX_LIFETIME).toMatch(/12h/);
    expect(problems.AUTH_FAILURE_LIMIT).toMatch(/positive integer/);
  });

  it('in embedded mode generates a JWT secret once into DATA_DIR and reuses it', () => {
    const dataDir = tempDir('jwt');
    const first = loadConfig({ DATA_DIR: dataDir }).auth.jwtSecret;
    const file = path.join(dataDir, 'jwt-secret');
    expect(first).toBeDefined();
    expect(first!.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dataDir }).auth.jwtSecret).toBe(first);
    // An explicit secret wins and the file is left alone.
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'e'.repeat(40) }).auth.jwtSecret).toBe('e'.repeat(40));
  });
});
