import { z } from 'zod';
import type { Actor } from '../actor';
import { documentField, namedEnum, text } from '../document';
import type { MissingItem } from '../errors';
import { currentIntervals, officeReplyDue } from '../legality-clock';
import { policyPeriodEnd } from '../policy-time';
import type { ProcedureState } from '../state';
import { isEngagedAdviserOf } from '../parties';
import { PREPARING, defineCommand, draftVersion, event, missing, officeUnits, sponsorUnits } from './spec';

/** the sponsor's own legal unit reviews first, where the policy requires two levels. */
export const giveFirstLevelLegalityOpinion = defineCommand({
  name: 'giveFirstLevelLegalityOpinion',
  title: '承办单位法制机构合法性初审',
  rules: ['R-46'],
  schema: z.object({ conclusion: text(8000).meta({ title: '初审意见' }), document: documentField('合法性初审意见') }),
  roles: ['sponsor_legal_unit'],
  units: sponsorUnits,
  stages: ['preparation', 'legality_returned'],
  decide: (_s, p, ctx) => [event('FirstLevelLegalityOpinionGiven', ctx, p)],
});

/** the submission carries the draft, its legal basis and an account of every step. */
export const submitLegalityReviewSchema = z.object({
  legalBasis: text(8000).meta({ title: '制定依据' }),
  procedureAccount: text(8000).meta({ title: '履行决策程序情况' }),
  documents: z.array(documentField('送审材料')).max(100).default([]).meta({ title: '其他送审材料' }),
});
export const submitLegalityReview = defineCommand({
  name: 'submitLegalityReview',
  title: '送请合法性审查',
  rules: ['R-40', 'R-41', 'R-46', 'R-48'],
  schema: submitLegalityReviewSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: ['preparation', 'legality_returned'],
  gate: (s) => {
    const out: MissingItem[] = [];
    const v = draftVersion(s);
    if (s.legality.opinion?.draftVersion === v) {
      out.push(missing('legality.notYetReviewed', 'R-40', 'sponsor', s.sponsorUnit, {
        zh: '本稿已经过合法性审查',
        en: 'this version of the draft has already been reviewed for legality',
      }));
    }
    if (s.policy.twoLevelLegalityReview && s.legality.firstLevel?.draftVersion !== v) {
      out.push(missing('legality.firstLevel', 'R-46', 'sponsor_legal_unit', s.sponsorUnit, {
        zh: '应当先经承办单位法制机构合法性初审',
        en: 'the draft must first pass the first-level legality review by the sponsor\'s legal unit',
      }));
    }
    return out;
  },
  decide: (s, p, ctx) => {
    const due = officeReplyDue(s, ctx.calendar, ctx.now);
    return [event('LegalityReviewSubmitted', ctx, { ...p, dueLastDay: due.lastDay, dueAt: due.endsAt, dueProvisional: due.provisional })];
  },
});

/** the office returns the submission, listing what is missing; the R-48 clock stops. */
export const returnForSupplement = defineCommand({
  name: 'returnForSupplement',
  title: '退回补充材料',
  rules: ['R-41', 'R-48'],
  schema: z.object({ missingItems: z.array(text(1000)).min(1).max(100).meta({ title: '需要补充的材料' }) }),
  roles: ['legality_office'],
  units: officeUnits,
  stages: ['legality_review'],
  decide: (s, p, ctx) => {
    // Policies older than supplementWorkingDays set no date for the sponsor.
    const days = s.policy.supplementWorkingDays as number | undefined;
    if (days === undefined) return [event('LegalityReviewReturned', ctx, p)];
    const due = policyPeriodEnd(s.policy, ctx.calendar, ctx.now, days, 'working');
    // provisional when it rests on a year not yet loaded (recomputed when it loads);
    // recorded only then, so a settled date's event is what it always was.
    return [event('LegalityReviewReturned', ctx, {
      ...p,
      supplementLastDay: due.lastDay,
      supplementDueAt: due.endsAt,
      ...(due.provisional ? { supplementProvisional: true } : {}),
    })];
  },
});

