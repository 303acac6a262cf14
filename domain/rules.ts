/**
 * The rulebook as data (docs/rules.md is generated from it, scripts/rules-doc.ts): each R-id with the article of Decree 713
 * (or the background document) it rests on. Code and tests cite these ids, so
 * `grep -rn R-42` goes from rule to code to test.
 */
export interface Rule {
  id: string;
  title: string;
  /** Articles of the decree, e.g. 'D§26'; 'policy' marks a jurisdiction default. */
  basis: string[];
}

export const RULES: readonly Rule[] = [
  { id: 'R-01', title: '决策事项范围 Scope of decision items', basis: ['D§3'] },
  { id: 'R-02', title: '决策事项目录 Yearly decision-item catalog', basis: ['D§3'] },
  { id: 'R-03', title: '决策启动 Start of a procedure', basis: ['D§10', 'D§11'] },
  { id: 'R-04', title: '法定程序的确定 Required steps from the item', basis: ['D§8', 'D§14', 'D§16', 'D§19', 'D§22', 'D§25', 'D§29', 'D§31'] },
  { id: 'R-05', title: '部门协商 Inter-department consultation', basis: ['D§13'] },
  { id: 'R-06', title: '期间计算 Counting periods (Beijing time, working days)', basis: ['Civil Code 201', 'Civil Code 203', 'policy'] },
  { id: 'R-07', title: '成本效益与备选方案 Costs, benefits and options', basis: ['D§12'] },
  { id: 'R-10', title: '征求意见 Open comment period', basis: ['D§15'] },
  { id: 'R-11', title: '征求意见期限 At least 30 days', basis: ['D§15', 'policy'] },
  { id: 'R-12', title: '期限届满前不得结束 No early close; late comments kept', basis: ['D§15'] },
  { id: 'R-13', title: '意见采纳情况 Adoption report', basis: ['D§18', 'D§29'] },
  { id: 'R-14', title: '听证 Hearing', basis: ['D§16', 'D§17', 'policy'] },
  { id: 'R-20', title: '专家遴选 Expert selection and neutrality', basis: ['D§20'] },
  { id: 'R-21', title: '专家书面意见签字 Signed expert opinions', basis: ['D§19'] },
  { id: 'R-22', title: '专家意见采纳情况 Adoption report on expert opinions', basis: ['D§29'] },
  { id: 'R-30', title: '风险评估报告 Risk assessment report', basis: ['D§23'] },
  { id: 'R-31', title: '风险等级与可控 Risk level and controllability', basis: ['D§24', 'policy'] },
  { id: 'R-32', title: '风险不可控 Uncontrollable risk blocks', basis: ['D§24'] },
  { id: 'R-40', title: '合法性审查前置 Legality review before discussion', basis: ['D§25'] },
  { id: 'R-41', title: '送审材料 Submission contents; return for supplement', basis: ['D§26'] },
  { id: 'R-42', title: '审查时间 At least 7 working days', basis: ['D§26', 'policy'] },
  { id: 'R-43', title: '审查内容 Authority, procedure, substance; legal advisers', basis: ['D§27', 'D§28'] },
  { id: 'R-44', title: '审查结论 Outcomes; unlawful blocks', basis: ['D§25'] },
  { id: 'R-45', title: '探索性改革 Exploratory reform with explicit legal risk', basis: ['D§25'] },
  { id: 'R-46', title: '两级审查 Two-level review', basis: ['policy', 'background/001'] },
  { id: 'R-47', title: '法律意见采纳 Adoption of legal opinions', basis: ['background/003'] },
  { id: 'R-48', title: '审查答复期限 Office reply deadline', basis: ['policy'] },
  { id: 'R-50', title: '提交讨论的条件 Submission to discussion', basis: ['D§25', 'D§29'] },
  { id: 'R-51', title: '会议形式与法定人数 Meeting type and quorum', basis: ['D§30', 'policy'] },
  { id: 'R-52', title: '发言顺序与意见记录 Head speaks last; opinions recorded', basis: ['D§30', 'D§38'] },
  { id: 'R-53', title: '行政首长决定理由 Head against the majority states a reason', basis: ['D§30'] },
  { id: 'R-54', title: '讨论结果 Outcomes; revised draft is a new version', basis: ['D§30'] },
  { id: 'R-60', title: '报告党委/人大 Party committee and congress reports', basis: ['D§31', 'D§8'] },
  { id: 'R-61', title: '决策公布 Publication', basis: ['D§32'] },
  { id: 'R-62', title: '决策归档 Archiving', basis: ['D§33'] },
  { id: 'R-63', title: '决策执行 Execution and reports', basis: ['D§34', 'D§35'] },
  { id: 'R-64', title: '决策后评估 Post-evaluation', basis: ['D§36'] },
  { id: 'R-65', title: '决策调整与暂停 Suspension and amendment', basis: ['D§37'] },
  { id: 'R-66', title: '责任追究与久拖不决 Accountability; delayed decisions', basis: ['D§38', 'D§39', 'D§40', 'D§41'] },
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
