import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcedureRuns } from '../history-source';
import { historyFromText } from '../history-json';
import { MANIFEST_FILE, type Manifest } from './manifest';

/** The histories of an exported archive, to replay or read offline (no server needed). */
export async function bundleRuns(dir: string): Promise<ProcedureRuns> {
  const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  const runs = [];
  for (const r of manifest.runs) runs.push({ runId: r.runId, history: historyFromText(await readFile(path.join(dir, r.file), 'utf8')) });
  return { procedureKey: manifest.procedureKey, workflowId: manifest.workflowId, runs, missingRuns: manifest.missingRuns, status: manifest.status };
}
