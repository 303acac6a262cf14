import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { tempDir } from '../foundation/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A deliberately incompatible copy of the workflow code, as a careless release would ship it:
 * workflows/ (with domain/ and the search-attribute keys it imports) copied to a temporary
 * folder, `edit` applied to decision-procedure.workflow.ts, and bundled like the real one.
 */
export async function modifiedWorkflowBundle(edit: (source: string) => string): Promise<WorkflowBundle> {
  const dir = tempDir('incompatible-workflows');
  for (const folder of ['workflows', 'domain']) cpSync(path.join(ROOT, folder), path.join(dir, folder), { recursive: true });
  mkdirSync(path.join(dir, 'runtime'));
  cpSync(path.join(ROOT, 'runtime', 'search-attributes.ts'), path.join(dir, 'runtime', 'search-attributes.ts'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const file = path.join(dir, 'workflows', 'decision-procedure.workflow.ts');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error('the edit changed nothing: its anchor is gone from the workflow');
  writeFileSync(file, after);
  return bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows', 'index.ts'), logger: quiet });
}

/**
 * The incompatible change the replay test ships: an extra one-millisecond timer before the
 * meeting's record is applied. Every procedure decided before the release diverges at the
 * update that recorded its meeting; procedures never decided still replay.
 */
export const EXTRA_TIMER_BEFORE_MEETING = (source: string): string =>
  source
    .replace(/import \{\n {2}ParentClosePolicy,/, 'import {\n  sleep,\n  ParentClosePolicy,')
    .replace(
      '        const ctx = ctxFor(cmd.actor);\n',
      "        if (name === 'recordMeeting') await sleep(1);\n        const ctx = ctxFor(cmd.actor);\n",
    );
