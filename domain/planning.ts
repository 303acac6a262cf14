import { addDays, beijingDate, beijingIso, endOfBeijingDay } from './calendar';
import { DomainError } from './errors';
import type { PinnedRules } from './jurisdictions';
import { policyPeriodEnd } from './policy-time';

/*
 * Planning a procedure: when each statutory period ends if it opens at a given instant, under
 * a jurisdiction's pinned policy and calendar. Pure, and counted by the same functions the
 * procedure's gates and timers use (R-06 via policyPeriodEnd, R-14 as the hearing gates read
 * it), so a planner, the API and an auditor get the same dates.
 */

/** How a period is counted: forward in calendar or working days, or back from the hearing. */
export type PlannedCounting = 'calendar' | 'working' | 'before-hearing';

export interface PlannedPeriod {
  /** Stable identifier of the period. */
  id: 'commentPeriod' | 'legalityReview' | 'officeReply' | 'officeReplyExtended' | 'hearingAnnouncement' | 'hearingParticipantList' | 'hearingMaterials';
  ruleId: 'R-11' | 'R-42' | 'R-48' | 'R-14';
  /** zh-CN name. */
  name: string;
  nameEn: string;
  counting: PlannedCounting;
  /** The policy field the figure comes from. */
  policyField: string;
  /** The figure used, or null where the policy has none (R-14: "in advance", 事先). */
  days: number | null;
  /**
   * Forward periods: the instant the period is over (24:00 Beijing of its last day).
   * R-14 lead times: the latest instant the act may happen, `from` being the hearing's time.
   */
  endsAt: string;
  /** endsAt in Beijing time, e.g. 2026-11-01T00:00:00+08:00. */
  endsAtBeijing: string;
  /** The last Beijing calendar day of the period (for R-14: the last day the act may happen). */
  lastDay: string;
  /** a day it depends on lies in a year whose holiday schedule is not loaded; recompute when it is. */
  provisional: boolean;
  provisionalYears: number[];
}

export interface PeriodPlan {
  from: string;
  jurisdiction: string;
  policyVersion: string;
  calendarVersion: string;
  periods: PlannedPeriod[];
}

export interface PlanOptions {
  /** the comment period's length; at least the policy minimum (default: the minimum). */
  commentDays?: number;
}

/**
 * Every statutory period of the procedure, opened at `from` under
 * `rules`. For the R-14 lead times `from` is the hearing's time and each entry says by when the
 * act must happen; they are calendar days before the hearing, which holidays do not move.
 */
export function planPeriods(rules: PinnedRules, from: string, opts: PlanOptions = {}): PeriodPlan {
  const { policy, calendar } = rules;
  const min = policy.commentPeriodMinDays;
  const commentDays = opts.commentDays ?? min;
  if (!Number.isInteger(commentDays) || commentDays < min) {
    throw new DomainError(
      'INVALID_INPUT',
      `征求意见期限应为不少于 ${min} 日的整数（R-11；更短的期限须在开启时说明理由，不在规划之列）：${commentDays} / ` +
        `the comment period must be a whole number of at least ${min} days (R-11): ${commentDays}`,
      ['R-11'],
    );
  }
  const forward = (
    id: PlannedPeriod['id'],
    ruleId: PlannedPeriod['ruleId'],
    name: string,
    nameEn: string,
    policyField: string,
    days: number,
    unit: 'calendar' | 'working',
  ): PlannedPeriod => {
    const d = policyPeriodEnd(policy, calendar, from, days, unit);
    return {
      id, ruleId, name, nameEn, counting: unit, policyField, days,
      endsAt: d.endsAt, endsAtBeijing: beijingIso(d.endsAt), lastDay: d.lastDay,
      provisional: d.provisional, provisionalYears: d.provisionalYears,
    };
  };
  // R-14, as the hearing gates read it: the act's Beijing day at most `lead` days before the
  // hearing's day; without a figure, simply before the hearing.
  const beforeHearing = (id: PlannedPeriod['id'], name: string, nameEn: string, policyField: string, lead: number | undefined): PlannedPeriod => {
    const endsAt = lead === undefined ? new Date(Date.parse(from)).toISOString() : endOfBeijingDay(addDays(beijingDate(from), -lead));
    const lastDay = lead === undefined ? beijingDate(from) : addDays(beijingDate(from), -lead);
    return {
      id, ruleId: 'R-14', name, nameEn, counting: 'before-hearing', policyField, days: lead ?? null,
      endsAt, endsAtBeijing: beijingIso(endsAt), lastDay, provisional: false, provisionalYears: [],
    };
  };
  const reply = policy.officeReplyWorkingDays;
  return {
    from,
    jurisdiction: policy.jurisdiction,
    policyVersion: policy.version,
    calendarVersion: calendar.version,
    periods: [
      forward('commentPeriod', 'R-11', '公开征求意见期限', 'public comment period', 'commentPeriodMinDays', commentDays, 'calendar'),
      forward('legalityReview', 'R-42', '合法性审查时间', 'legality review time', 'legalityReviewMinWorkingDays', policy.legalityReviewMinWorkingDays, 'working'),
      forward('officeReply', 'R-48', '合法性审查部门答复期限', 'legality office reply deadline', 'officeReplyWorkingDays', reply, 'working'),
      forward('officeReplyExtended', 'R-48', '合法性审查部门答复期限（延长后）', 'office reply deadline, extended once at most', 'officeExtensionMaxWorkingDays',
        reply + policy.officeExtensionMaxWorkingDays, 'working'),
      beforeHearing('hearingAnnouncement', '听证公告（事先发布）', 'hearing announcement (in advance)', 'hearingAnnounceLeadDays',
        policy.hearingAnnounceLeadDays as number | undefined),
      beforeHearing('hearingParticipantList', '公布听证参加人名单（事先）', 'hearing participant list (in advance)', 'hearingParticipantListLeadDays',
        policy.hearingParticipantListLeadDays as number | undefined),
      beforeHearing('hearingMaterials', '送达听证材料', 'hearing materials to participants', 'hearingMaterialsLeadDays', policy.hearingMaterialsLeadDays),
    ],
  };
}
