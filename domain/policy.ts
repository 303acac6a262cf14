import { z } from 'zod';

/** Steps whose result depends on the draft version (R-54: legality review always). */
export const DRAFT_DEPENDENT_STEPS = [
  'legalityReview',
  'riskAssessment',
  'expertReview',
  'publicParticipation',
  'fairCompetitionReview',
] as const;

/**
 * The statute's own figures, which a policy may raise but never lower (docs/rules.md preamble).
 * Simulation policies shorten the length of a day (simulationDayMs), not these counts.
 */
export const STATUTORY_FLOORS = {
  commentPeriodMinDays: { min: 30, rule: 'R-11', article: '第十五条', unit: '日 / days' },
  legalityReviewMinWorkingDays: { min: 7, rule: 'R-42', article: '第二十六条', unit: '个工作日 / working days' },
  hearingMaterialsLeadDays: { min: 7, rule: 'R-14', article: '第十六条', unit: '日 / days' },
} as const;

/** The refusal of a figure below its statutory floor, naming the field and the floor. */
function floor(field: keyof typeof STATUTORY_FLOORS): { error: string } {
  const f = STATUTORY_FLOORS[field];
  return {
    error:
      `${field} 不得低于法定的 ${f.min} ${f.unit.split(' / ')[0]}（${f.article}，${f.rule}），政策只能提高不能降低 / ` +
      `${field} may not be below the statutory ${f.min} ${f.unit.split(' / ')[1]} (${f.rule}): a policy may raise it, never lower it`,
  };
}

/**
 * Every number or choice marked *policy* in docs/rules.md, with its default. Provinces
 * write their own rules [D§43], so a jurisdiction overrides these; a procedure pins
 * the policy it started under (ARCHITECTURE decision 6).
 */
export const jurisdictionPolicySchema = z.object({
  jurisdiction: z.string().min(1).default('national'),
  version: z.string().min(1).default('national@2'),
  /** a calendar-day period whose last day is a rest day ends on the next working day. */
  periodEndExtendsOnRestDay: z.boolean().default(true),
  /** at least the statute's 30 days [D§15]; a jurisdiction may raise it, never lower it. */
  commentPeriodMinDays: z.number().int().min(STATUTORY_FLOORS.commentPeriodMinDays.min, floor('commentPeriodMinDays')).default(30),
  /**
   * share of hearing participants who must be interested parties. The statute sets none;
   * a jurisdiction's figure (Shandong: at least half) applies only to procedures pinned to it.
   */
  hearingInterestedShareMin: z.number().min(0).max(1).optional(),
  /**
   * lead times before the hearing, in calendar days. The statute says the notice and the
   * participant list come "in advance" with no number: absent, the gate requires only that they
   * come before the hearing. A jurisdiction's figures (a city: 30 and 15) apply only to it.
   */
  hearingAnnounceLeadDays: z.number().int().min(0).optional(),
  hearingParticipantListLeadDays: z.number().int().min(0).optional(),
  /** R-14 [D§16]: materials reach participants at least 7 days before the hearing (a floor). */
  hearingMaterialsLeadDays: z.number().int().min(STATUTORY_FLOORS.hearingMaterialsLeadDays.min, floor('hearingMaterialsLeadDays')).default(7),
  /** */
  riskLevels: z.array(z.string().min(1)).min(2).default(['high', 'medium', 'low']),
  /** at least the statute's 7 working days [D§26]; a jurisdiction may raise it, never lower it. */
  legalityReviewMinWorkingDays: z
    .number()
    .int()
    .min(STATUTORY_FLOORS.legalityReviewMinWorkingDays.min, floor('legalityReviewMinWorkingDays'))
    .default(7),
  /** */
  twoLevelLegalityReview: z.boolean().default(false),
  /** legal advisers' or public lawyers' opinions the review must include. */
  legalAdviserOpinionsMin: z.number().int().min(0).default(1),
  /** */
  officeReplyWorkingDays: z.number().int().min(1).default(15),
  officeExtensionMaxWorkingDays: z.number().int().min(0).default(10),
  /** attendance must be more than this share of members. */
  quorumShare: z.number().min(0).max(1).default(0.5),
  /** steps redone for a new draft version; legality review is always included. */
  redoOnNewDraft: z.array(z.enum(DRAFT_DEPENDENT_STEPS)).default(['legalityReview']),
  /** a procedure undecided this many calendar days after its start is flagged as delayed. */
  delayedDecisionDays: z.number().int().min(1).default(365),
  /**
   * the limit is a period counted as R-06 says (a last day on a rest day moves to
   * the next working day; provisional across an unloaded year), computed at the start and kept
   * in the procedure. Always true for new procedures; absent only from policies pinned before,
   * whose running timers keep the plain calendar-day count they started with.
   */
  delayedDecisionAsPeriod: z.literal(true).default(true),
  /** Reminders this many working days before a due date (notifications). */
  reminderWorkingDaysBefore: z.number().int().min(0).default(2),
  /**
   * working days the sponsor has to supply what the office returned for
   * supplement (a city rule; the R-48 clock stops meanwhile, so the sponsor holds the delay).
   */
  supplementWorkingDays: z.number().int().min(1).default(10),
  /** R-63 [D§34]: the executing unit reports on execution at least every this many calendar days. */
  executionReportEveryDays: z.number().int().min(1).default(180),
  /**
   * the next periodic report's date is a period counted as R-06 says (a last day on a
   * rest day moves to the next working day; provisional across an unloaded year), computed when
   * the unit is named or reports and kept in the procedure. Always true for new procedures; absent
   * only from policies pinned before, whose due dates keep the plain calendar-day count.
   */
  executionReportAsPeriod: z.literal(true).default(true),
  /**
   * Simulation shortens statutory waits (benchmarks only); the service refuses to
   * load such a policy outside simulation mode.
   */
  simulation: z.boolean().default(false),
  /** In a simulation policy only: how long one statutory day lasts. */
  simulationDayMs: z.number().int().min(1).default(86_400_000),
});
export type JurisdictionPolicy = z.infer<typeof jurisdictionPolicySchema>;
export type PolicyOverrides = z.input<typeof jurisdictionPolicySchema>;

export const defaultPolicy: JurisdictionPolicy = jurisdictionPolicySchema.parse({});

/** A jurisdiction's policy: the defaults with its overrides, validated. */
export function resolvePolicy(overrides: PolicyOverrides = {}): JurisdictionPolicy {
  const policy = jurisdictionPolicySchema.parse(overrides);
  // legality review is redone for every new draft, whatever a jurisdiction says.
  if (!policy.redoOnNewDraft.includes('legalityReview')) {
    policy.redoOnNewDraft = ['legalityReview', ...policy.redoOnNewDraft];
  }
  return policy;
}
