import { COMMANDS, type DocumentRef, type DomainEvent, type EventType } from '../domain';

/**
 * What a person reads for each domain event, and the rules behind it. An event recorded by a
 * command takes the command's own rules (COMMANDS); this table is for events recorded without
 * one (the start, refusals, timers) and for events whose command is no longer known (carried
 * across continue-as-new). `satisfies` keeps it complete when an event type is added.
 */
export const EVENT_INFO = {
  ProcedureStarted: { title: '决定启动决策程序', rules: ['R-01', 'R-02', 'R-03', 'R-04'] },
  RequirementsAmended: { title: '调整法定程序', rules: ['R-04'] },
  DraftRevised: { title: '形成新的决策草案版本', rules: ['R-54', 'R-32'] },
  DepartmentConsulted: { title: '记录部门协商', rules: ['R-05'] },
  CostBenefitAnalysisRecorded: { title: '记录决策草案成本效益及备选方案', rules: ['R-07'] },
  CommentPeriodOpened: { title: '公开征求意见', rules: ['R-10', 'R-11', 'R-06'] },
  PublicCommentRecorded: { title: '登记公众意见', rules: ['R-12'] },
  CommentPeriodClosed: { title: '结束征求意见', rules: ['R-12'] },
  ParticipationAdoptionReported: { title: '提交公众意见采纳情况', rules: ['R-13'] },
  GroupConsulted: { title: '记录与特定群体沟通协商', rules: ['R-04'] },
  HearingAnnounced: { title: '发布听证公告', rules: ['R-14'] },
  HearingParticipantsPublished: { title: '公布听证参加人名单', rules: ['R-14'] },
  HearingMaterialsSent: { title: '送达听证材料', rules: ['R-14'] },
  HearingRecorded: { title: '提交听证笔录', rules: ['R-14'] },
  ExpertPanelRecorded: { title: '确定论证专家', rules: ['R-20'] },
  ExpertOpinionSubmitted: { title: '提交专家论证意见', rules: ['R-21'] },
  ExpertAdoptionReported: { title: '提交专家意见采纳情况', rules: ['R-22'] },
  RiskReportSubmitted: { title: '提交风险评估报告', rules: ['R-30', 'R-31'] },
  RiskControllabilityRecorded: { title: '认定风险是否可控', rules: ['R-31', 'R-32'] },
  FairCompetitionReviewed: { title: '记录公平竞争审查', rules: ['R-04'] },
  FirstLevelLegalityOpinionGiven: { title: '承办单位法制机构合法性初审', rules: ['R-46'] },
  LegalityReviewSubmitted: { title: '送请合法性审查', rules: ['R-40', 'R-41', 'R-48'] },
  LegalityReviewReturned: { title: '退回补充材料', rules: ['R-41', 'R-48'] },
  LegalAdvisersEngaged: { title: '确定参与审查的法律顾问、公职律师', rules: ['R-43'] },
  LegalAdviserOpinionSubmitted: { title: '提交法律顾问、公职律师意见', rules: ['R-43'] },
  LegalityOpinionGiven: { title: '出具合法性审查意见', rules: ['R-43', 'R-44', 'R-45'] },
  LegalityDeadlineExtended: { title: '延长合法性审查期限', rules: ['R-48'] },
  LegalOpinionAdoptionRecorded: { title: '记录合法性审查意见采纳情况', rules: ['R-47'] },
  SubmittedToDiscussion: { title: '提请集体讨论', rules: ['R-50'] },
  MeetingRecorded: { title: '集体讨论决定', rules: ['R-51', 'R-52', 'R-53', 'R-54'] },
  PartyReported: { title: '向党委请示报告', rules: ['R-60'] },
  PeoplesCongressReported: { title: '向人大报告', rules: ['R-60'] },
  DecisionPublished: { title: '公布决策', rules: ['R-61'] },
  ProcedureArchived: { title: '决策归档', rules: ['R-62'] },
  ExecutingUnitNamed: { title: '确定决策执行单位', rules: ['R-63'] },
  ExecutionReported: { title: '报告决策执行情况', rules: ['R-63'] },
  PublicExecutionOpinionRecorded: { title: '登记公众对决策执行的意见', rules: ['R-63'] },
  PostEvaluationOrdered: { title: '组织决策后评估', rules: ['R-64'] },
  EvaluationReported: { title: '提交后评估报告', rules: ['R-64'] },
  ExecutionSuspended: { title: '暂停决策执行', rules: ['R-65'] },
  ExecutionResumed: { title: '恢复决策执行', rules: ['R-65'] },
  AmendmentStarted: { title: '启动决策调整程序', rules: ['R-65'] },
  ProcedureClosed: { title: '办结', rules: ['R-62', 'R-63'] },
  CommandRefused: { title: '拒绝办理：缺少前置步骤', rules: ['R-50'] },
  HolidayScheduleLoaded: { title: '载入法定节假日安排，重算期限', rules: ['R-06'] },
  DelayedFlagged: { title: '标记久拖不决', rules: ['R-66'] },
  MeetingScheduled: { title: '安排集体讨论会议', rules: ['R-51'] },
  DeadlineApproaching: { title: '期限临近提醒', rules: [] },
  DeadlineMissed: { title: '逾期未办，已督办', rules: [] },
  LaunchApproved: { title: '同意启动决策程序', rules: ['R-03'] },
  LaunchRefused: { title: '不同意启动决策程序', rules: ['R-03'] },
} satisfies Record<EventType, { title: string; rules: string[] }>;

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
