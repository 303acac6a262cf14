import { z } from 'zod';
import { endOfBeijingDay, fold, type DomainEvent, type ProcedureState } from '../domain';
import type { RecordedEvent } from './events-from-history';

/*
 * ARCHITECTURE decision 3: the state as of an instant is the fold of the domain events
 * recorded up to it. `apply` is pure and the only way state changes, so this is exactly what
 * the workflow's `procedureState` query answered at that instant (test/audit/as-of.test.ts).
 */

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const instant = z.iso.datetime({ offset: true });

export class InstantError extends Error {
  constructor(text: string) {
    super(`无法识别的时刻 / not an instant: ${text}（应为 2026-12-01 或 2026-12-01T10:00:00+08:00 / expected a Beijing date or an ISO-8601 instant with offset）`);
    this.name = 'InstantError';
  }
}

/**
 * An ISO-8601 instant with offset, or a date `YYYY-MM-DD` meaning the end of that day in
 * Beijing time (R-06: legal time is Asia/Shanghai): the last millisecond before 24:00.
 */
export function parseInstant(text: string): string {
  if (dateOnly.test(text)) {
    const end = Date.parse(endOfBeijingDay(text));
    if (Number.isNaN(end)) throw new InstantError(text);
    return new Date(end - 1).toISOString();
  }
  if (!instant.safeParse(text).success) throw new InstantError(text);
  return new Date(Date.parse(text)).toISOString();
}

const eventOf = (e: RecordedEvent | DomainEvent): DomainEvent => ('event' in e ? e.event : e);

/** The events recorded up to and including `at`. */
export function eventsUpTo<T extends RecordedEvent | DomainEvent>(events: readonly T[], at: string): T[] {
  const limit = Date.parse(at);
  return events.filter((e) => Date.parse(eventOf(e).at) <= limit);
}

/** The procedure's state as of `at`; undefined when it had not started by then. */
export function stateAsOf(events: readonly (RecordedEvent | DomainEvent)[], at: string): ProcedureState | undefined {
  return fold(eventsUpTo(events, at).map(eventOf));
}
