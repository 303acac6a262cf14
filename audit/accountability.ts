import type { Client } from '@temporalio/client';
import { delayedDecisionAt, fold, isUndecided, type DomainEvent, type EventType } from '../domain';
import { claimed, type ApiRefusalLog, type ApiRefusalRecord } from './api-refusal-log';
import { EVENT_INFO, beijingTime, rulesOf } from './event-catalog';
import type { RecordedEvent } from './events-from-history';
import { listProcedures, type ProcedureFilter } from './procedure-list';
import { readProcedureRecord } from './procedure-record';

/*
 * R-66 [D§38-41]: who decided, who reviewed, who dissented stays traceable for life (终身责任追究,
 * 倒查). The acts of a person or a unit are read from every procedure's history; search
 * attributes carry no personal data (ARCHITECTURE decision 5), so the search reads the events
 * themselves. And the procedures left undecided past the policy's limit (久拖不决).
 */

export type ActKind = 'decided' | 'reviewed' | 'dissented' | 'suspended' | 'spoke' | 'refused' | 'delayed' | 'acted';

export interface Act {
  procedureKey: string;
  title?: string;
  at: string;
  beijingTime: string;
  kind: ActKind;
  /** zh-CN */
  action: string;
  eventType: string;
  person?: { personId: string; name?: string };
  role?: string;
  unit?: string;
  ruleIds: string[];
  detail?: string;
  source: 'history' | 'api-refusal-log';
}

export interface Who {
  personId?: string;
  unit?: string;
}

const REVIEWS: ReadonlySet<EventType> = new Set<EventType>([
  'FirstLevelLegalityOpinionGiven',
  'LegalityOpinionGiven',
  'LegalityReviewReturned',
  'LegalAdviserOpinionSubmitted',
  'ExpertOpinionSubmitted',
  'FairCompetitionReviewed',
  'RiskReportSubmitted',
  'EvaluationReported',
]);

function kindOfEvent(e: DomainEvent): ActKind {
  if (e.type === 'MeetingRecorded') return 'decided';
  if (e.type === 'ExecutionSuspended') return 'suspended';
  if (e.type === 'CommandRefused') return 'refused';
  if (e.type === 'DelayedFlagged') return 'delayed';
  return REVIEWS.has(e.type) ? 'reviewed' : 'acted';
}

/** The acts of `who` in one procedure's events, in order. */
export function actsIn(procedureKey: string, events: readonly RecordedEvent[], who: Who): Act[] {
  const title = events.find((r) => r.event.type === 'ProcedureStarted')?.event;
  const base = (r: RecordedEvent) => ({
    procedureKey,
    ...(title?.type === 'ProcedureStarted' ? { title: title.data.title } : {}),
    at: r.event.at,
    beijingTime: beijingTime(r.event.at),
    eventType: r.event.type,
    ruleIds: rulesOf(r.event, r.source.command),
    source: 'history' as const,
  });
  const out: Act[] = [];
  for (const r of events) {
    const e = r.event;
    const actor = e.actor;
    const mine = who.personId !== undefined ? actor.personId === who.personId : actor.unit === who.unit;
    if (mine) {
      out.push({
        ...base(r),
        kind: kindOfEvent(e),
        action: EVENT_INFO[e.type].title,
        person: { personId: actor.personId, name: actor.name },
        role: actor.role,
        unit: actor.unit,
        ...(e.type === 'MeetingRecorded' ? { detail: `决定 / outcome: ${e.data.outcome}` } : e.type === 'ExecutionSuspended' ? { detail: e.data.reason } : {}),
      });
    }
    if (who.personId === undefined) continue;
    // R-52: each member's position is recorded as given; dissent is kept for R-66 [D§38].
    if (e.type === 'MeetingRecorded') {
      for (const s of e.data.speeches.filter((x) => x.personId === who.personId)) {
        const dissent = e.data.dissenters.some((d) => d.personId === who.personId);
        const kind: ActKind = s.isHead ? 'decided' : dissent ? 'dissented' : 'spoke';
        const action = s.isHead ? '行政首长作出决定 / the head decided' : dissent ? '在集体讨论中发表不同意见 / dissented at the meeting' : '在集体讨论中发表意见 / spoke at the meeting';
        out.push({ ...base(r), kind, action, person: { personId: s.personId, name: s.name }, role: 'decision_organ', unit: actor.unit, detail: `${s.position}：${s.statement}` });
      }
    }
    // An expert's opinion handed in by the sponsor is still the expert's review (R-21).
    if (e.type === 'ExpertOpinionSubmitted' && e.data.personId === who.personId && actor.personId !== who.personId) {
      out.push({ ...base(r), kind: 'reviewed', action: EVENT_INFO[e.type].title, person: { personId: e.data.personId }, role: 'expert', detail: `由 ${actor.name} 代为提交 / handed in by ${actor.name}` });
    }
  }
  return out;
}

