import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Appends a line to a JSON-lines file, making its folder only when it is missing rather than
 * before every line. One appendFile call per line: O_APPEND keeps lines of concurrent processes whole.
 */
export async function appendLine(file: string, line: string): Promise<void> {
  try {
    await appendFile(file, line, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, line, 'utf8');
  }
}
