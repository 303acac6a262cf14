import type { WorkingCalendar } from './calendar';
import type { MissingItem } from './errors';
import { reviewWorkingDaysDetail } from './legality-clock';
import type { Step } from './requirements';
import { currentDraft, type Act, type ProcedureState } from './state';
import { missing } from './commands/spec';

/**
 * Whether an act still counts for the current draft: results of steps the
 * policy lists as draft-dependent (legality review always) must be for the
 * current version.
 */
export function fresh(s: ProcedureState, step: Step, act: Act | undefined): boolean {
  if (!act) return false;
  const dependent = step === 'legalityReview' || (s.policy.redoOnNewDraft as string[]).includes(step);
  return !dependent || act.draftVersion === currentDraft(s).version;
}

/** the risk step is complete only with a controllable assessment of an adjusted draft. */
function riskMissing(s: ProcedureState): MissingItem[] {
  const latest = s.risk.reports.at(-1);
  const c = s.risk.controllability;
  const uncontrollable = s.risk.controllability && !s.risk.controllability.controllable;
  if (!latest || !fresh(s, 'riskAssessment', latest) || (uncontrollable && c && latest.draftVersion <= c.draftVersion && !c.controllable)) {
    return [
      uncontrollable
        ? missing('risk.reassessment', 'R-32', 'sponsor', s.sponsorUnit, '风险不可控：应当调整决策草案并重新评估')
        : missing('risk.report', 'R-30', 'sponsor', s.sponsorUnit, '尚无针对本稿的风险评估报告'),
    ];
  }
  if (!c || c.reportIndex !== s.risk.reports.length - 1) {
    return [missing('risk.controllability', 'R-31', 'decision_organ', s.decisionOrgan, '决策机关尚未认定风险是否可控')];
  }
  if (!c.controllable) {
    return [missing('risk.controllable', 'R-32', 'sponsor', s.sponsorUnit, '风险不可控：应当调整决策草案并重新评估')];
  }
  return [];
}

function participationMissing(s: ProcedureState): MissingItem[] {
  const p = s.participation;
  if (!fresh(s, 'publicParticipation', p.period)) {
    return [missing('participation.period', 'R-10', 'sponsor', s.sponsorUnit, '尚未公开征求意见')];
  }
  if (!p.closed || (p.period && p.closed.draftVersion < p.period.draftVersion)) {
    return [missing('participation.closed', 'R-12', 'sponsor', s.sponsorUnit, '征求意见期尚未届满结束')];
  }
  if (!p.adoptionReport || Date.parse(p.adoptionReport.at) < Date.parse(p.closed.at)) {
    return [missing('participation.adoptionReport', 'R-13', 'sponsor', s.sponsorUnit, '尚未提交公众意见研究采纳情况')];
  }
  return [];
}

function expertMissing(s: ProcedureState): MissingItem[] {
  const out: MissingItem[] = [];
  if (!s.expert.opinions.some((o) => fresh(s, 'expertReview', o))) {
    out.push(missing('expert.opinions', 'R-21', 'expert', undefined, '尚无经签字的专家书面论证意见'));
  }
  if (!fresh(s, 'expertReview', s.expert.adoptionReport)) {
    out.push(missing('expert.adoptionReport', 'R-22', 'sponsor', s.sponsorUnit, '尚未提交专家意见采纳情况'));
  }
  return out;
}

