import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { apiErrorHandlers, createApiRouters } from '../../api/routers';
import { runAuditCli } from '../../audit/cli';
import { defaultKeyPath, generateSigningKey, publicKeyPathOf } from '../../audit/archive/signing-key';
import { verifyArchive } from '../../audit/archive/verify';
import type { Manifest } from '../../audit/archive/manifest';
import type { Config } from '../../runtime/config';
import { bearer } from '../api/harness';
import { memoryLogger, tempDir } from '../foundation/helpers';
import { actors } from '../support/fixtures';
import { devAudit, type DevAudit } from './dev-audit';

/*
 * R-62 through the API: GET /audit/procedures/{key}/archive answers the signed archive the CLI's
 * `export` writes, as one .tar.gz that `tar` unpacks and the project's own verifier accepts with
 * nothing but the public key. Auditors only; without a signing key the answer says what to set.
 */
let d: DevAudit;
let auditor: string;
beforeAll(async () => {
  d = await devAudit();
  auditor = await bearer(d.config, actors.auditor);
}, 180_000);
afterAll(async () => {
  await d?.stop();
});

const archiveUrl = (key: string) => `/audit/procedures/${key}/archive`;

/** The download as bytes. */
const download = (app: Express, key: string, auth: string) =>
  request(app).get(archiveUrl(key)).set('Authorization', auth).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** Unpacks a downloaded archive as an auditor would (`tar -xzf`); returns the bundle's folder. */
async function unpack(bytes: Buffer, key: string): Promise<string> {
  const dir = tempDir('archive-download');
  writeFileSync(path.join(dir, `${key}-archive.tar.gz`), bytes);
  await promisify(execFile)('tar', ['-xzf', `${key}-archive.tar.gz`], { cwd: dir });
  return path.join(dir, key);
}

/** The app as the service builds it, with a configuration of its own. */
function appWith(config: Config): Express {
  const { logger } = memoryLogger('silent');
  return buildApp({ logger, readiness: async () => ({ ready: true, checks: {} }), routers: [createApiRouters({ client: d.client, config, logger })], errorHandlers: apiErrorHandlers });
}

it('R-62: without a signing key the archive is refused with what to set and run (503, not 500); never a key made by the API', async () => {
  const res = await request(d.app).get(archiveUrl(d.keys.live)).set('Authorization', auditor).expect(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.stringMatching(/signing-key-missing$/), setting: 'AUDIT_SIGNING_KEY_PATH', command: 'npm run audit -- keygen' });
  expect(res.body.detail).toMatch(/^服务器上没有归档签名密钥.*AUDIT_SIGNING_KEY_PATH.* \/ no archive signing key/);
  expect(() => readFileSync(defaultKeyPath(d.config.dataDir))).toThrow();
});

it('R-62: an auditor downloads the archive the CLI exports; unpacked, the verifier finds it intact and signed', async () => {
  // The operator makes the key as docs/audit.md says; the API then signs with it.
  const keygen = await runAuditCli(['keygen'], { out: () => undefined, err: () => undefined, env: { DATA_DIR: d.config.dataDir, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' } });
  expect(keygen).toBe(0);
  const res = await download(d.app, d.keys.live, auditor);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/gzip');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${d.keys.live}-archive.tar.gz"`);
  const bundle = await unpack(res.body as Buffer, d.keys.live);
  const publicKey = readFileSync(publicKeyPathOf(defaultKeyPath(d.config.dataDir)), 'utf8');
  const check = await verifyArchive(bundle, publicKey);
  expect(check).toMatchObject({ ok: true, signatureValid: true, procedureKey: d.keys.live, problems: [] });
  expect(check.events).toBe(2);

  // The same archive as `npm run audit -- export` writes: the same files, events, chain and documents.
  // Only the instant differs, and a history's bytes may (the server writes its maps in any order).
  const exported = path.join(tempDir('cli-export'), d.keys.live);
  expect(await runAuditCli(['export', d.keys.live, exported], { out: () => undefined, err: () => undefined, env: { TEMPORAL_ADDRESS: d.server.address, DATA_DIR: d.config.dataDir, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' } })).toBe(0);
  const manifest = (dir: string) => {
    const { exportedAt: _at, files, ...m } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    return { ...m, files: files.map((f) => (f.path.startsWith('history/') ? { path: f.path, size: f.size } : f)) };
  };
  expect(manifest(bundle)).toEqual(manifest(exported));
  expect((await verifyArchive(exported, publicKey)).ok).toBe(true);
  expect(manifest(bundle).documents.map((x) => x.name).sort()).toEqual(['draft-v1.pdf', 'explanation.pdf']);
}, 60_000);

it('R-62: AUDIT_SIGNING_KEY_PATH names the key, as for the CLI; a file that is no Ed25519 key is a 503 too', async () => {
  const file = path.join(tempDir('archive-key'), 'archive-key.pem');
  const key = generateSigningKey(file);
  const res = await download(appWith({ ...d.config, auditSigningKeyPath: file }), d.keys.decided, auditor);
  expect(res.status).toBe(200);
  const check = await verifyArchive(await unpack(res.body as Buffer, d.keys.decided), key.publicKeyPem);
  expect(check).toMatchObject({ ok: true, procedureKey: d.keys.decided });

  const notAKey = path.join(tempDir('archive-key'), 'not-a-key.pem');
  writeFileSync(notAKey, 'not a key');
  const bad = await request(appWith({ ...d.config, auditSigningKeyPath: notAKey })).get(archiveUrl(d.keys.decided)).set('Authorization', auditor).expect(503);
  expect(bad.body.detail).toMatch(/^无法读取归档签名密钥.*AUDIT_SIGNING_KEY_PATH/);
}, 60_000);

it('R-62 R-66: auditors only — another role gets 403, no token 401, both logged; an unknown procedure is 404', async () => {
  const before = (await d.log.list()).length;
  const organ = await request(d.app).get(archiveUrl(d.keys.live)).set('Authorization', await bearer(d.config, actors.organ)).expect(403);
  expect(organ.headers['content-type']).toMatch(/^application\/problem\+json/);
  await request(d.app).get(archiveUrl(d.keys.live)).expect(401);
  const logged = (await d.log.list()).slice(before).map((r) => [r.status, r.route, r.actor?.personId]);
  expect(logged).toEqual([
    [403, 'auditArchive', actors.organ.personId],
    [401, 'auditArchive', undefined],
  ]);
  await request(d.app).get(archiveUrl('no-such-procedure')).set('Authorization', auditor).expect(404);
});