/** The API's refusals of `who` (401/403), as acts. */
export function refusedActs(refusals: readonly ApiRefusalRecord[], who: Who): Act[] {
  return refusals
    .filter((r) => (who.personId !== undefined ? r.actor?.personId === who.personId : r.actor?.unit === who.unit))
    .map((r) => ({
      procedureKey: r.procedureKey ?? '',
      at: r.at,
      beijingTime: beijingTime(r.at),
      kind: 'refused' as const,
      action: `API 拒绝 ${r.status} / refused by the API: ${r.route ?? `${r.method}${claimed(r.path, '请求所称路径 / path as sent')}`}`,
      eventType: 'ApiRefused',
      ...(r.actor ? { person: { personId: r.actor.personId, ...(r.actor.name ? { name: r.actor.name } : {}) } } : {}),
      ...(r.actor?.role ? { role: r.actor.role } : {}),
      ...(r.actor?.unit ? { unit: r.actor.unit } : {}),
      ruleIds: [],
      detail: r.reason,
      source: 'api-refusal-log' as const,
    }));
}

export interface ActsOptions {
  filter?: ProcedureFilter;
  refusals?: ApiRefusalLog;
  onProgress?: (done: number, total: number) => void;
}

/** Every act of a person or a unit across all procedures (or a filtered set), oldest first. */
export async function actsAcross(client: Client, who: Who, opts: ActsOptions = {}): Promise<Act[]> {
  if ((who.personId === undefined) === (who.unit === undefined)) throw new Error('name a person or a unit');
  const keys: string[] = [];
  for await (const p of listProcedures(client, opts.filter)) keys.push(p.procedureKey);
  const acts: Act[] = [];
  opts.onProgress?.(0, keys.length);
  for (const [i, key] of keys.entries()) {
    acts.push(...actsIn(key, (await readProcedureRecord(client, key)).extracted.events, who));
    opts.onProgress?.(i + 1, keys.length);
  }
  if (opts.refusals) acts.push(...refusedActs(await opts.refusals.list(), who));
  return acts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface DelayedProcedure {
  procedureKey: string;
  title: string;
  decisionOrgan: string;
  sponsorUnit: string;
  stage: string;
  startedAt: string;
  limitDays: number;
  /** When the policy's limit passed (R-66). */
  dueAt: string;
  /** When the workflow flagged it; absent when the limit passed but no flag is recorded yet. */
  flaggedAt?: string;
}

/**
 * R-66: the procedures flagged as delayed (the `Delayed` search attribute, confirmed by the
 * DelayedFlagged event in the history), and those still undecided past their limit without a
 * flag (a worker that was down when the timer was due), which an auditor must see too.
 */
export async function delayedProcedures(client: Client, now: string = new Date().toISOString()): Promise<DelayedProcedure[]> {
  const out: DelayedProcedure[] = [];
  const seen = new Set<string>();
  const check = async (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const events = (await readProcedureRecord(client, key)).extracted.events.map((r) => r.event);
    const s = fold(events);
    if (!s) return;
    const flagged = events.find((e) => e.type === 'DelayedFlagged');
    const dueAt = delayedDecisionAt(s);
    if (!flagged && !(isUndecided(s) && Date.parse(now) >= Date.parse(dueAt))) return;
    out.push({
      procedureKey: s.procedureKey,
      title: s.title,
      decisionOrgan: s.decisionOrgan,
      sponsorUnit: s.sponsorUnit,
      stage: s.stage,
      startedAt: s.startedAt,
      limitDays: s.policy.delayedDecisionDays,
      dueAt,
      ...(flagged ? { flaggedAt: flagged.at } : {}),
    });
  };
  for await (const p of listProcedures(client, { delayed: true })) await check(p.procedureKey);
  for (const stage of ['preparation', 'legality_review', 'legality_returned', 'awaiting_discussion'] as const) {
    for await (const p of listProcedures(client, { stage, delayed: false })) await check(p.procedureKey);
  }
  return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}