/** R-43 [D§28]: the office records which legal advisers and public lawyers it engaged for the review. */
export const engageLegalAdvisersSchema = z.object({
  advisers: z
    .array(
      z.object({
        personId: text(128).meta({ title: '人员编号' }),
        name: text(128).meta({ title: '姓名' }),
        firm: text(200).optional().meta({ title: '所在律师事务所或单位' }),
      }),
    )
    .min(1)
    .max(50)
    .meta({ title: '法律顾问、公职律师' }),
});
export const engageLegalAdvisers = defineCommand({
  name: 'engageLegalAdvisers',
  title: '确定参与审查的法律顾问、公职律师',
  rules: ['R-43'],
  schema: engageLegalAdvisersSchema,
  roles: ['legality_office'],
  units: officeUnits,
  stages: ['legality_review', 'legality_returned'],
  decide: (_s, p, ctx) => [event('LegalAdvisersEngaged', ctx, p)],
});

/** only an adviser or public lawyer the office engaged for this review gives an opinion in it. */
const engagedAdviser = (s: ProcedureState, actor: Actor): string | undefined =>
  isEngagedAdviserOf(s, actor.personId)
    ? undefined
    : `合法性审查部门未邀请您（${actor.personId}）参与本事项的审查 / the legality office has not engaged you for this review`;

/**
 * R-43 [D§28]: legal advisers' or public lawyers' opinions inside the review — only from an
 * adviser the office engaged, signed as the adviser themself (no one signs for another).
 */
export const submitLegalAdviserOpinion = defineCommand({
  name: 'submitLegalAdviserOpinion',
  title: '提交法律顾问、公职律师意见',
  rules: ['R-43'],
  schema: z.object({ adviser: text(200).meta({ title: '署名（本人姓名）' }), document: documentField('法律意见') }),
  roles: ['legal_adviser'],
  stages: ['legality_review'],
  admitsPerson: engagedAdviser,
  admits: (s, p, actor) => {
    const refused = engagedAdviser(s, actor);
    if (refused !== undefined) return refused;
    if (p.adviser !== actor.name) {
      return `法律意见应由本人署名（${actor.name}），不得代他人提交 / an opinion is signed by its author (${actor.name}) only`;
    }
    return undefined;
  },
  decide: (_s, p, ctx) => [event('LegalAdviserOpinionSubmitted', ctx, p)],
});

export const LEGALITY_OUTCOMES = ['lawful', 'lawful_with_changes', 'unlawful', 'exploratory_reform'] as const;

/** the opinion covers authority, procedure and substance. */
export const giveLegalityOpinionSchema = z
  .object({
    outcome: namedEnum(LEGALITY_OUTCOMES, {
      lawful: '合法',
      lawful_with_changes: '修改后合法',
      unlawful: '不合法',
      exploratory_reform: '属于探索性改革事项',
    }).meta({ title: '审查结论' }),
    authority: text(8000).meta({ title: '决策权限' }),
    procedure: text(8000).meta({ title: '决策程序' }),
    substance: text(8000).meta({ title: '决策内容' }),
    /** exploratory reform goes on only with the legal risk stated explicitly. */
    legalRisk: text(8000).optional().meta({ title: '法律风险' }),
    document: documentField('合法性审查意见书'),
  })
  .superRefine((p, ctx) => {
    if (p.outcome === 'exploratory_reform' && !p.legalRisk) {
      ctx.addIssue({ code: 'custom', path: ['legalRisk'], message: '探索性改革事项应当明示法律风险（第二十五条，R-45）' });
    }
  });
export const giveLegalityOpinion = defineCommand({
  name: 'giveLegalityOpinion',
  title: '出具合法性审查意见',
  rules: ['R-43', 'R-44', 'R-45'],
  schema: giveLegalityOpinionSchema,
  roles: ['legality_office'],
  units: officeUnits,
  stages: ['legality_review'],
  gate: (s) => {
    const v = draftVersion(s);
    const have = s.legality.adviserOpinions.filter((o) => o.draftVersion === v).length;
    const need = s.policy.legalAdviserOpinionsMin;
    return have >= need
      ? []
      : [missing('legality.adviserOpinions', 'R-43', 'legal_adviser', undefined, {
          zh: `合法性审查应当听取法律顾问、公职律师意见（至少${need}份，现有${have}份）`,
          en: `the legality review must hear legal advisers or public-sector lawyers (at least ${need} ${need === 1 ? 'opinion' : 'opinions'}, ${have} so far)`,
        })];
  },
  decide: (_s, p, ctx) => [event('LegalityOpinionGiven', ctx, p)],
});

