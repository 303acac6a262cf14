import { z } from 'zod';
import { categorySchema, itemAttributesSchema, OUT_OF_SCOPE_CATEGORIES } from '../attributes';
import { documentField, namedEnum, text } from '../document';
import { DomainError } from '../errors';
import type { DomainEvent } from '../events';
import type { JurisdictionPolicy } from '../policy';
import { policyPeriodEnd } from '../policy-time';
import { deriveRequirements, mandatorySteps, STEPS } from '../requirements';
import { currentDraft } from '../state';
import { PREPARING, defineCommand, event, missing, organUnits, sponsorUnits, type CommandContext } from './spec';

export const unitSchema = z.string().trim().min(1).max(128);
/** The business key from which the workflow ID is built (one function: workflows/ids.ts). */
export const procedureKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$/, '业务编号只能包含字母、数字、点、下划线和连字符，3–100 个字符');

/** R-03: where the proposal came from [D§10]. */
export const PROPOSAL_SOURCES = ['leader', 'department', 'lower_government', 'deputy_or_cppcc', 'public'] as const;

/** R-01, R-02, R-03, R-04: the decision organ decides to start a procedure. */
export const startProcedureSchema = z.object({
  procedureKey: procedureKeySchema.meta({ title: '业务编号' }),
  title: text(200).meta({ title: '决策事项名称' }),
  category: categorySchema,
  decisionOrgan: unitSchema.meta({ title: '决策机关' }),
  /** The sponsoring unit; the lead unit (牵头单位) when several. */
  sponsorUnit: unitSchema.meta({ title: '决策承办单位（牵头单位）' }),
  coSponsorUnits: z.array(unitSchema).max(20).default([]).meta({ title: '共同承办单位' }),
  legalityOffice: unitSchema.meta({ title: '合法性审查部门' }),
  proposal: z
    .object({
      source: namedEnum(PROPOSAL_SOURCES, {
        leader: '决策机关领导人员提出',
        department: '决策机关所属部门提出',
        lower_government: '下一级人民政府提出',
        deputy_or_cppcc: '人大代表、政协委员提出',
        public: '公民、法人或者其他组织提出',
      }).meta({ title: '建议来源' }),
      proposer: text(200).meta({ title: '建议人' }),
      summary: text(2000).meta({ title: '建议内容摘要' }),
    })
    .meta({ title: '决策事项建议' }),
  /** R-02: the catalog entry, or why the item is outside the catalog. */
  catalog: z.union(
    [
      z
        .object({ year: z.number().int().min(2000).max(2100).meta({ title: '目录年度' }), entryId: text(100).meta({ title: '目录事项编号' }) })
        .meta({ title: '年度目录中的事项' }),
      z.object({ outsideReason: text(2000).meta({ title: '不列入目录的理由' }) }).meta({ title: '目录外事项' }),
    ],
    {
      error:
        '应为目录事项 { year, entryId }（决策事项目录的年度与编号），或不列入目录的理由 { outsideReason }，二者择一（R-02）/ ' +
        'either a catalog entry { year, entryId } or an { outsideReason } for an item outside the catalog (R-02)',
    },
  ).meta({ title: '决策事项目录' }),
  attributes: itemAttributesSchema,
  draft: documentField('决策草案'),
  /** R-65: a major adjustment runs the procedure again, linked to the original. */
  amends: procedureKeySchema.optional().meta({ title: '调整的原程序业务编号' }),
});
export type StartProcedure = z.infer<typeof startProcedureSchema>;

/**
 * R-01 and R-03: the first event of every procedure. Requirements (R-04), policy
 * and calendar version are fixed here and pinned for the procedure's life.
 */
