import type { DeliveryJob, NoticeBatch } from '../activities/notice-types';

/*
 * A batch of notices as (notice × party) jobs: what the dispatcher workflow and the notice relay
 * deliver. Pure (no I/O, no Node modules, no workflow API), so the worker's relay imports it too.
 */

/** The dispatcher's key of a (notice × party) job: the same on every re-enqueue of the same notice. */
export function jobKey(b: { procedureKey: string; eventSeq: number; template: string }, party: { role: string; unit?: string; head?: boolean; personId?: string }): string {
  // An escalation goes to a party and to its head: two recipients, two keys. A notice to one
  // person is keyed by that person, so two advisers of one firm are two jobs.
  const person = typeof party.personId === 'string' ? `:person:${party.personId}` : '';
  return `${b.procedureKey}|${b.eventSeq}|${b.template}|${party.role}:${party.unit ?? '*'}${party.head ? ':head' : ''}${person}`;
}

/** One job per notice and recipient party; anything not shaped like a batch is ignored (a signal cannot be refused). */
export function jobsOf(batch: NoticeBatch): DeliveryJob[] {
  if (!batch || typeof batch.procedureKey !== 'string' || !Array.isArray(batch.notices)) return [];
  return batch.notices.flatMap((n) =>
    (Array.isArray(n?.recipients) ? n.recipients : []).filter((p) => typeof p?.role === 'string').map((party) => ({
      key: jobKey({ procedureKey: batch.procedureKey, eventSeq: batch.eventSeq, template: n.template }, party),
      procedureKey: batch.procedureKey,
      title: batch.title,
      eventSeq: batch.eventSeq,
      at: batch.at,
      template: n.template,
      ruleId: n.ruleId,
      party: {
        role: party.role,
        ...(party.unit === undefined ? {} : { unit: party.unit }),
        // An escalation's copy for the unit's head (domain/notices.ts).
        ...(party.head === true ? { head: true } : {}),
        // A notice for one person: delivered to that person only.
        ...(typeof party.personId === 'string' ? { personId: party.personId } : {}),
      },
      data: n.data ?? {},
    })),
  );
}
