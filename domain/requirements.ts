import type { ItemAttributes } from './attributes';

/** The steps R-04 can require. */
export const STEPS = [
  'publicParticipation',
  'groupConsultation',
  'hearing',
  'expertReview',
  'riskAssessment',
  'fairCompetitionReview',
  'departmentConsultation',
  'legalityReview',
  'partyReport',
  'peoplesCongressReport',
] as const;
export type Step = (typeof STEPS)[number];

export interface Requirement {
  required: boolean;
  /** Why, zh-CN, with the article: shown to every party and kept for the audit. */
  reason: string;
  ruleId: string;
}
export type Requirements = Record<Step, Requirement>;

/**
 * the steps the statute or another rule makes mandatory for this item, which no amendment
 * may waive: every step the item's attributes require (legality review and the Party report always;
 * public participation unless non-disclosable; a hearing another rule requires…), except a hearing
 * the organ merely chose, which is optional.
 */
export function mandatorySteps(a: ItemAttributes): Step[] {
  const derived = deriveRequirements(a);
  return STEPS.filter((step) => derived[step].required && !(step === 'hearing' && a.hearing === 'chosen'));
}

/**
 * which steps the item requires, with the reason for each, fixed at start.
 * A change later is a recorded, reasoned amendment (`amendRequirements`).
 */
export function deriveRequirements(a: ItemAttributes): Requirements {
  const req = (required: boolean, yes: string, no: string, ruleId = 'R-04'): Requirement => ({
    required,
    reason: required ? yes : no,
    ruleId,
  });
  return {
    publicParticipation: req(
      !a.nonDisclosable,
      '决策事项应当公开征求意见（第十四条）',
      `依法不予公开，无需公开征求意见：${a.nonDisclosableGround ?? ''}`,
    ),
    groupConsultation: req(
      a.affectsSpecificGroup,
      '涉及特定群体利益，应当与相关人民团体、社会组织以及群众代表等进行沟通协商（第十四条）',
      '不涉及特定群体利益',
    ),
    hearing: req(
      a.hearing !== 'none',
      a.hearing === 'required_by_law'
        ? '法律、法规、规章规定应当听证（第十六条）'
        : '直接涉及公众切身利益或者存在较大分歧，决定举行听证（第十六条）',
      '未决定举行听证',
    ),
    expertReview: req(
      a.highlySpecialised,
      '专业性、技术性较强，应当组织专家论证（第十九条）',
      '非专业性、技术性较强的事项',
    ),
    riskAssessment: req(
      a.stabilityRisk && !a.equivalentRiskAssessment,
      '实施后可能对社会稳定、公共安全等方面造成不利影响，应当组织风险评估（第二十二条）',
      a.stabilityRisk
        ? `已有相应风险评估：${a.equivalentRiskAssessment ?? ''}（第二十二条）`
        : '无社会稳定、公共安全等方面的风险',
    ),
    fairCompetitionReview: req(
      a.affectsMarketEntities,
      '涉及市场主体经济活动，应当进行公平竞争审查（第二十九条）',
      '不涉及市场主体经济活动',
    ),
    departmentConsultation: req(
      a.otherDepartments.length > 0,
      `涉及其他部门职责，应当与${a.otherDepartments.join('、')}充分协商（第十三条）`,
      '不涉及其他部门职责',
      'R-05',
    ),
    legalityReview: req(true, '决策草案提交讨论前应当进行合法性审查（第二十五条）', '', 'R-40'),
    partyReport: req(true, '重大行政决策出台前应当按照规定向同级党委请示报告（第三十一条）', '', 'R-60'),
    peoplesCongressReport: req(
      a.peoplesCongressRemit,
      '属于本级人民代表大会及其常务委员会讨论决定的重大事项范围，应当报告或提请审议（第八条）',
      '不属于人大讨论决定事项',
      'R-60',
    ),
  };
}
