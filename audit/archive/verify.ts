import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson, sha256Hex } from '../canonical-json';
import { documentsOf } from '../event-catalog';
import { extractEvents, type RecordedEvent } from '../events-from-history';
import { historyFromObject } from '../history-json';
import { ARCHIVE_FORMAT, EVENTS_FILE, MANIFEST_FILE, SIGNATURE_FILE, eventChain, type Manifest } from './manifest';
import { fingerprintOf, verifyBytes } from './signing-key';

/*
 * Offline verification of an archive: needs only the bundle and the public key. Every
 * changed, missing or extra file is reported, and the contents are checked against each other:
 * the event chain against events.json, events.json against the histories it was read from,
 * each document against its hash and every referenced document against the bundle.
 */

export type ArchiveProblemKind = 'signature' | 'manifest' | 'missing' | 'changed' | 'extra' | 'chain' | 'content';

export interface ArchiveProblem {
  kind: ArchiveProblemKind;
  path?: string;
  message: string;
}

export interface ArchiveCheck {
  ok: boolean;
  signatureValid: boolean;
  procedureKey?: string;
  files: number;
  events: number;
  problems: ArchiveProblem[];
  /** Not tampering, but worth reading: documents the store lacked at export, notes of the history. */
  warnings: string[];
}

async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(dir, p)));
    else out.push(p);
  }
  return out;
}

const readOr = (file: string) => readFile(file).catch(() => undefined);

