import { z } from 'zod';
import { categorySchema, itemAttributesSchema, OUT_OF_SCOPE_CATEGORIES } from '../attributes';
import { documentRefSchema, text } from '../document';
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
  procedureKey: procedureKeySchema,
  title: text(200),
  category: categorySchema,
  decisionOrgan: unitSchema,
  /** The sponsoring unit; the lead unit (牵头单位) when several. */
  sponsorUnit: unitSchema,
  coSponsorUnits: z.array(unitSchema).max(20).default([]),
  legalityOffice: unitSchema,
  proposal: z.object({ source: z.enum(PROPOSAL_SOURCES), proposer: text(200), summary: text(2000) }),
  /** R-02: the catalog entry, or why the item is outside the catalog. */
  catalog: z.union(
    [
      z.object({ year: z.number().int().min(2000).max(2100), entryId: text(100) }),
      z.object({ outsideReason: text(2000) }),
    ],
    {
      error:
        '应为目录事项 { year, entryId }（决策事项目录的年度与编号），或不列入目录的理由 { outsideReason }，二者择一（R-02）/ ' +
        'either a catalog entry { year, entryId } or an { outsideReason } for an item outside the catalog (R-02)',
    },
  ),
  attributes: itemAttributesSchema,
  draft: documentRefSchema,
  /** R-65: a major adjustment runs the procedure again, linked to the original. */
  amends: procedureKeySchema.optional(),
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
  schema: z.object({ note: text(2000).optional() }),
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
  schema: z.object({ reason: text(2000) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['launch_requested'],
  decide: (_s, p, ctx) => [event('LaunchRefused', ctx, p)],
});

/** R-04: a recorded, reasoned change of the required steps. */
export const amendRequirementsSchema = z.object({
  changes: z
    .array(z.object({ step: z.enum(STEPS), required: z.boolean(), reason: text(2000) }))
    .min(1),
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
export const reviseDraftSchema = z.object({ document: documentRefSchema, reason: text(2000) });
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
  costBenefit: text(8000),
  options: z.array(z.object({ title: text(200), summary: text(4000) })).max(20).default([]),
  document: documentRefSchema.optional(),
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
    department: unitSchema,
    agreed: z.boolean(),
    departmentView: text(4000).optional(),
    sponsorView: text(4000).optional(),
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
