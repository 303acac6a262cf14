import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';

/*
 * Content-addressed document store (ARCHITECTURE decision 4): a file's name is the SHA-256
 * of its bytes, so storing the same bytes twice is one file, a reference can never point at
 * other bytes, and the archive can verify every document offline. A directory under
 * DATA_DIR by default; the layout `ab/abcdef…` keeps directories small.
 */

export interface StoredDocument {
  sha256: string;
  size: number;
  mediaType: string;
}

export class DocumentTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`document exceeds ${limit} bytes`);
    this.name = 'DocumentTooLargeError';
  }
}

export class DigestMismatchError extends Error {
  constructor(readonly declared: string, readonly actual: string) {
    super('declared digest does not match the content');
    this.name = 'DigestMismatchError';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export class DocumentStore {
  constructor(readonly dir: string) {}

  private file(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a sha256');
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Streams `body` to a temporary file while hashing and counting it, then moves it to its
   * hash's name. Refuses bodies over `maxBytes` and, when the caller declared a digest, bodies
   * whose hash differs. Nothing is left behind by a refused upload.
   */
  async put(body: Readable, mediaType: string, opts: { maxBytes: number; declaredSha256?: string; uploader?: string }): Promise<StoredDocument> {
    const tmpDir = path.join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > opts.maxBytes) return done(new DocumentTooLargeError(opts.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      if (opts.declaredSha256 !== undefined && opts.declaredSha256 !== sha256) {
        throw new DigestMismatchError(opts.declaredSha256, sha256);
      }
      const target = this.file(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      if (opts.uploader !== undefined && !(await this.uploadedBy(sha256, opts.uploader))) await this.recordUploader(sha256, opts.uploader);
      const existing = await this.stat(sha256);
      if (existing) return existing;
      const doc = { sha256, size, mediaType };
      // Metadata first: a reader that sees the bytes always finds their media type.
      await writeFile(`${target}.json`, JSON.stringify({ ...doc, storedAt: new Date().toISOString() }), { flag: 'w' });
      await rename(tmp, target);
      return doc;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /** The stored document, or undefined when these bytes were never stored. */
  async stat(sha256: string): Promise<StoredDocument | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    const file = this.file(sha256);
    try {
      const [meta, st] = await Promise.all([readFile(`${file}.json`, 'utf8'), stat(file)]);
      const { mediaType } = JSON.parse(meta) as { mediaType: string };
      return { sha256, size: st.size, mediaType };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Who uploaded these bytes: one person id a line, appended (the same bytes may come from several people). */
  private async recordUploader(sha256: string, personId: string): Promise<void> {
    const target = this.file(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await appendFile(`${target}.uploaders`, `${JSON.stringify(personId)}\n`);
  }

  /** Whether this person uploaded these bytes (they may always read back what they handed in). */
  async uploadedBy(sha256: string, personId: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      const lines = (await readFile(`${this.file(sha256)}.uploaders`, 'utf8')).split('\n').filter(Boolean);
      return lines.some((l) => JSON.parse(l) === personId);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.file(sha256));
  }
}
