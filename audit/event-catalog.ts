import { COMMANDS, type DocumentRef, type DomainEvent } from '../domain';

// The table lives in domain/ (pure, no imports) so the web application shows the same titles.
export { EVENT_INFO } from '../domain/event-info';
import { EVENT_INFO } from '../domain/event-info';

/** zh-CN title of a command by wire name (the API's refusals name commands, too). */
export function commandTitle(name: string): string | undefined {
  return COMMANDS[name]?.title;
}

/** The R-ids behind an event: the command's rules when known, the missing items' for a refusal. */
export function rulesOf(e: DomainEvent, command?: string): string[] {
  if (e.type === 'CommandRefused') {
    return [...new Set([...EVENT_INFO.CommandRefused.rules, ...e.data.missing.map((m) => m.ruleId)])];
  }
  // A deadline's rule is the one that set the date.
  if (e.type === 'DeadlineApproaching' || e.type === 'DeadlineMissed') return [e.data.ruleId];
  const spec = command ? COMMANDS[command] : undefined;
  return spec ? spec.rules : EVENT_INFO[e.type].rules;
}

/** Documents an event refers to, by hash, in order and without repeats. */
export function documentsOf(data: unknown): DocumentRef[] {
  const out: DocumentRef[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.sha256 === 'string' && typeof o.mediaType === 'string') {
        if (!out.some((d) => d.sha256 === o.sha256)) out.push(o as unknown as DocumentRef);
      } else Object.values(o).forEach(visit);
    }
  };
  visit(data);
  return out;
}

/** `2026-11-23 17:40:21` in Beijing time (R-06: legal time is Asia/Shanghai, UTC+8 all year). */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}
