import { z } from 'zod';

/**
 * The parties of docs/rules.md §1. Wire names never change once released.
 * decision_organ 决策机关 · sponsor 决策承办单位 · legality_office 负责合法性审查的部门 ·
 * sponsor_legal_unit 承办单位法制机构 · legal_adviser 法律顾问/公职律师 · expert 专家/专业机构 ·
 * executing_unit 决策执行单位 · evaluator 后评估单位 · auditor 审计/监察/上级机关 · public 公众
 */
export const ROLES = [
  'decision_organ',
  'sponsor',
  'legality_office',
  'sponsor_legal_unit',
  'legal_adviser',
  'expert',
  'executing_unit',
  'evaluator',
  'auditor',
  'public',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who acted: every event records it (docs/rules.md §1, R-66). */
export const actorSchema = z.object({
  personId: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  unit: z.string().min(1).max(128),
  role: roleSchema,
  /**
   * the person is the head of their unit (for the decision organ, 行政首长). Set by the API
   * from the directory; absent means not the head.
   */
  head: z.boolean().optional(),
});
export type Actor = z.infer<typeof actorSchema>;
