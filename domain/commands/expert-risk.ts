import { z } from 'zod';
import { documentField, text } from '../document';
import type { Actor } from '../actor';
import { DomainError } from '../errors';
import type { ProcedureState } from '../state';
import { opinionsSchema } from './participation';
import { PREPARING, defineCommand, draftVersion, event, missing, organUnits, sponsorUnits } from './spec';

/** experts chosen for expertise, representativeness and neutrality. */
export const recordExpertPanelSchema = z.object({
  members: z
    .array(
      z.object({
        personId: text(128).meta({ title: '人员编号' }),
        name: text(128).meta({ title: '姓名' }),
        body: text(200).optional().meta({ title: '所属专业机构' }),
        expertise: text(500).meta({ title: '专业领域' }),
        perspective: text(500).meta({ title: '代表性（观点、立场）' }),
        /** Declared direct interest in the item: such an expert is refused. */
        directInterest: z.boolean().meta({ title: '与决策事项有直接利害关系' }),
      }),
    )
    .min(1)
    .max(100)
    .meta({ title: '论证专家' }),
  selectionRationale: text(4000).meta({ title: '选择理由（专业性、代表性、中立性）' }),
});
export const recordExpertPanel = defineCommand({
  name: 'recordExpertPanel',
  title: '确定论证专家',
  rules: ['R-20'],
  schema: recordExpertPanelSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (_s, p, ctx) => {
    const conflicted = p.members.filter((m) => m.directInterest);
    if (conflicted.length > 0) {
      throw new DomainError(
        'INVALID_INPUT',
        `不得选择与决策事项有直接利害关系的专家、专业机构：${conflicted.map((m) => m.name).join('、')}（第二十条）`,
        ['R-20'],
      );
    }
    const members = p.members.map(({ directInterest: _d, ...m }) => m);
    return [event('ExpertPanelRecorded', ctx, { members, selectionRationale: p.selectionRationale })];
  },
});

/** an expert acts only in a procedure whose panel names them. */
const expertOnPanel = (s: ProcedureState, actor: Actor): string | undefined =>
  actor.role !== 'expert' || s.expert.panel?.members.some((m) => m.personId === actor.personId)
    ? undefined
    : `论证专家名单中没有您（${actor.personId}）/ no expert panel of this procedure names you`;

/** each written opinion is signed, and stamped when given by a body. */
export const submitExpertOpinionSchema = z.object({
  personId: text(128).meta({ title: '专家人员编号' }),
  document: documentField('专家书面论证意见'),
  signed: z.literal(true, { error: '专家书面论证意见应当由专家签字（第十九条）' }).meta({ title: '已由专家签字' }),
  stamped: z.boolean().default(false).meta({ title: '已加盖专业机构公章' }),
  /**
   * the sponsor files an expert's signed paper opinion; `document` is then the scan of the
   * signed opinion, and the record says it was filed on paper. An expert files their own only.
   */
  filedOnPaper: z.literal(true).optional().meta({ title: '纸质意见由承办单位代为登记' }),
});
export const submitExpertOpinion = defineCommand({
  name: 'submitExpertOpinion',
  title: '提交专家论证意见',
  rules: ['R-21'],
  schema: submitExpertOpinionSchema,
  roles: ['expert', 'sponsor'],
  stages: PREPARING,
  admitsPerson: expertOnPanel,
  admits: (s, p, actor) => {
    if (actor.role === 'expert') {
      const refused = expertOnPanel(s, actor);
      if (refused !== undefined) return refused;
      if (p.personId !== actor.personId) return '专家只能提交本人签字的论证意见 / an expert files only their own signed opinion';
      if (p.filedOnPaper) return '纸质意见由承办单位代为登记 / paper opinions are filed by the sponsor';
      return undefined;
    }
    if (!p.filedOnPaper) {
      return '承办单位只能登记专家签字的纸质意见（filedOnPaper 并附扫描件）/ a sponsor files only an expert’s signed paper opinion, with its scan';
    }
    return undefined;
  },
  gate: (s, p) => {
    // No expert named yet (availableCommands' preview, before the form is filled in): nothing to check.
    if (p.personId === undefined) return [];
    const m = s.expert.panel?.members.find((x) => x.personId === p.personId);
    if (!m) return [missing('expert.panelMember', 'R-20', 'sponsor', s.sponsorUnit, {
      zh: '提交意见的专家不在论证专家名单中',
      en: 'the expert submitting the opinion is not on the expert panel',
    })];
    if (m.body && !p.stamped) {
      return [missing('expert.stamp', 'R-21', 'expert', undefined, {
        zh: `专业机构（${m.body}）出具的意见应当加盖公章`,
        en: `an opinion given by a professional body (${m.body}) must bear its official seal`,
      })];
    }
    return [];
  },
  decide: (s, p, ctx) => {
    if (ctx.actor.role === 'expert' && ctx.actor.personId !== p.personId) {
      throw new DomainError('NOT_ALLOWED', '专家只能提交本人的论证意见', ['R-21']);
    }
    return [event('ExpertOpinionSubmitted', ctx, p)];
  },
});

