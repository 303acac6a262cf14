import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the archive finds a document's bytes by hash (ARCHITECTURE decision 4). The audit needs
 * only this, so it does not depend on how the API stores documents.
 */
export interface DocumentSource {
  /** The stored bytes, or undefined when nothing is stored under this hash. */
  read(sha256: string): Promise<Buffer | undefined>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The API's content-addressed directory (`${DATA_DIR}/documents`, api/documents/store.ts): the
 * bytes of a document live at `ab/abcdef…`, named by their SHA-256. Media type and name come
 * from the events, which carry every reference.
 */
export class DirectoryDocumentSource implements DocumentSource {
  constructor(readonly dir: string) {}

  async read(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    try {
      return await readFile(path.join(this.dir, sha256.slice(0, 2), sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
