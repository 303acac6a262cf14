import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The shell examples of a document in docs/, read as an operator reads them: the ```bash
 * blocks in order, each with the heading it sits under. api.md numbers the commands of one
 * full procedure (`# 1` … `# 31`) across its per-role sections; `steps` gives them in that order.
 */
export interface DocBlock {
  heading: string;
  code: string;
}

export interface DocStep {
  /** The first number of the comment that opens it (`# 28, 29 (…)` is step 28). */
  n: number;
  /** Every number the comment lists (`# 28, 29 (after 27)`: 28 and 29). */
  numbers: number[];
  code: string;
}

export const DOCS = path.resolve(__dirname, '../../docs');

export function bashBlocks(file: string): DocBlock[] {
  const out: DocBlock[] = [];
  let heading = '';
  let block: string[] | undefined;
  for (const line of readFileSync(path.join(DOCS, file), 'utf8').split('\n')) {
    if (block) {
      if (line.trim() === '```') {
        out.push({ heading, code: block.join('\n') });
        block = undefined;
      } else block.push(line.replace(/^> ?/, ''));
      continue;
    }
    const fence = /^(?:> ?)?```bash\s*$/.exec(line);
    if (fence) block = [];
    else if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
  }
  return out;
}

/** The numbered commands of the documented walk, in the order of their numbers. */
export function numberedSteps(blocks: DocBlock[]): DocStep[] {
  const steps: DocStep[] = [];
  for (const b of blocks) {
    let current: DocStep | undefined;
    for (const line of b.code.split('\n')) {
      const m = /^# (\d+(?:, \d+)*)/.exec(line);
      if (m) {
        const numbers = m[1]!.split(', ').map(Number);
        steps.push((current = { n: numbers[0]!, numbers, code: '' }));
      }
      if (current) current.code += `${line}\n`;
    }
  }
  return steps.sort((a, b) => a.n - b.n);
}

export const isNumbered = (b: DocBlock) => /^# \d+/m.test(b.code);