/** the step ends with an adoption report on expert opinions. */
export const submitExpertAdoptionReport = defineCommand({
  name: 'submitExpertAdoptionReport',
  title: '提交专家意见采纳情况',
  rules: ['R-22'],
  schema: z.object({ opinions: opinionsSchema, document: documentField('专家意见采纳情况报告') }),
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s) =>
    s.expert.opinions.some((o) => o.draftVersion === draftVersion(s))
      ? []
      : [missing('expert.opinions', 'R-21', 'expert', undefined, {
        zh: '尚无针对本稿的专家书面论证意见',
        en: 'there is no written expert opinion on this version of the draft',
      })],
  decide: (_s, p, ctx) => [event('ExpertAdoptionReported', ctx, p)],
});

/** the risk report names points, measures and a plan, and grades the risk. */
export const submitRiskReportSchema = z.object({
  assessor: text(200).meta({ title: '评估单位' }),
  thirdParty: z.boolean().meta({ title: '委托第三方评估' }),
  departmentsHeard: z.array(text(200)).min(1).max(50).meta({ title: '听取意见的部门' }),
  riskPoints: z.array(text(1000)).min(1).max(200).meta({ title: '风险点' }),
  measures: text(8000).meta({ title: '风险防范措施' }),
  responsePlan: text(8000).meta({ title: '处置预案' }),
  level: text(50).meta({ title: '风险等级' }),
  document: documentField('风险评估报告'),
});
export const submitRiskReport = defineCommand({
  name: 'submitRiskReport',
  title: '提交风险评估报告',
  rules: ['R-30', 'R-31'],
  schema: submitRiskReportSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (s, p, ctx) => {
    if (!s.policy.riskLevels.includes(p.level)) {
      throw new DomainError('INVALID_INPUT', `风险等级应为：${s.policy.riskLevels.join('、')}`, ['R-31']);
    }
    return [event('RiskReportSubmitted', ctx, p)];
  },
});

/** the decision organ records whether the risk is controllable. */
export const recordRiskControllability = defineCommand({
  name: 'recordRiskControllability',
  title: '认定风险是否可控',
  rules: ['R-31', 'R-32'],
  schema: z.object({ controllable: z.boolean().meta({ title: '风险可控' }), note: text(2000).optional().meta({ title: '说明' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: PREPARING,
  gate: (s, p) => {
    if (!s.risk.reports.some((r) => r.draftVersion === draftVersion(s))) {
      return [missing('risk.report', 'R-30', 'sponsor', s.sponsorUnit, {
        zh: '尚无针对本稿的风险评估报告',
        en: 'there is no risk assessment report on this version of the draft',
      })];
    }
    // once found uncontrollable, only an adjusted draft (a new version) can be found controllable.
    const c = s.risk.controllability;
    if (p.controllable && c && !c.controllable && c.draftVersion === draftVersion(s)) {
      return [missing('risk.adjustedDraft', 'R-32', 'sponsor', s.sponsorUnit, {
        zh: '风险不可控的，应当先调整决策草案并重新评估',
        en: 'the risk was found uncontrollable: the draft must first be adjusted and the risk assessed again',
      })];
    }
    return [];
  },
  decide: (s, p, ctx) => [event('RiskControllabilityRecorded', ctx, { ...p, reportIndex: s.risk.reports.length - 1 })],
});

/** R-04 [D§29(1)]: fair competition review. */
export const recordFairCompetitionReview = defineCommand({
  name: 'recordFairCompetitionReview',
  title: '记录公平竞争审查',
  rules: ['R-04'],
  schema: z.object({ conclusion: text(4000).meta({ title: '审查结论' }), document: documentField('公平竞争审查材料') }),
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (_s, p, ctx) => [event('FairCompetitionReviewed', ctx, p)],
});
