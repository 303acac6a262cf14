import type { DocumentRef, DomainEvent, MissingItem } from '../domain';
import { claimed, type ApiRefusalRecord } from './api-refusal-log';
import { EVENT_INFO, beijingTime, commandTitle, documentsOf, rulesOf } from './event-catalog';
import type { ExtractedEvents, EventSource, RecordedEvent } from './events-from-history';

/*
 * The timeline an auditor reads (issue #6 §1): every event of a procedure in order, with the
 * instant in Beijing time, who acted (person, role, unit), what was done, the rule behind it,
 * the documents by hash and what the gate said. Refused attempts are in it too: those the
 * workflow recorded (R-50, from its history) and those the API refused before reaching the
 * workflow (401/403, from the API's refusal log).
 */

export const ROLE_TITLES: Record<string, string> = {
  decision_organ: '决策机关',
  sponsor: '决策承办单位',
  legality_office: '合法性审查部门',
  sponsor_legal_unit: '承办单位法制机构',
  legal_adviser: '法律顾问/公职律师',
  expert: '专家',
  executing_unit: '决策执行单位',
  evaluator: '后评估单位',
  auditor: '审计监督机关',
  public: '公众',
};

export type TimelineSource =
  | ({ kind: 'history' } & EventSource)
  | { kind: 'api-refusal-log'; seq: number; hash: string };

export interface TimelineEntry {
  seq: number;
  /** ISO-8601 instant (UTC). */
  at: string;
  /** The same instant in Beijing time, `YYYY-MM-DD HH:mm:ss` (R-06). */
  beijingTime: string;
  /** Who acted; the API's 401 refusals have no one to name. */
  actor: { personId?: string; name?: string; unit?: string; role?: string };
  /** What was done, zh-CN. */
  action: string;
  /** The domain event type, or `ApiRefused` for a refusal from the API's log. */
  eventType: string;
  /** The command (wire name) that recorded the event or that was refused. */
  command?: string;
  ruleIds: string[];
  documents: DocumentRef[];
  /** The gate's answer: accepted, or refused with why. */
  gate: { accepted: boolean; text: string; missing?: MissingItem[] };
  /** The outcome or the substance worth reading at a glance (meeting outcome, dissent…). */
  detail?: string;
  source: TimelineSource;
  /** The event's data as recorded. */
  data?: unknown;
}

export interface Timeline {
  procedureKey: string;
  entries: TimelineEntry[];
  /** Gaps and disagreements found while reading the history. */
  notes: string[];
}

function detailOf(e: DomainEvent): string | undefined {
  switch (e.type) {
    case 'MeetingRecorded': {
      const dissent = e.data.dissenters.map((d) => `${d.name}(${d.personId}) ${d.position}`).join('、');
      return `决定 / outcome: ${e.data.outcome}；多数意见 / majority: ${e.data.majorityPosition}${dissent ? `；不同意见 / dissent: ${dissent}` : ''}${e.data.headReason ? `；行政首长理由 / head's reason: ${e.data.headReason}` : ''}`;
    }
    case 'LegalityOpinionGiven':
      return `审查结论 / outcome: ${e.data.outcome}`;
    case 'RiskControllabilityRecorded':
      return `风险可控 / controllable: ${e.data.controllable ? '是 yes' : '否 no'}`;
    case 'RiskReportSubmitted':
      return `风险等级 / level: ${e.data.level}`;
    case 'ExecutionSuspended':
    case 'ExecutionResumed':
    case 'ProcedureClosed':
      return `理由 / reason: ${e.data.reason}`;
    case 'DelayedFlagged':
      return `启动于 / started ${beijingTime(e.data.startedAt)}，期限 / limit ${e.data.limitDays} 天 days`;
    case 'DeadlineApproaching':
    case 'DeadlineMissed':
      return `事项 / item: ${e.data.item}，期限 / due ${beijingTime(e.data.dueAt)}，责任方 / party: ${e.data.party.role}${e.data.party.unit ? `@${e.data.party.unit}` : ''}`;
    case 'CommandRefused':
      return `被拒绝的命令 / refused command: ${commandTitle(e.data.command) ?? e.data.command} (${e.data.command})`;
    default:
      return undefined;
  }
}

function fromEvent(r: RecordedEvent): Omit<TimelineEntry, 'seq'> {
  const e = r.event;
  const refused = e.type === 'CommandRefused';
  const detail = detailOf(e);
  const command = refused ? e.data.command : r.source.command;
  return {
    at: e.at,
    beijingTime: beijingTime(e.at),
    actor: e.actor,
    action: EVENT_INFO[e.type].title,
    eventType: e.type,
    ...(command ? { command } : {}),
    ruleIds: rulesOf(e, r.source.command),
    documents: documentsOf(e.data),
    gate: refused
      ? { accepted: false, text: '拒绝：缺少前置步骤 / refused: steps missing', missing: e.data.missing }
      : { accepted: true, text: r.source.how === 'update' ? '已受理 / accepted' : '已记录 / recorded' },
    ...(detail ? { detail } : {}),
    source: { kind: 'history', ...r.source },
    data: e.data,
  };
}