/** extendable once, by at most the policy's working days, with a recorded reason. */
export const extendLegalityDeadline = defineCommand({
  name: 'extendLegalityDeadline',
  title: '延长合法性审查期限',
  rules: ['R-48'],
  schema: z.object({ workingDays: z.number().int().min(1).max(60).meta({ title: '延长的工作日数' }), reason: text(2000).meta({ title: '延长理由' }) }),
  roles: ['legality_office'],
  units: officeUnits,
  stages: ['legality_review', 'legality_returned'],
  gate: (s, p) => {
    const out: MissingItem[] = [];
    if (s.legality.extension && s.legality.extension.draftVersion === draftVersion(s)) {
      out.push(missing('legality.noPriorExtension', 'R-48', 'legality_office', s.legalityOffice, {
        zh: '审查期限只能延长一次',
        en: 'the review period can be extended only once',
      }));
    }
    if (p.workingDays > s.policy.officeExtensionMaxWorkingDays) {
      out.push(missing('legality.extensionLimit', 'R-48', 'legality_office', s.legalityOffice,
        {
          zh: `延长期限不得超过${s.policy.officeExtensionMaxWorkingDays}个工作日`,
          en: `an extension may not exceed ${s.policy.officeExtensionMaxWorkingDays} working days`,
        }));
    }
    return out;
  },
  decide: (s, p, ctx) => {
    const open = currentIntervals(s).at(-1);
    const due = officeReplyDue(s, ctx.calendar, open?.submittedAt ?? ctx.now, p.workingDays);
    return [event('LegalityDeadlineExtended', ctx, { ...p, dueLastDay: due.lastDay, dueAt: due.endsAt, dueProvisional: due.provisional })];
  },
});

/**
 * whether each legal opinion was adopted, with the reason when not. R-44: where the
 * opinion is "lawful subject to changes" and the draft is not revised, the good reason why.
 */
export const recordLegalOpinionAdoptionSchema = z.object({
  /**
   * `adviserPersonId`: the adviser or public lawyer who gave the opinion, who is then told
   * whether it was adopted and why not. Optional: adoptions recorded before it name nobody.
   */
  opinions: z
    .array(
      z.object({
        summary: text(2000).meta({ title: '意见摘要' }),
        adopted: z.boolean().meta({ title: '是否采纳' }),
        reason: text(2000).optional().meta({ title: '不予采纳的理由' }),
        adviserPersonId: text(128).optional().meta({ title: '提出意见的法律顾问（人员编号）' }),
      }),
    )
    .min(1)
    .max(1000)
    .superRefine((ops, ctx) => {
      ops.forEach((o, i) => {
        if (!o.adopted && !o.reason) ctx.addIssue({ code: 'custom', path: [i, 'reason'], message: '未采纳的意见必须说明理由' });
      });
    })
    .meta({ title: '审查意见及采纳情况' }),
  /** why the draft is not revised as a "lawful subject to changes" opinion asks. */
  unrevisedReason: text(4000).optional().meta({ title: '不按意见修改草案的理由' }),
});
export const recordLegalOpinionAdoption = defineCommand({
  name: 'recordLegalOpinionAdoption',
  title: '记录合法性审查意见采纳情况',
  rules: ['R-47', 'R-44'],
  schema: recordLegalOpinionAdoptionSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, p) => {
    const v = draftVersion(s);
    const out: MissingItem[] = s.legality.opinion?.draftVersion === v
      ? []
      : [missing('legality.opinion', 'R-44', 'legality_office', s.legalityOffice, {
        zh: '尚无针对本稿的合法性审查意见',
        en: 'there is no legality opinion on this version of the draft',
      })];
    // an opinion is attributed only to an adviser who gave one on this draft.
    const gave = new Set(s.legality.adviserOpinions.filter((o) => o.draftVersion === v).map((o) => o.actor.personId));
    // `opinions` is absent only in availableCommands' preview (no form filled in yet).
    for (const id of new Set((p.opinions ?? []).flatMap((o) => (o.adviserPersonId && !gave.has(o.adviserPersonId) ? [o.adviserPersonId] : [])))) {
      out.push(missing(`legality.adviserOpinion:${id}`, 'R-47', 'legal_adviser', undefined,
        { zh: `${id}未就本稿提交法律意见`, en: `${id} gave no legal opinion on this draft` }));
    }
    return out;
  },
  decide: (_s, p, ctx) => [event('LegalOpinionAdoptionRecorded', ctx, p)],
});
