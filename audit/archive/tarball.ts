import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/*
 * An exported archive directory as one file to download (R-62): a POSIX ustar stream, read by
 * `tar -xf` on any system (GNU tar, bsdtar, Windows' tar.exe), so the auditor unpacks it and runs
 * `npm run audit -- verify` on the directory exactly as on one the CLI exported. Regular files
 * only, under one top folder; the bytes of each file are those the manifest hashes.
 */

const BLOCK = 512;

/** Every file under `dir`, relative, with `/`, sorted (so one archive gives one tarball). */
async function filesOf(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesOf(dir, p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** A ustar name: ≤ 100 bytes in `name`, or split at a slash into `prefix` (≤ 155) and `name`. */
function splitName(p: string): { name: string; prefix: string } {
  if (Buffer.byteLength(p) <= 100) return { name: p, prefix: '' };
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
    const prefix = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a tar header: ${p}`);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(p: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(p);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** The files of `dir` as a tar stream, each under `top/`. */
export async function* tarDirectory(dir: string, top: string, mtime = new Date()): AsyncGenerator<Buffer> {
  const seconds = Math.floor(mtime.getTime() / 1000);
  for (const rel of await filesOf(dir)) {
    const file = path.join(dir, rel);
    const { size } = await stat(file);
    yield header(`${top}/${rel}`, size, seconds);
    let written = 0;
    for await (const chunk of createReadStream(file)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== size) throw new Error(`${rel} changed while it was being packed`);
    if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
  }
  yield Buffer.alloc(2 * BLOCK);
}