const REFUSAL_WHY: Record<number, string> = {
  401: '未认证 / not authenticated',
  403: '无权办理（角色或单位）/ forbidden (role or unit)',
  429: '认证失败过多，已限流 / rate limited after failed authentications',
};

/**
 * A refusal from the API's log. What the request itself supplied (its path, a role it named)
 * is shown only quoted and labelled as the request's claim; the recorded reason is quoted too,
 * so no text a caller sent can read as the system's words or start a line of its own.
 */
function fromRefusal(r: ApiRefusalRecord): Omit<TimelineEntry, 'seq'> {
  const title = r.route ? commandTitle(r.route) : undefined;
  const why = REFUSAL_WHY[r.status] ?? String(r.status);
  return {
    at: r.at,
    beijingTime: beijingTime(r.at),
    actor: r.actor ?? {},
    action: `API 拒绝请求 / API refused: ${title ?? r.route ?? `${r.method}${claimed(r.path, '请求所称路径 / path as sent')}`}`,
    eventType: 'ApiRefused',
    ...(r.route ? { command: r.route } : {}),
    // docs/rules.md §1 and §3: a person acts only within their role and unit; refusals are recorded.
    ruleIds: [],
    documents: [],
    gate: { accepted: false, text: `拒绝 ${r.status}：${why}${claimed(r.reason, 'API 记录的理由 / reason recorded')}` },
    source: { kind: 'api-refusal-log', seq: r.seq, hash: r.hash },
  };
}

/** The procedure's timeline: history events and API refusals merged by instant (history first on ties). */
export function buildTimeline(procedureKey: string, extracted: ExtractedEvents, refusals: ApiRefusalRecord[] = []): Timeline {
  const fromHistory = extracted.events.map(fromEvent);
  const fromApi = refusals.filter((r) => r.procedureKey === procedureKey).map(fromRefusal);
  const merged: Omit<TimelineEntry, 'seq'>[] = [];
  let i = 0;
  for (const a of fromApi) {
    while (i < fromHistory.length && Date.parse((fromHistory[i] as TimelineEntry).at) <= Date.parse(a.at)) merged.push(fromHistory[i++] as TimelineEntry);
    merged.push(a);
  }
  merged.push(...fromHistory.slice(i));
  return { procedureKey, entries: merged.map((e, n) => ({ seq: n + 1, ...e })), notes: extracted.notes };
}

const who = (a: TimelineEntry['actor']): string => {
  if (!a.personId) return '（未认证 / unauthenticated）';
  // A role that is not one of ours came from the request (X-Acting-Role): the caller's claim.
  const role = a.role ? (ROLE_TITLES[a.role] ? `${ROLE_TITLES[a.role]} ${a.role}` : claimed(a.role, '请求所称角色 / role as sent')) : '';
  return [`${a.name ?? ''} (${a.personId})`, role, a.unit].filter(Boolean).join(' · ');
};

const size = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

function sourceText(s: TimelineSource): string {
  if (s.kind === 'api-refusal-log') return `API 拒绝日志第 ${s.seq} 行 / API refusal log #${s.seq}`;
  const how = { update: '命令更新 update', memo: '备注 memo', input: '工作流输入 input', derived: '推导 derived', carried: '承接 carried' }[s.how];
  return `历史事件 / history event #${s.historyEventId} (${how}), run ${s.runId}`;
}

/** The timeline as text a person reads (zh-CN first, English after each label). */
export function renderTimeline(t: Timeline): string {
  const out: string[] = [`决策程序 / procedure ${t.procedureKey} — 共 ${t.entries.length} 项 / ${t.entries.length} entries（北京时间 / Beijing time）`, ''];
  for (const e of t.entries) {
    out.push(`[${e.seq}] ${e.beijingTime}  ${e.action}（${e.eventType}${e.command ? ` · ${e.command}` : ''}）`);
    out.push(`    人员 / actor: ${who(e.actor)}`);
    if (e.ruleIds.length > 0) out.push(`    依据 / rules: ${e.ruleIds.join(' ')}`);
    for (const d of e.documents) out.push(`    文件 / document: ${d.name}  sha256 ${d.sha256}  ${size(d.size)}  ${d.mediaType}`);
    out.push(`    结果 / gate: ${e.gate.text}`);
    for (const m of e.gate.missing ?? []) out.push(`      - ${m.item} (${m.ruleId}) ${m.message} → ${ROLE_TITLES[m.responsible.role] ?? m.responsible.role}${m.responsible.unit ? ` ${m.responsible.unit}` : ''}`);
    if (e.detail) out.push(`    要点 / detail: ${e.detail}`);
    out.push(`    来源 / source: ${sourceText(e.source)}`);
  }
  if (t.notes.length > 0) out.push('', '说明 / notes:', ...t.notes.map((n) => `  - ${n}`));
  return out.join('\n');
}
