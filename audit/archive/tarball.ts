import { pack, type Headers, type PackOptions } from 'tar-fs';

/*
 * An exported archive directory as one file to download (R-62): a tar stream (tar-fs over
 * tar-stream), read by `tar -xf` on any system (GNU tar, bsdtar, Windows' tar.exe), so the
 * auditor unpacks it and runs `npm run audit -- verify` on the directory exactly as on one the
 * CLI exported. Entries sorted, under one top folder, with no owner of this machine in them.
 */
export function tarDirectory(dir: string, top: string, mtime = new Date()): ReturnType<typeof pack> {
  // `sort` is tar-fs 3's (its @types still describe 2).
  const options: PackOptions & { sort: boolean } = {
    sort: true,
    map: (h: Headers) => ({ ...h, name: h.name === '.' ? top : `${top}/${h.name}`, mtime, uid: 0, gid: 0, uname: '', gname: '' }),
  };
  return pack(dir, options);
}
