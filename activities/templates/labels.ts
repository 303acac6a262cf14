import { COMMAND_NAMES, commandSpec, type Bilingual } from '../../domain';

/** The steps of R-04 as the parties call them. */
export const STEP_LABELS: Record<string, Bilingual> = {
  drafting: { zh: '起草决策草案', en: 'drafting the decision' },
  publicParticipation: { zh: '公开征求意见', en: 'public comment' },
  groupConsultation: { zh: '与特定群体沟通协商', en: 'consultation of the groups concerned' },
  hearing: { zh: '听证', en: 'public hearing' },
  expertReview: { zh: '专家论证', en: 'expert review' },
  riskAssessment: { zh: '风险评估', en: 'risk assessment' },
  fairCompetitionReview: { zh: '公平竞争审查', en: 'fair competition review' },
  departmentConsultation: { zh: '征求有关部门意见', en: 'consultation of the departments concerned' },
  legalityReview: { zh: '合法性审查', en: 'legality review' },
  partyReport: { zh: '向党委请示报告', en: 'report to the Party committee' },
  peoplesCongressReport: { zh: '向人大报告', en: "report to the people's congress" },
};

/** The duties with a due date: the domain's own labels (domain/awaiting.ts). */
export { DUE_ITEM_LABELS } from '../../domain';

export const MEETING_TYPES: Record<string, Bilingual> = {
  executive: { zh: '常务会议', en: 'executive meeting' },
  plenary: { zh: '全体会议', en: 'plenary meeting' },
};

export const ROLE_LABELS: Record<string, Bilingual> = {
  sponsor: { zh: '决策承办单位', en: 'sponsoring department' },
  legality_office: { zh: '合法性审查部门', en: 'legality-review office' },
  executing_unit: { zh: '决策执行单位', en: 'executing unit' },
  decision_organ: { zh: '决策机关', en: 'decision organ' },
  evaluator: { zh: '评估单位', en: 'evaluator' },
};

export const LEGALITY_OUTCOMES: Record<string, Bilingual> = {
  lawful: { zh: '合法', en: 'lawful' },
  lawful_with_changes: { zh: '修改后合法', en: 'lawful with changes' },
  unlawful: { zh: '不合法', en: 'unlawful' },
  exploratory_reform: { zh: '属于探索性改革事项', en: 'exploratory reform' },
};

export const MEETING_OUTCOMES: Record<string, Bilingual> = {
  approve: { zh: '同意', en: 'approved' },
  stop: { zh: '停止执行', en: 'execution stopped' },
  reject: { zh: '不同意', en: 'rejected' },
  revise: { zh: '修改后再行讨论', en: 'to be revised and discussed again' },
  defer: { zh: '暂缓决策', en: 'deferred' },
};

export const EVALUATION_GROUNDS: Record<string, Bilingual> = {
  results_short: { zh: '决策实施结果可能与决策目的不符', en: 'results may fall short of the decision’s aims' },
  many_public_opinions: { zh: '公民、法人或者其他组织提出较多意见', en: 'many opinions from the public' },
  organ_need: { zh: '决策机关认为有必要', en: 'the decision organ deems it necessary' },
};

/** A code's label, or the code itself when the table does not know it (a newer domain value). */
export function label(table: Record<string, Bilingual>, code: unknown): Bilingual {
  const c = String(code ?? '');
  return table[c] ?? { zh: c, en: c };
}

/** A command as people read it: its title in zh-CN, its wire name in English. */
export function commandLabel(name: unknown): Bilingual {
  const n = String(name ?? '');
  return COMMAND_NAMES.includes(n as never) ? { zh: commandSpec(n).title, en: n } : { zh: n, en: n };
}

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as Beijing wall time ("2025-03-01 09:30"); the statute's days are Beijing days. */
export function beijingTime(iso: unknown): Bilingual {
  const t = Date.parse(String(iso));
  if (Number.isNaN(t)) return { zh: String(iso ?? ''), en: String(iso ?? '') };
  const wall = beijing.format(new Date(t));
  return { zh: `${wall}（北京时间）`, en: `${wall} (Beijing time, UTC+8)` };
}

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
