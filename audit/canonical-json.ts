import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always has
 * the same bytes and therefore the same hash, whoever serialises it (hash chains, manifests).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The start of every hash chain: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/** One link: the hash of the previous link and the canonical JSON of this entry. */
export const chainLink = (prev: string, entry: unknown): string => sha256Hex(`${prev}\n${canonicalJson(entry)}`);
