import type { Client } from '@temporalio/client';
import type { ProcedureState } from '../domain';
import type { ApiRefusalLog } from './api-refusal-log';
import { stateAsOf } from './as-of';
import { extractEvents, type ExtractedEvents } from './events-from-history';
import { fetchProcedureRuns, type ProcedureRuns } from './history-source';
import { buildTimeline, type Timeline } from './timeline';

/** A procedure's histories and the domain events read from them. */
export interface ProcedureRecord extends ProcedureRuns {
  extracted: ExtractedEvents;
}

/** Reads a procedure's record from the server (read-only: it fetches histories, nothing else). */
export async function readProcedureRecord(client: Client, procedureKey: string): Promise<ProcedureRecord> {
  const runs = await fetchProcedureRuns(client, procedureKey);
  return { ...runs, extracted: extractEvents(runs.runs, { missingRuns: runs.missingRuns }) };
}

/** The auditor's timeline: the history's events and, when a log is given, the API's refusals. */
export async function procedureTimeline(client: Client, procedureKey: string, refusals?: ApiRefusalLog): Promise<Timeline> {
  const record = await readProcedureRecord(client, procedureKey);
  return buildTimeline(procedureKey, record.extracted, refusals ? await refusals.list({ procedureKey }) : []);
}

/** The state as of an instant, from the history (undefined: not started by then). */
export async function procedureStateAsOf(client: Client, procedureKey: string, at: string): Promise<ProcedureState | undefined> {
  return stateAsOf((await readProcedureRecord(client, procedureKey)).extracted.events, at);
}