export function startProcedure(
  p: StartProcedure,
  ctx: CommandContext,
  policy: JurisdictionPolicy,
): DomainEvent {
  assertInScope(p.category);
  const byOrgan = ctx.actor.role === 'decision_organ' && ctx.actor.unit === p.decisionOrgan;
  const bySponsor = ctx.actor.role === 'sponsor' && ctx.actor.unit === p.sponsorUnit;
  if (!byOrgan && !bySponsor) {
    throw new DomainError(
      'NOT_ALLOWED',
      '只有决策机关，或者承办单位就本单位承办的事项，可以启动决策程序（第十一条） / only the decision organ, or the sponsoring unit for its own item, may launch a procedure',
      ['R-03'],
    );
  }
  // R-03: a sponsor's item outside the published catalog is a launch request the organ approves first.
  const launchRequested = bySponsor && !byOrgan && !('year' in p.catalog);
  // R-66, R-06: the limit is a period counted as R-06 says (policies pinned before: no field).
  const delay = (policy.delayedDecisionAsPeriod as true | undefined)
    ? policyPeriodEnd(policy, ctx.calendar, ctx.now, policy.delayedDecisionDays, 'calendar')
    : undefined;
  return event('ProcedureStarted', ctx, {
    ...p,
    requirements: deriveRequirements(p.attributes),
    policy,
    calendarVersion: ctx.calendar.version,
    ...(delay ? { delayedDecision: { lastDay: delay.lastDay, endsAt: delay.endsAt, provisional: delay.provisional } } : {}),
    ...(launchRequested ? { launchRequested: true as const } : {}),
  });
}

/** R-01: items the Decree does not govern (Article 3). */
export function assertInScope(category: string): void {
  if ((OUT_OF_SCOPE_CATEGORIES as readonly string[]).includes(category)) {
    throw new DomainError(
      'OUT_OF_SCOPE',
      '财政政策、货币政策等宏观调控决策，政府立法决策以及突发事件应急处置决策不适用《重大行政决策程序暂行条例》（第三条）',
      ['R-01'],
    );
  }
}

