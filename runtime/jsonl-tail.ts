import { open, stat } from 'node:fs/promises';

const NEWLINE = 0x0a;

/**
 * Follows an append-only JSON-lines file (runtime/append-line.ts) that other processes may write
 * too: each `refresh` reads only the bytes added since the last one, known by the file's size, and
 * hands each whole new line to `onLine`; a line still being written waits for its newline. A file
 * that shrank was replaced: `onReset` clears what was read and the file is read from its start.
 * A line that is not JSON (a torn write) is skipped. Refreshes run one at a time.
 */
export class JsonlTail<T> {
  private offset = 0;
  private pending: Buffer = Buffer.alloc(0);
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly onLine: (value: T) => void,
    private readonly onReset: () => void = () => undefined,
  ) {}

  refresh(): Promise<void> {
    const run = this.chain.then(() => this.readNew());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async readNew(): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return 0;
        throw e;
      },
    );
    if (size < this.offset) {
      this.offset = 0;
      this.pending = Buffer.alloc(0);
      this.onReset();
    }
    if (size === this.offset) return;
    const fh = await open(this.file, 'r');
    let bytes: Buffer;
    try {
      bytes = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(bytes, 0, bytes.length, this.offset);
      bytes = bytes.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    this.offset += bytes.length;
    // Split on newline bytes, so a multi-byte character cut at the end of a read stays whole.
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE)) {
      const line = data.subarray(0, nl).toString('utf8');
      data = data.subarray(nl + 1);
      if (line.trim() === '') continue;
      let value: T;
      try {
        value = JSON.parse(line) as T;
      } catch {
        continue;
      }
      this.onLine(value);
    }
    this.pending = Buffer.from(data);
  }
}