function legalityMissing(s: ProcedureState, cal: WorkingCalendar, now: string): MissingItem[] {
  const o = s.legality.opinion;
  if (!fresh(s, 'legalityReview', o) || !o) {
    return [missing('legality.opinion', 'R-40', 'legality_office', s.legalityOffice, '本稿尚未经合法性审查')];
  }
  const out: MissingItem[] = [];
  if (o.outcome === 'unlawful') {
    out.push(missing('legality.lawfulOpinion', 'R-44', 'sponsor', s.sponsorUnit, '合法性审查认为不合法，不得提交讨论'));
  }
  const a = s.legality.adoption;
  const adoptionOfThisOpinion = a && a.draftVersion === o.draftVersion && Date.parse(a.at) >= Date.parse(o.at) ? a : undefined;
  // "lawful subject to changes" — the draft is revised (a new version, so this opinion is
  // no longer the current draft's: R-54 asks for a new review) or the sponsor states a good reason.
  if (o.outcome === 'lawful_with_changes' && !adoptionOfThisOpinion?.unrevisedReason) {
    out.push(missing('legality.changesMade', 'R-44', 'sponsor', s.sponsorUnit,
      '合法性审查意见为“修改后合法”：应当按意见修改决策草案（提交新版本并重新审查），或者说明不予修改的正当理由 / ' +
      'the legality opinion is "lawful subject to changes": revise the draft accordingly (a new version, reviewed again) or state a good reason for not revising'));
  }
  if (!adoptionOfThisOpinion) {
    out.push(missing('legality.adoption', 'R-47', 'sponsor', s.sponsorUnit, '尚未记录合法性审查意见采纳情况'));
  }
  const count = reviewWorkingDaysDetail(s, cal, now);
  const days = count.days;
  if (days < s.policy.legalityReviewMinWorkingDays) {
    // a count over days of a year whose schedule is not loaded is provisional, and says so.
    const years = count.provisionalYears.join('、');
    const note = count.provisional
      ? `；${years}年节假日安排尚未载入，工作日计数为暂定 / provisional: the ${count.provisionalYears.join(', ')} holiday schedule is not loaded`
      : '';
    out.push(missing('legality.reviewTime', 'R-42', 'legality_office', s.legalityOffice,
      `合法性审查时间不少于${s.policy.legalityReviewMinWorkingDays}个工作日（已${days}个工作日${note}）`));
  }
  return out;
}

/**
 * submission to discussion — every step R-04 requires, complete for the
 * current draft, listed all at once with its rule and responsible party.
 */
export function discussionGate(s: ProcedureState, cal: WorkingCalendar, now: string): MissingItem[] {
  const r = s.requirements;
  const out: MissingItem[] = [];
  const lastMeeting = s.discussion.meetings.at(-1);
  if (lastMeeting?.outcome === 'revise' && lastMeeting.draftVersion === currentDraft(s).version) {
    out.push(missing('draft.revised', 'R-54', 'sponsor', s.sponsorUnit, '会议决定修改后再提交：应当提交修改后的新版本草案'));
  }
  if (r.publicParticipation.required) out.push(...participationMissing(s));
  if (r.groupConsultation.required && !fresh(s, 'groupConsultation', s.groupConsultation)) {
    out.push(missing('groupConsultation', 'R-04', 'sponsor', s.sponsorUnit, '尚未与受影响的特定群体沟通协商'));
  }
  if (r.hearing.required && !fresh(s, 'hearing', s.hearing.record)) {
    out.push(missing('hearing.record', 'R-14', 'sponsor', s.sponsorUnit, '尚无经参加人签字确认的听证笔录'));
  }
  if (r.expertReview.required) out.push(...expertMissing(s));
  if (r.riskAssessment.required) out.push(...riskMissing(s));
  if (r.fairCompetitionReview.required && !fresh(s, 'fairCompetitionReview', s.fairCompetition)) {
    out.push(missing('fairCompetitionReview', 'R-04', 'sponsor', s.sponsorUnit, '尚未进行公平竞争审查'));
  }
  if (r.departmentConsultation.required) {
    for (const d of s.attributes.otherDepartments.filter((x) => !s.departments[x])) {
      out.push(missing(`department:${d}`, 'R-05', 'sponsor', s.sponsorUnit, `尚未与${d}协商`));
    }
  }
  out.push(...legalityMissing(s, cal, now));
  return out;
}
