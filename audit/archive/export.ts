import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentRef } from '../../domain';
import type { ApiRefusalRecord } from '../api-refusal-log';
import { sha256Hex } from '../canonical-json';
import { documentsOf } from '../event-catalog';
import { historyToText } from '../history-json';
import type { ProcedureRecord } from '../procedure-record';
import { buildTimeline, renderTimeline } from '../timeline';
import type { DocumentSource } from './document-source';
import { ARCHIVE_FORMAT, EVENTS_FILE, MANIFEST_FILE, SIGNATURE_FILE, eventChain, type Manifest, type ManifestFile } from './manifest';
import { signBytes, type SigningKey } from './signing-key';

/*
 * R-62 [D§33]: every record and document of the procedure filed together, verifiable offline.
 *
 *   manifest.json            what is in the bundle, hashes, event chain (signed)
 *   manifest.sig             Ed25519 signature of manifest.json's bytes, base64
 *   history/run-N-<id>.json  each run's workflow history (protobuf object form, replayable offline)
 *   events.json              the domain events read from the histories, with where each was read
 *   timeline.txt / .json     the auditor's timeline
 *   api-refusals.jsonl       the API's refusals for this procedure (lines of its hash-chained log)
 *   documents/<sha256>       every document the events refer to, named by its hash
 */

export interface ExportResult {
  dir: string;
  manifest: Manifest;
}

export class ArchiveExistsError extends Error {
  constructor(dir: string) {
    super(`目标目录不为空，不会覆盖 / ${dir} is not empty; an archive is never overwritten`);
    this.name = 'ArchiveExistsError';
  }
}

export async function exportArchive(opts: {
  record: ProcedureRecord;
  documents: DocumentSource;
  key: SigningKey;
  outDir: string;
  refusals?: ApiRefusalRecord[];
  now?: string;
}): Promise<ExportResult> {
  const { record, outDir } = opts;
  const existing = await readdir(outDir).catch(() => []);
  if (existing.length > 0) throw new ArchiveExistsError(outDir);
  const files: ManifestFile[] = [];
  const put = async (rel: string, data: string | Buffer) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await mkdir(path.dirname(path.join(outDir, rel)), { recursive: true });
    await writeFile(path.join(outDir, rel), bytes, { flag: 'wx' });
    files.push({ path: rel, sha256: sha256Hex(bytes), size: bytes.length });
  };

  const runs: Manifest['runs'] = [];
  for (const [i, run] of record.runs.entries()) {
    const file = `history/run-${i + 1}-${run.runId}.json`;
    await put(file, historyToText(run.history));
    runs.push({ runId: run.runId, file, historyEvents: run.history.events?.length ?? 0 });
  }
  const events = record.extracted.events;
  await put(EVENTS_FILE, `${JSON.stringify(events, null, 1)}\n`);
  const refusals = (opts.refusals ?? []).filter((r) => r.procedureKey === record.procedureKey);
  const timeline = buildTimeline(record.procedureKey, record.extracted, refusals);
  await put('timeline.txt', `${renderTimeline(timeline)}\n`);
  await put('timeline.json', `${JSON.stringify(timeline, null, 1)}\n`);
  await put('api-refusals.jsonl', refusals.map((r) => `${JSON.stringify(r)}\n`).join(''));

  // Every document any event refers to, once.
  const referenced = new Map<string, DocumentRef>();
  for (const r of events) for (const d of documentsOf(r.event.data)) if (!referenced.has(d.sha256)) referenced.set(d.sha256, d);
  const documents: Manifest['documents'] = [];
  const missingDocuments: Manifest['missingDocuments'] = [];
  for (const d of referenced.values()) {
    const bytes = await opts.documents.read(d.sha256);
    if (!bytes) missingDocuments.push({ ...d, reason: '文件库中没有该文件 / not in the document store' });
    else if (sha256Hex(bytes) !== d.sha256) missingDocuments.push({ ...d, reason: '文件库中的内容与哈希不符 / the stored bytes do not match the hash' });
    else {
      await put(`documents/${d.sha256}`, bytes);
      documents.push({ ...d, file: `documents/${d.sha256}` });
    }
  }

  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    procedureKey: record.procedureKey,
    workflowId: record.workflowId,
    status: record.status,
    exportedAt: opts.now ?? new Date().toISOString(),
    signing: { algorithm: 'Ed25519', publicKeySha256: opts.key.fingerprint },
    runs,
    missingRuns: record.missingRuns,
    files,
    eventChain: eventChain(events.map((r) => r.event)),
    documents,
    missingDocuments,
    notes: record.extracted.notes,
  };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');
  await writeFile(path.join(outDir, MANIFEST_FILE), bytes, { flag: 'wx' });
  await writeFile(path.join(outDir, SIGNATURE_FILE), `${signBytes(opts.key, bytes)}\n`, { flag: 'wx' });
  return { dir: outDir, manifest };
}
