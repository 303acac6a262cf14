import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DocumentStore } from '../../api/documents/store';
import { ApiRefusalLog, refusalEntry } from '../../audit/api-refusal-log';
import { bundleRuns } from '../../audit/archive/bundle-runs';
import { DirectoryDocumentSource } from '../../audit/archive/document-source';
import { ArchiveExistsError, exportArchive } from '../../audit/archive/export';
import { loadSigningKey, generateSigningKey, publicKeyPathOf } from '../../audit/archive/signing-key';
import { renderArchiveCheck, verifyArchive, type ArchiveCheck } from '../../audit/archive/verify';
import { readProcedureRecord } from '../../audit/procedure-record';
import { replayProcedureRuns } from '../../audit/replay';
import { tempDir } from '../foundation/helpers';
import { actors } from '../support/fixtures';
import { driveStandardProcedure } from '../support/standard-procedure';
import { envNow, startWorker, timeSkippingEnv, workflowBundle } from '../support/temporal-env';

/*
 * Issue #6 §4, R-62: an archive bundle with the histories, every document and a signed manifest
 * (file hashes, event hash chain, Ed25519), verified offline with nothing but the bundle and the
 * public key; one byte changed in any kind of file, a file removed or one added is caught.
 */
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const key = `audit-archive-${Date.now()}`;
const dataDir = tempDir('audit-data');
let bundleDir: string;
let publicKeyPem: string;
const NOT_STORED = 'exec';

beforeAll(async () => {
  env = await timeSkippingEnv();
  ({ worker, run: running } = await startWorker(env));
  await (await driveStandardProcedure(env, key)).result();
  // The documents as the API stores them (its own store), all but one.
  const store = new DocumentStore(path.join(dataDir, 'documents'));
  for (const name of ['draft-v1', 'explanation', 'expert-1', 'expert-adoption', 'risk', 'adoption', 'adviser', 'op', 'minutes', 'party']) {
    await store.put(Readable.from([Buffer.from(`document ${name}`)]), 'application/pdf', { maxBytes: 1 << 20 });
  }
  const log = ApiRefusalLog.inDataDir(dataDir);
  await log.append(refusalEntry({ method: 'POST', originalUrl: `/procedures/${key}/record-meeting` }, { status: 403, route: 'recordMeeting', actor: actors.sponsor, reason: '角色不符', at: await envNow(env) }));
  const signing = loadSigningKey({ dataDir });
  publicKeyPem = readFileSync(publicKeyPathOf(signing.file), 'utf8');
  bundleDir = path.join(tempDir('archive'), key);
  await exportArchive({
    record: await readProcedureRecord(env.client, key),
    documents: new DirectoryDocumentSource(path.join(dataDir, 'documents')),
    key: signing,
    outDir: bundleDir,
    refusals: await log.list({ procedureKey: key }),
  });
}, 180_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** A fresh copy of the bundle, changed by `tamper`, then verified. */
async function tampered(tamper: (dir: string) => void): Promise<ArchiveCheck> {
  const dir = path.join(tempDir('tampered'), 'bundle');
  cpSync(bundleDir, dir, { recursive: true });
  tamper(dir);
  return verifyArchive(dir, publicKeyPem);
}
const flipByte = (file: string, at = 0.5) => {
  const b = readFileSync(file);
  const i = Math.floor(b.length * at);
  b[i] = (b[i] as number) ^ 0x01;
  writeFileSync(file, b);
};
const only = (dir: string, sub: string) => readdirSync(path.join(dir, sub)).map((f) => `${sub}/${f}`);
const kinds = (c: ArchiveCheck) => c.problems.map((p) => `${p.kind}:${p.path ?? ''}`);

it('R-62: the untouched archive verifies offline; it holds the histories, the events, the documents and the API refusals', async () => {
  const check = await verifyArchive(bundleDir, publicKeyPem);
  expect(check.problems).toEqual([]);
  expect(check).toMatchObject({ ok: true, signatureValid: true, procedureKey: key });
  expect(check.events).toBeGreaterThan(15);
  // The document the store lacked is accounted for, as a warning.
  expect(check.warnings.join('\n')).toContain(`${NOT_STORED}.pdf`);
  expect(only(bundleDir, 'documents')).toHaveLength(10);
  expect(only(bundleDir, 'history')).toHaveLength(1);
  expect(readFileSync(path.join(bundleDir, 'api-refusals.jsonl'), 'utf8')).toContain('recordMeeting');
  expect(readFileSync(path.join(bundleDir, 'timeline.txt'), 'utf8')).toContain('集体讨论决定');
  expect(renderArchiveCheck(check)).toContain('归档完整、签名有效');
  // The bundle's histories replay offline on the workflow code.
  expect((await replayProcedureRuns(await bundleRuns(bundleDir), await workflowBundle())).ok).toBe(true);
});

it('R-62: one byte changed in a history, in a document, in the events, in the timeline or in the manifest is caught', async () => {
  const history = only(bundleDir, 'history')[0] as string;
  const document = only(bundleDir, 'documents')[0] as string;
  expect(kinds(await tampered((d) => flipByte(path.join(d, history))))).toEqual(expect.arrayContaining([`changed:${history}`]));
  expect(kinds(await tampered((d) => flipByte(path.join(d, document))))).toEqual(expect.arrayContaining([`changed:${document}`, `content:${document}`]));
  const events = kinds(await tampered((d) => flipByte(path.join(d, 'events.json'), 0.7)));
  expect(events).toContain('changed:events.json');
  expect(events.some((k) => k === 'chain:events.json' || k === 'content:events.json')).toBe(true);
  expect(kinds(await tampered((d) => flipByte(path.join(d, 'timeline.txt'))))).toEqual(['changed:timeline.txt']);
  const manifest = await tampered((d) => flipByte(path.join(d, 'manifest.json'), 0.9));
  expect(manifest.signatureValid).toBe(false);
  expect(kinds(manifest)).toContain('signature:manifest.json');
});

it('R-62: a missing file and an extra file are caught; so is a signature by another key', async () => {
  const document = only(bundleDir, 'documents')[1] as string;
  expect(kinds(await tampered((d) => rmSync(path.join(d, document))))).toEqual(expect.arrayContaining([`missing:${document}`]));
  expect(kinds(await tampered((d) => rmSync(path.join(d, 'manifest.sig'))))).toEqual(['missing:manifest.sig']);
  expect(kinds(await tampered((d) => writeFileSync(path.join(d, 'documents', 'note.txt'), 'added later')))).toEqual(['extra:documents/note.txt']);
  const other = generateSigningKey(path.join(tempDir('other-key'), 'k.pem'));
  const wrongKey = await verifyArchive(bundleDir, other.publicKeyPem);
  expect(wrongKey).toMatchObject({ ok: false, signatureValid: false });
});

it('an archive is never overwritten', async () => {
  const signing = loadSigningKey({ dataDir });
  const record = await readProcedureRecord(env.client, key);
  await expect(exportArchive({ record, documents: new DirectoryDocumentSource(dataDir), key: signing, outDir: bundleDir })).rejects.toBeInstanceOf(ArchiveExistsError);
  // The key is generated once and then reused.
  expect(loadSigningKey({ dataDir }).fingerprint).toBe(signing.fingerprint);
});
