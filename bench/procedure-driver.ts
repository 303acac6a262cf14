/**
 * Drives one standard full procedure through the HTTP API (the sequence of
 * test/api/simulation.test.ts): uploads, start, and the 15 commands from opening the comment
 * period to closing the procedure. Waits for statutory periods by retrying a 409 refusal.
 */
import type { DocumentRef } from '../domain';
import { lightStart } from '../test/api/fixtures';
import { UNITS } from '../test/support/fixtures';
import { sleep } from './stack';

export type Who = 'organ' | 'sponsor' | 'office' | 'adviser' | 'executor';

export interface StepTiming {
  command: string;
  ms: number;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly what: string, readonly body: string) {
    super(`${what}: ${status} ${body.slice(0, 300)}`);
  }
}

export interface Driver {
  base: string;
  auth: Record<Who, string>;
  dayMs: number;
  /** Idempotency keys on every POST (the same key on a retry after a network error). */
  idempotent?: boolean;
  /** Retry network errors and 5xx (fault runs), with the same Idempotency-Key. */
  retryNetwork?: boolean;
  /** Retry a 5xx (with the same Idempotency-Key); each retry is counted in `stats`. */
  retry5xx?: boolean;
  stats?: { retried5xx: number; first5xx: string[] };
  /** Filled with the JSON byte size of each accepted command's body, create first (the bare baseline pads its payloads to these). */
  bodyBytes?: Array<{ command: string; bytes: number }>;
}

/** The JSON byte size of a request body as `send` sends it. */
export const jsonBytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

/** POSTs `body` (JSON unless a Buffer) as `who`, retrying as the driver says; the status and text of the answer. */
export async function send(d: Driver, who: Who, url: string, body: unknown, key?: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { Authorization: d.auth[who], 'Content-Type': contentType };
  if (key && d.idempotent) headers['Idempotency-Key'] = key;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${d.base}${url}`, { method: 'POST', headers, body: Buffer.isBuffer(body) ? body : JSON.stringify(body) });
      const text = await res.text();
      if (res.status >= 500 && (d.retryNetwork || d.retry5xx) && attempt < 200) {
        if (d.stats) {
          d.stats.retried5xx += 1;
          if (d.stats.first5xx.length < 3) d.stats.first5xx.push(`${url}: ${res.status} ${text.slice(0, 200)}`);
        }
        await sleep(250);
        continue;
      }
      return { status: res.status, text };
    } catch (err) {
      if (!d.retryNetwork || attempt >= 200) throw err;
      await sleep(250);
    }
  }
}

export async function upload(d: Driver, who: Who, name: string): Promise<DocumentRef> {
  const r = await send(d, who, '/documents', Buffer.from(`document ${name}`), `up-${name}`, 'application/pdf');
  if (r.status !== 201) throw new HttpError(r.status, `upload ${name}`, r.text);
  return { ...(JSON.parse(r.text) as Omit<DocumentRef, 'name'>), name: `${name}.pdf` };
}

/** Stops a partial run (`stopAfter`) once its last command is accepted. */
class StopAfter extends Error {}

/**
 * Runs the whole procedure `key`, or up to and including the command `stopAfter` (kebab-case);
 * returns each command's latency (successful attempt only).
 */
export async function driveProcedure(d: Driver, key: string, onStep?: (command: string) => void, stopAfter?: string): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  try {
    await run();
  } catch (err) {
    if (!(err instanceof StopAfter)) throw err;
  }
  return timings;

  async function run(): Promise<void> {
    const doc = (who: Who, name: string) => upload(d, who, `${key}-${name}`);
    const step = async (who: Who, command: string, body: unknown, waitDays = 0) => {
      for (;;) {
        const t0 = performance.now();
        const r = await send(d, who, `/procedures/${key}/${command}`, body, `${key}-${command}`);
        const ms = performance.now() - t0;
        if (r.status === 200) {
          timings.push({ command, ms });
          d.bodyBytes?.push({ command, bytes: jsonBytes(body) });
          onStep?.(command);
          if (command === stopAfter) throw new StopAfter();
          return;
        }
        // A statutory period not yet over (R-12 and the like): wait a simulated day and retry.
        if (r.status === 409 && waitDays > 0) {
          await sleep(d.dayMs);
          continue;
        }
        throw new HttpError(r.status, `${key} ${command}`, r.text);
      }
    };
    const draft = await doc('sponsor', 'draft');
    const t0 = performance.now();
    const createBody = { ...lightStart(key), draft, jurisdiction: 'sim' };
    const created = await send(d, 'organ', '/procedures', createBody, `${key}-create`);
    if (created.status !== 201) throw new HttpError(created.status, `${key} create`, created.text);
    timings.push({ command: 'create', ms: performance.now() - t0 });
    d.bodyBytes?.push({ command: 'create', bytes: jsonBytes(createBody) });
    await step('sponsor', 'open-comment-period', { explanation: await doc('sponsor', 'explanation'), channels: ['网站'], days: 30 });
    await sleep(30 * d.dayMs);
    await step('sponsor', 'close-comment-period', {}, 30);
    await step('sponsor', 'submit-participation-adoption-report', { opinions: [{ summary: '意见', adopted: true }], document: await doc('sponsor', 'adoption') });
    await step('sponsor', 'submit-legality-review', { legalBasis: '依据', procedureAccount: '已履行程序' });
    await step('office', 'engage-legal-advisers', { advisers: [{ personId: 'p-lawyer', name: '赵律师' }] });
    await step('adviser', 'submit-legal-adviser-opinion', { adviser: '赵律师', document: await doc('adviser', 'adviser') });
    await step('office', 'give-legality-opinion', { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: await doc('office', 'op') });
    await step('sponsor', 'record-legal-opinion-adoption', { opinions: [{ summary: '合法', adopted: true }] });
    await sleep(7 * d.dayMs);
    await step('sponsor', 'submit-to-discussion', {}, 30);
    const speeches = [
      { personId: 'm-1', name: '委员1', isHead: false, position: 'approve', statement: '同意' },
      { personId: 'p-mayor', name: '王市长', isHead: true, position: 'approve', statement: '同意' },
    ];
    const minutes = await doc('organ', 'minutes');
    await step('organ', 'record-meeting', { meetingType: 'executive', heldAt: new Date().toISOString(), membersTotal: 3, attendees: 2, speeches, outcome: 'approve', minutes });
    await step('organ', 'record-party-report', { document: await doc('organ', 'party') });
    // the decided text is published, not the draft.
    await step('organ', 'publish-decision', { channels: ['政府公报'], adoptionExplanation: '说明', document: await doc('organ', 'decided') });
    await step('organ', 'name-executing-unit', { unit: UNITS.executor });
    // the executing unit reports execution complete, so closing does not stop the decision.
    await step('executor', 'submit-execution-report', { kind: 'final', document: await doc('executor', 'exec') });
    await step('organ', 'archive-procedure', { archiveReference: `SIM-${key}` });
    await step('organ', 'close-procedure', { reason: '执行完毕' });
  }
}

/** Commands (updates) of the standard full procedure after the start. */
export const STANDARD_COMMANDS = 16;
