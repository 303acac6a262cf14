import { z } from 'zod';
import { namedEnum, text } from './document';

/** the five categories of [D§3] … */
export const IN_SCOPE_CATEGORIES = [
  'public_policy', // 重大公共政策和措施
  'development_plan', // 重大规划
  'natural_cultural_resources', // 开发利用、保护重要自然资源和文化资源的重大公共政策和措施
  'public_construction_project', // 重大公共建设项目
  'other_major_matter', // 对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项
] as const;
/** … and the matters [D§3] puts outside the decree. */
export const OUT_OF_SCOPE_CATEGORIES = [
  'fiscal_monetary_macro_control', // 财政政策、货币政策等宏观调控决策
  'government_legislation', // 政府立法决策
  'emergency_response', // 突发事件应急处置决策
] as const;
/** The categories as people name them (forms show these). */
export const CATEGORY_NAMES: Record<(typeof IN_SCOPE_CATEGORIES)[number] | (typeof OUT_OF_SCOPE_CATEGORIES)[number], string> = {
  public_policy: '重大公共政策和措施',
  development_plan: '重大规划',
  natural_cultural_resources: '开发利用、保护重要自然资源和文化资源的重大公共政策和措施',
  public_construction_project: '重大公共建设项目',
  other_major_matter: '其他重大事项',
  fiscal_monetary_macro_control: '财政政策、货币政策等宏观调控决策（不适用）',
  government_legislation: '政府立法决策（不适用）',
  emergency_response: '突发事件应急处置决策（不适用）',
};
export const categorySchema = namedEnum([...IN_SCOPE_CATEGORIES, ...OUT_OF_SCOPE_CATEGORIES], CATEGORY_NAMES).meta({ title: '事项类别' });
export type Category = z.infer<typeof categorySchema>;

/**
 * The attributes of a decision item from which R-04 derives the required steps.
 * Each flag answers one question of R-04; fixed at start.
 */
export const itemAttributesSchema = z
  .object({
    /** 依法不予公开: public participation not required, publication exempt. */
    nonDisclosable: z.boolean().default(false).meta({ title: '依法不予公开' }),
    /** The legal ground for non-disclosure; required when nonDisclosable. */
    nonDisclosableGround: text(1000).optional().meta({ title: '不予公开的法律依据' }),
    /** Affects a specific group's interests: consultation with that group (R-04, D§14). */
    affectsSpecificGroup: z.boolean().default(false).meta({ title: '涉及特定群体利益' }),
    /** A hearing was chosen or another rule requires one (R-04, D§16). */
    hearing: namedEnum(['none', 'chosen', 'required_by_law'], { none: '不举行听证', chosen: '决定举行听证', required_by_law: '法律、法规、规章规定应当听证' })
      .default('none')
      .meta({ title: '听证' }),
    /** Highly specialised or technical: expert review (D§19). */
    highlySpecialised: z.boolean().default(false).meta({ title: '专业性、技术性较强' }),
    /** Execution may harm social stability or public safety: risk assessment (D§22). */
    stabilityRisk: z.boolean().default(false).meta({ title: '可能对社会稳定、公共安全等方面造成不利影响' }),
    /** An equivalent assessment that already exists (cite it) replaces the risk assessment (D§22). */
    equivalentRiskAssessment: text(1000).optional().meta({ title: '已有的同等风险评估' }),
    /** Affects market entities' economic activity: fair competition review (D§29(1)). */
    affectsMarketEntities: z.boolean().default(false).meta({ title: '涉及市场主体经济活动' }),
    /** Falls in the people's congress remit (D§8). */
    peoplesCongressRemit: z.boolean().default(false).meta({ title: '属于人大职权范围' }),
    /** Other departments whose duties the item touches. */
    otherDepartments: z.array(z.string().min(1).max(128)).max(50).default([]).meta({ title: '涉及职责的其他部门' }),
    /**
     * R-07 [D§12]: the parties' views differ sharply, so the draft presents two or more options
     * (with its costs and benefits) before discussion. Optional: procedures started before it lack it.
     */
    sharplyDivided: z.boolean().optional().meta({ title: '各方意见分歧较大' }),
    /** Of wide public concern: publication explains the adoption of opinions. */
    wideConcern: z.boolean().default(false).meta({ title: '社会公众普遍关注' }),
  })
  .superRefine((a, ctx) => {
    if (a.nonDisclosable && !a.nonDisclosableGround) {
      ctx.addIssue({
        code: 'custom',
        path: ['nonDisclosableGround'],
        message: '依法不予公开的事项必须写明法律依据 (R-04, R-61)',
      });
    }
  })
  .meta({ title: '事项属性（据以确定法定程序）' });
export type ItemAttributes = z.infer<typeof itemAttributesSchema>;
