import { ApiProblem } from '../problem';
import { SHA256_HEX, type DocumentStore } from './store';

/** A reference in a request that the store cannot back. */
export interface UnknownDocument {
  path: string;
  sha256: string;
  reason: string;
}

/**
 * Every document reference in a payload (an object with `sha256` and `mediaType`, the shape
 * the domain's `documentRefSchema` gives and R-62 files), with its path in the payload.
 * Malformed hashes are left to the schema, which names them as invalid fields.
 */
export function documentRefsIn(payload: unknown, at: string[] = []): { path: string; sha256: string; size: unknown }[] {
  if (Array.isArray(payload)) return payload.flatMap((v, i) => documentRefsIn(v, [...at, String(i)]));
  if (!payload || typeof payload !== 'object') return [];
  const o = payload as Record<string, unknown>;
  if (typeof o.sha256 === 'string' && typeof o.mediaType === 'string') {
    return SHA256_HEX.test(o.sha256) ? [{ path: at.join('.'), sha256: o.sha256, size: o.size }] : [];
  }
  return Object.entries(o).flatMap(([k, v]) => documentRefsIn(v, [...at, k]));
}

/**
 * R-62 relies on every referenced document being stored: a command naming bytes the store
 * has never seen (or with another size) is refused before it reaches the procedure.
 */
export async function assertDocumentsStored(store: DocumentStore, payload: unknown): Promise<void> {
  const unknown: UnknownDocument[] = [];
  for (const ref of documentRefsIn(payload)) {
    const stored = await store.stat(ref.sha256);
    if (!stored) unknown.push({ ...ref, reason: '文件尚未上传 / not uploaded' });
    else if (typeof ref.size === 'number' && ref.size !== stored.size) {
      unknown.push({ ...ref, reason: `大小应为 ${stored.size} 字节 / stored size is ${stored.size} bytes` });
    }
  }
  if (unknown.length > 0) {
    throw new ApiProblem('unknown-document', '请先上传所引用的文件 / upload every referenced document first (POST /documents)', {
      documents: unknown.map(({ path, sha256, reason }) => ({ path, sha256, reason })),
    });
  }
}
