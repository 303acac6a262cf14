import type { DocumentRef, DomainEvent } from '../../domain';
import { GENESIS, chainLink } from '../canonical-json';

/*
 * The archive's manifest (R-62, [D§33]): every file of the bundle with its SHA-256, a hash
 * chain over the procedure's domain events, and what could not be filed. manifest.json is
 * signed as bytes (Ed25519, manifest.sig), so nothing in it or named by it can change unseen.
 */

export const ARCHIVE_FORMAT = 'decision-procedure-archive/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const EVENTS_FILE = 'events.json';

/** How each link is computed, written into the manifest so anyone can recompute it. */
export const CHAIN_RULE = "link[i] = sha256_hex(link[i-1] + '\\n' + canonical_json(event[i])); link[-1] = 64 zeros; canonical_json: keys sorted, no whitespace";

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  procedureKey: string;
  workflowId: string;
  /** The workflow's status when exported (RUNNING, COMPLETED…). */
  status: string;
  exportedAt: string;
  signing: { algorithm: 'Ed25519'; publicKeySha256: string };
  runs: { runId: string; file: string; historyEvents: number }[];
  /** Runs whose history the server no longer held (their events come from the carried input). */
  missingRuns: string[];
  /** Every file except manifest.json and manifest.sig. */
  files: ManifestFile[];
  eventChain: { rule: string; genesis: string; links: string[]; head: string };
  documents: (DocumentRef & { file: string })[];
  /** Referenced documents the store did not have, or had with other bytes. */
  missingDocuments: (DocumentRef & { reason: string })[];
  /** What the history could not tell (events-from-history notes). */
  notes: string[];
}

/** The chain's links over the events, in order; the last is the head. */
export function eventChain(events: readonly DomainEvent[]): Manifest['eventChain'] {
  const links: string[] = [];
  let prev = GENESIS;
  for (const e of events) links.push((prev = chainLink(prev, e)));
  return { rule: CHAIN_RULE, genesis: GENESIS, links, head: prev };
}