function parse<T>(bytes: Buffer | undefined): T | undefined {
  try {
    return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the bundle in `dir` against the public key (PEM) of the key that signed it. */
export async function verifyArchive(dir: string, publicKeyPem: string): Promise<ArchiveCheck> {
  const problems: ArchiveProblem[] = [];
  const warnings: string[] = [];
  const manifestBytes = await readOr(path.join(dir, MANIFEST_FILE));
  const signature = (await readOr(path.join(dir, SIGNATURE_FILE)))?.toString('utf8');
  if (!manifestBytes) problems.push({ kind: 'missing', path: MANIFEST_FILE, message: '缺少清单 / manifest missing' });
  if (signature === undefined) problems.push({ kind: 'missing', path: SIGNATURE_FILE, message: '缺少签名 / signature missing' });
  const signatureValid = !!manifestBytes && signature !== undefined && verifyBytes(publicKeyPem, manifestBytes, signature);
  if (manifestBytes && signature !== undefined && !signatureValid) {
    problems.push({ kind: 'signature', path: MANIFEST_FILE, message: '清单签名无效：清单被改动，或不是此公钥签署 / manifest signature invalid: changed, or not signed with this key' });
  }
  const manifest = parse<Manifest>(manifestBytes);
  if (!manifest || manifest.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.files)) {
    if (manifestBytes) problems.push({ kind: 'manifest', path: MANIFEST_FILE, message: '清单无法解析 / manifest unreadable' });
    return { ok: false, signatureValid, files: 0, events: 0, problems, warnings };
  }
  if (manifest.signing?.publicKeySha256 !== fingerprintOf(publicKeyPem)) {
    warnings.push(`清单记载的签名公钥指纹与所给公钥不同 / the manifest names key ${manifest.signing?.publicKeySha256}, not the given one`);
  }

  // Every file: present, unchanged, and nothing more.
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = new Set((await walk(dir)).filter((p) => p !== MANIFEST_FILE && p !== SIGNATURE_FILE));
  const contents = new Map<string, Buffer>();
  for (const f of manifest.files) {
    const bytes = present.has(f.path) ? await readFile(path.join(dir, f.path)) : undefined;
    if (!bytes) problems.push({ kind: 'missing', path: f.path, message: '文件缺失 / file missing' });
    else {
      contents.set(f.path, bytes);
      if (sha256Hex(bytes) !== f.sha256 || bytes.length !== f.size) problems.push({ kind: 'changed', path: f.path, message: '文件内容已被改动 / file changed' });
    }
  }
  for (const p of present) if (!listed.has(p)) problems.push({ kind: 'extra', path: p, message: '清单之外的文件 / file not in the manifest' });

  // The event chain over events.json.
  const recorded = parse<RecordedEvent[]>(contents.get(EVENTS_FILE));
  if (contents.has(EVENTS_FILE) && !Array.isArray(recorded)) problems.push({ kind: 'content', path: EVENTS_FILE, message: '事件文件无法解析 / events unreadable' });
  const events = Array.isArray(recorded) ? recorded : [];
  if (Array.isArray(recorded)) {
    const chain = eventChain(events.map((r) => r.event));
    const at = chain.links.findIndex((l, i) => l !== manifest.eventChain?.links?.[i]);
    if (at >= 0 || chain.links.length !== manifest.eventChain?.links?.length || chain.head !== manifest.eventChain?.head) {
      const n = at >= 0 ? at + 1 : Math.min(chain.links.length, manifest.eventChain?.links?.length ?? 0) + 1;
      problems.push({ kind: 'chain', path: EVENTS_FILE, message: `事件哈希链自第 ${n} 个事件起不符 / event hash chain breaks at event ${n}` });
    }
  }

  // events.json is what the histories hold.
  const runs = (manifest.runs ?? []).map((r) => ({ runId: r.runId, json: parse<unknown>(contents.get(r.file)), file: r.file }));
  const unreadable = runs.filter((r) => r.json === undefined && contents.has(r.file));
  for (const r of unreadable) problems.push({ kind: 'content', path: r.file, message: '历史文件无法解析 / history unreadable' });
  if (Array.isArray(recorded) && runs.every((r) => r.json !== undefined)) {
    try {
      const extracted = extractEvents(runs.map((r) => ({ runId: r.runId, history: historyFromObject(r.json) })), { missingRuns: manifest.missingRuns ?? [] });
      if (canonicalJson(extracted.events) !== canonicalJson(events)) {
        problems.push({ kind: 'content', path: EVENTS_FILE, message: '事件文件与工作流历史不一致 / events.json does not match the histories' });
      }
    } catch (err) {
      problems.push({ kind: 'content', message: `无法从历史读取事件 / cannot read events from the histories: ${(err as Error).message}` });
    }
  }

  // Each document is the bytes its name says; every referenced document is filed or accounted for.
  for (const [p, bytes] of contents) {
    const m = /^documents\/([0-9a-f]{64})$/.exec(p);
    if (m && sha256Hex(bytes) !== m[1]) problems.push({ kind: 'content', path: p, message: '文件内容与其哈希名不符 / document bytes do not match their hash' });
  }
  const accounted = new Set([...(manifest.documents ?? []).map((d) => d.sha256), ...(manifest.missingDocuments ?? []).map((d) => d.sha256)]);
  for (const r of events) {
    for (const d of documentsOf(r.event?.data)) {
      if (!accounted.has(d.sha256)) problems.push({ kind: 'content', message: `事件引用的文件未归档 / referenced document not filed: ${d.name} ${d.sha256}` });
    }
  }
  for (const d of manifest.missingDocuments ?? []) warnings.push(`归档时缺少文件 / not filed at export: ${d.name} ${d.sha256} — ${d.reason}`);
  warnings.push(...(manifest.notes ?? []));

  return { ok: problems.length === 0, signatureValid, procedureKey: manifest.procedureKey, files: manifest.files.length, events: events.length, problems, warnings };
}

/** The check as text: verdict first, then every problem. */
export function renderArchiveCheck(c: ArchiveCheck): string {
  const lines = [
    c.ok ? `归档完整、签名有效 / archive intact, signature valid (${c.procedureKey}): ${c.files} files, ${c.events} events` : `归档校验失败 / archive verification FAILED (${c.problems.length} problems)`,
    `签名 / signature: ${c.signatureValid ? '有效 valid' : '无效 INVALID'}`,
    ...c.problems.map((p) => `  [${p.kind}] ${p.path ?? ''} ${p.message}`),
  ];
  if (c.warnings.length > 0) lines.push('提示 / warnings:', ...c.warnings.map((w) => `  - ${w}`));
  return lines.join('\n');
}
