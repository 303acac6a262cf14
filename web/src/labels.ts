import type { Stage } from '../../domain/state';
import type { Role } from '../../domain/actor';
import type { Category } from '../../domain/attributes';
import type { Lang } from './i18n';

/** zh-CN first; the English toggle shows the second name. Typed against the domain so a new stage or role must be named here. */
export const STAGE_LABELS: Record<Stage, [string, string]> = {
  launch_requested: ['待同意启动', 'Launch requested'],
  preparation: ['决策准备', 'Preparation'],
  legality_review: ['合法性审查', 'Legality review'],
  legality_returned: ['退回补充材料', 'Returned for supplement'],
  awaiting_discussion: ['待集体讨论', 'Awaiting discussion'],
  decided: ['已决定', 'Decided'],
  rejected: ['未通过', 'Rejected'],
  published: ['已公布', 'Published'],
  executing: ['执行中', 'Executing'],
  post_evaluation: ['决策后评估', 'Post-evaluation'],
  suspended: ['暂停执行', 'Suspended'],
  closed: ['已办结', 'Closed'],
};

/** The stages shown as Steps on a procedure's page, in order (the branches fold into them). */
export const STEP_STAGES: Stage[] = ['preparation', 'legality_review', 'awaiting_discussion', 'decided', 'published', 'executing', 'post_evaluation', 'closed'];

export const ROLE_LABELS: Record<Role, [string, string]> = {
  decision_organ: ['决策机关', 'Decision organ'],
  sponsor: ['决策承办单位', 'Sponsoring unit'],
  sponsor_legal_unit: ['承办单位法制机构', "Sponsor's legal unit"],
  legality_office: ['合法性审查部门', 'Legality-review office'],
  legal_adviser: ['法律顾问', 'Legal adviser'],
  expert: ['专家', 'Expert'],
  executing_unit: ['执行单位', 'Executing unit'],
  evaluator: ['评估单位', 'Evaluator'],
  auditor: ['审计机关', 'Auditor'],
  public: ['公众', 'Public'],
};

export const CATEGORY_LABELS: Record<Category, [string, string]> = {
  public_policy: ['重大公共政策和措施', 'Public policy'],
  development_plan: ['重大规划', 'Development plan'],
  natural_cultural_resources: ['自然资源和文化资源的开发利用与保护', 'Natural and cultural resources'],
  public_construction_project: ['重大公共建设项目', 'Public construction project'],
  other_major_matter: ['其他重大事项', 'Other major matter'],
  fiscal_monetary_macro_control: ['宏观调控决策（不适用）', 'Macro-control (out of scope)'],
  government_legislation: ['政府立法决策（不适用）', 'Legislation (out of scope)'],
  emergency_response: ['突发事件应急处置（不适用）', 'Emergency response (out of scope)'],
};

export const label = (pair: [string, string] | undefined, lang: Lang, fallback = ''): string => (pair ? pair[lang === 'zh' ? 0 : 1] : fallback);
export const stageLabel = (stage: string | undefined, lang: Lang): string => label(STAGE_LABELS[stage as Stage], lang, stage ?? '');
export const roleLabel = (role: string | undefined, lang: Lang): string => label(ROLE_LABELS[role as Role], lang, role ?? '');
export const categoryLabel = (c: string | undefined, lang: Lang): string => label(CATEGORY_LABELS[c as Category], lang, c ?? '');

/** "中文 / English" messages from the API: the half of the person's language. */
export function half(message: string | undefined, lang: Lang): string {
  if (!message) return '';
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang === 'zh' ? message.slice(0, i) : message.slice(i + 3);
}