/** R-03: the decision organ approves a sponsor's request to launch an item outside the catalog. */
export const approveLaunch = defineCommand({
  name: 'approveLaunch',
  title: '同意启动决策程序',
  rules: ['R-03'],
  schema: z.object({ note: text(2000).optional().meta({ title: '说明' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['launch_requested'],
  decide: (_s, p, ctx) => [event('LaunchApproved', ctx, p)],
});

/** R-03: the decision organ refuses a launch request, with a reason; the procedure closes. */
export const refuseLaunch = defineCommand({
  name: 'refuseLaunch',
  title: '不同意启动决策程序',
  rules: ['R-03'],
  schema: z.object({ reason: text(2000).meta({ title: '不同意的理由' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['launch_requested'],
  decide: (_s, p, ctx) => [event('LaunchRefused', ctx, p)],
});

/** R-04: a recorded, reasoned change of the required steps. */
export const amendRequirementsSchema = z.object({
  changes: z
    .array(
      z.object({
        step: namedEnum(STEPS, {
          publicParticipation: '公众参与（公开征求意见）',
          groupConsultation: '与特定群体沟通协商',
          hearing: '听证',
          expertReview: '专家论证',
          riskAssessment: '风险评估',
          fairCompetitionReview: '公平竞争审查',
          departmentConsultation: '征求有关部门意见',
          legalityReview: '合法性审查',
          partyReport: '向党委请示报告',
          peoplesCongressReport: '向人大报告',
        }).meta({ title: '程序' }),
        required: z.boolean().meta({ title: '是否履行' }),
        reason: text(2000).meta({ title: '理由' }),
      }),
    )
    .min(1)
    .meta({ title: '调整事项' }),
});
export const amendRequirements = defineCommand({
  name: 'amendRequirements',
  title: '调整法定程序',
  rules: ['R-04'],
  schema: amendRequirementsSchema,
  roles: ['decision_organ'],
  units: organUnits,
  stages: PREPARING,
  // R-04: a mandatory step is never waived (checked here, on the validator side, so recorded
  // amendments replay unchanged); an optional one changes only by this reasoned amendment.
  gate: (s, p) => {
    const mandatory = mandatorySteps(s.attributes);
    const waived = p.changes.filter((c) => !c.required && mandatory.includes(c.step));
    if (waived.length > 0) {
      throw new DomainError(
        'INVALID_INPUT',
        `法律、法规、规章规定必须履行的程序不得免除：${waived.map((c) => `${c.step}（${s.requirements[c.step].reason}）`).join('；')} / ` +
          `a step the statute or another rule makes mandatory cannot be waived: ${waived.map((c) => c.step).join(', ')}`,
        ['R-04'],
      );
    }
    return [];
  },
  decide: (s, p, ctx) => {
    const always = p.changes.filter((c) => !c.required && ['legalityReview', 'partyReport'].includes(c.step));
    if (always.length > 0) {
      throw new DomainError('INVALID_INPUT', '合法性审查和向党委请示报告不得免除（第二十五条、第三十一条）', ['R-04', 'R-40', 'R-60']);
    }
    return [event('RequirementsAmended', ctx, p)];
  },
});

/** R-54, R-32: a new draft version; results that depended on the old one must be redone. */
export const reviseDraftSchema = z.object({ document: documentField('修改后的决策草案'), reason: text(2000).meta({ title: '修改理由' }) });
export const reviseDraft = defineCommand({
  name: 'reviseDraft',
  title: '修改决策草案',
  rules: ['R-54', 'R-32'],
  schema: reviseDraftSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  // R-32, R-54: a new version is a different document; the same file again adjusts nothing.
  // A gate (validator side), so recorded histories replay unchanged.
  gate: (s, p) =>
    p.document.sha256 === currentDraft(s).document.sha256
      ? [
          missing('draft.changedDocument', 'R-32', 'sponsor', s.sponsorUnit,
            {
              zh: `修改后的草案与现行第${currentDraft(s).version}稿是同一文件（sha256 相同），不构成调整后的新版本`,
              en: `the revised draft is the same document as current version ${currentDraft(s).version} (same sha256): a new version must be a different document`,
            }),
        ]
      : [],
  decide: (s, p, ctx) => [event('DraftRevised', ctx, { ...p, version: s.drafts.length + 1 })],
});

/** R-07 [D§12]: the draft's costs and benefits and, where views differ sharply, its options. */
export const recordCostBenefitAnalysisSchema = z.object({
  costBenefit: text(8000).meta({ title: '成本效益分析' }),
  options: z
    .array(z.object({ title: text(200).meta({ title: '方案名称' }), summary: text(4000).meta({ title: '方案内容' }) }))
    .max(20)
    .default([])
    .meta({ title: '备选方案' }),
  document: documentField('成本效益分析报告').optional(),
});
export const recordCostBenefitAnalysis = defineCommand({
  name: 'recordCostBenefitAnalysis',
  title: '记录决策草案成本效益及备选方案',
  rules: ['R-07'],
  schema: recordCostBenefitAnalysisSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (_s, p, ctx) => [event('CostBenefitAnalysisRecorded', ctx, p)],
});

/** R-05: consultation with a department whose duties the item touches. */
export const recordDepartmentConsultationSchema = z
  .object({
    department: unitSchema.meta({ title: '协商部门' }),
    agreed: z.boolean().meta({ title: '协商一致' }),
    departmentView: text(4000).optional().meta({ title: '该部门的意见' }),
    sponsorView: text(4000).optional().meta({ title: '承办单位的意见' }),
  })
  .superRefine((p, ctx) => {
    if (!p.agreed) {
      for (const f of ['departmentView', 'sponsorView'] as const) {
        if (!p[f]) ctx.addIssue({ code: 'custom', path: [f], message: '协商不一致的，应当写明各方意见报请决策机关协调（第十三条，R-05）' });
      }
    }
  });
export const recordDepartmentConsultation = defineCommand({
  name: 'recordDepartmentConsultation',
  title: '记录部门协商',
  rules: ['R-05'],
  schema: recordDepartmentConsultationSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (s, p, ctx) => [event('DepartmentConsulted', ctx, p)],
});
