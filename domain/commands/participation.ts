import { z } from 'zod';
import { addDays, beijingDate } from '../calendar';
import { policyPeriodEnd } from '../policy-time';
import { documentField, instantSchema, text } from '../document';
import { DomainError, type MissingItem } from '../errors';
import { PREPARING, defineCommand, draftVersion, event, missing, sponsorUnits } from './spec';

export const opinionsSchema = z
  .array(
    z.object({
      summary: text(2000).meta({ title: '意见摘要' }),
      adopted: z.boolean().meta({ title: '是否采纳' }),
      reason: text(2000).optional().meta({ title: '不予采纳的理由' }),
    }),
  )
  .min(1)
  .max(1000)
  .superRefine((ops, ctx) => {
    ops.forEach((o, i) => {
      if (!o.adopted && !o.reason) {
        ctx.addIssue({ code: 'custom', path: [i, 'reason'], message: '未采纳的意见必须说明理由' });
      }
    });
  })
  .meta({ title: '意见及采纳情况' });

/** the draft is published with the way and deadline to comment. */
export const openCommentPeriodSchema = z.object({
  explanation: documentField('征求意见稿及起草说明'),
  channels: z.array(text(200)).min(1).max(20).meta({ title: '公布途径及意见反馈方式' }),
  days: z.number().int().min(1).max(365).meta({ title: '征求意见期限（日）' }),
  /** a shorter period needs its reason now, not afterwards. */
  shortenedReason: text(2000).optional().meta({ title: '缩短期限的理由' }),
});
export const openCommentPeriod = defineCommand({
  name: 'openCommentPeriod',
  title: '公开征求意见',
  rules: ['R-10', 'R-11', 'R-06'],
  schema: openCommentPeriodSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, p) => {
    const out: MissingItem[] = [];
    const period = s.participation.period;
    if (period && (!s.participation.closed || period.draftVersion === draftVersion(s))) {
      out.push(missing('participation.notYetOpened', 'R-10', 'sponsor', s.sponsorUnit, {
        zh: '本稿的征求意见期已经开启',
        en: 'the comment period on this version of the draft is already open',
      }));
    }
    if (p.days < s.policy.commentPeriodMinDays && !p.shortenedReason) {
      out.push(
        missing('participation.shortenedReason', 'R-11', 'sponsor', s.sponsorUnit,
          {
            zh: `征求意见期限少于${s.policy.commentPeriodMinDays}日的，应当在开启时说明理由`,
            en: `a comment period shorter than ${s.policy.commentPeriodMinDays} days must state its reason when it opens`,
          }),
      );
    }
    return out;
  },
  decide: (s, p, ctx) => {
    if (!s.requirements.publicParticipation.required) {
      throw new DomainError('INVALID_TRANSITION', '本事项依法不予公开，不公开征求意见', ['R-04']);
    }
    const end = policyPeriodEnd(s.policy, ctx.calendar, ctx.now, p.days, 'calendar');
    return [event('CommentPeriodOpened', ctx, { ...p, lastDay: end.lastDay, endsAt: end.endsAt, provisional: end.provisional })];
  },
});

/** comments are recorded; those after the end are late, not lost. */
export const recordPublicCommentSchema = z.object({ receivedAt: instantSchema.meta({ title: '收到时间' }), channel: text(200).meta({ title: '收到途径' }) });
export const recordPublicComment = defineCommand({
  name: 'recordPublicComment',
  title: '登记公众意见',
  rules: ['R-12'],
  schema: recordPublicCommentSchema,
  roles: ['sponsor', 'public'],
  // a late comment is recorded as late, not lost, until the decision is taken.
  stages: [...PREPARING, 'awaiting_discussion'],
  gate: (s, p, ctx) => {
    const period = s.participation.period;
    if (!period) return [missing('participation.period', 'R-10', 'sponsor', s.sponsorUnit, {
      zh: '尚未公开征求意见',
      en: 'the draft has not been opened for public comment',
    })];
    // never before the period opens (the API stamps a public comment with the server's time).
    if (ctx.actor.role === 'public' && Date.parse(p.receivedAt) < Date.parse(period.openedAt)) {
      return [missing('participation.periodOpen', 'R-10', 'sponsor', s.sponsorUnit, { zh: '征求意见期尚未开始', en: 'the comment period has not yet begun' })];
    }
    return [];
  },
  decide: (s, p, ctx) => {
    const endsAt = s.participation.period?.endsAt ?? p.receivedAt;
    return [event('PublicCommentRecorded', ctx, { ...p, late: Date.parse(p.receivedAt) >= Date.parse(endsAt) })];
  },
});

/** the period cannot be closed before its end. */
export const closeCommentPeriod = defineCommand({
  name: 'closeCommentPeriod',
  title: '结束征求意见',
  rules: ['R-12'],
  schema: z.object({}),
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, _p, ctx) => {
    const period = s.participation.period;
    if (!period) return [missing('participation.period', 'R-10', 'sponsor', s.sponsorUnit, {
      zh: '尚未公开征求意见',
      en: 'the draft has not been opened for public comment',
    })];
    if (s.participation.closed && s.participation.closed.draftVersion === period.draftVersion) {
      return [missing('participation.open', 'R-12', 'sponsor', s.sponsorUnit, { zh: '征求意见期已经结束', en: 'the comment period has already been closed' })];
    }
    if (Date.parse(ctx.now) < Date.parse(period.endsAt)) {
      return [
        missing('participation.periodElapsed', 'R-12', 'sponsor', s.sponsorUnit,
          {
            zh: `征求意见期至${period.lastDay}（北京时间）24时届满，届满前不得结束`,
            en: `the comment period runs until 24:00 Beijing time on ${period.lastDay} and cannot be closed before then`,
          }),
      ];
    }
    return [];
  },
  decide: (_s, _p, ctx) => [event('CommentPeriodClosed', ctx, {})],
});

/** participation ends with the adoption report. */
export const submitParticipationAdoptionReportSchema = z.object({ opinions: opinionsSchema, document: documentField('公众意见研究采纳情况报告') });
export const submitParticipationAdoptionReport = defineCommand({
  name: 'submitParticipationAdoptionReport',
  title: '提交公众意见采纳情况',
  rules: ['R-13'],
  schema: submitParticipationAdoptionReportSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s) =>
    s.participation.closed
      ? []
      : [missing('participation.closed', 'R-12', 'sponsor', s.sponsorUnit, {
        zh: '征求意见期届满并结束后才能提交采纳情况',
        en: 'the adoption report can be submitted only once the comment period has expired and been closed',
      })],
  decide: (_s, p, ctx) => [event('ParticipationAdoptionReported', ctx, p)],
});

/** R-04 [D§14]: consultation with the specific group the item affects. */
export const recordGroupConsultationSchema = z.object({
  groups: z.array(text(200)).min(1).max(50).meta({ title: '沟通协商的群体' }),
  summary: text(4000).meta({ title: '沟通协商情况' }),
  document: documentField('沟通协商记录').optional(),
});
export const recordGroupConsultation = defineCommand({
  name: 'recordGroupConsultation',
  title: '记录与特定群体沟通协商',
  rules: ['R-04'],
  schema: recordGroupConsultationSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  decide: (_s, p, ctx) => [event('GroupConsulted', ctx, p)],
});

const daysBefore = (at: string, days: number) => addDays(beijingDate(at), -days);

/**
 * whether an act at `now` comes early enough before the hearing at `hearingAt`: `lead`
 * calendar days before it where the pinned policy names a number, otherwise simply before it
 * (the statute's "in advance", 事先).
 */
const tooLate = (now: string, hearingAt: string, lead: number | undefined): boolean =>
  Date.parse(now) >= Date.parse(hearingAt) || (lead !== undefined && beijingDate(now) > daysBefore(hearingAt, lead));

/** "at least N days before the hearing", or "before the hearing" without a number. */
const leadText = (lead: number | undefined): { zh: string; en: string } =>
  lead === undefined
    ? { zh: '在听证举行前', en: 'before the hearing' }
    : { zh: `至少在听证${lead}日前`, en: `at least ${lead} days before the hearing` };

/** time, place and draft announced in advance; the selection method published first. */
export const announceHearingSchema = z.object({
  hearingAt: instantSchema.meta({ title: '听证时间' }),
  place: text(500).meta({ title: '听证地点' }),
  sides: z.array(text(200)).min(2).max(20).meta({ title: '应有代表的各方' }),
  /** how participants are selected, published with the notice (before the list). */
  selectionMethod: text(2000).optional().meta({ title: '听证参加人遴选办法' }),
});
export const announceHearing = defineCommand({
  name: 'announceHearing',
  title: '发布听证公告',
  rules: ['R-14'],
  schema: announceHearingSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, p, ctx) => {
    // Policies pinned before the statute's "in advance" became the default carry a number.
    const lead = s.policy.hearingAnnounceLeadDays as number | undefined;
    const t = leadText(lead);
    return tooLate(ctx.now, p.hearingAt, lead)
      ? [missing('hearing.announceLeadTime', 'R-14', 'sponsor', s.sponsorUnit, { zh: `听证公告应当${t.zh}发布`, en: `the hearing is announced ${t.en}` })]
      : [];
  },
  decide: (_s, p, ctx) => [event('HearingAnnounced', ctx, p)],
});

/** the participant list, every side represented, published before the hearing. */
export const publishHearingParticipantsSchema = z.object({
  participants: z
    .array(
      z.object({
        name: text(200).meta({ title: '姓名' }),
        side: text(200).meta({ title: '代表方面' }),
        interestedParty: z.boolean().meta({ title: '利害关系人' }),
      }),
    )
    .min(2)
    .max(500)
    .meta({ title: '听证参加人' }),
  /**
   * every applicant attends, so no one was selected. Otherwise the participants were
   * selected, and the selection method must have been published (with the announcement) first.
   */
  allApplicantsAdmitted: z.literal(true).optional().meta({ title: '报名者全部参加（未遴选）' }),
});
export const publishHearingParticipants = defineCommand({
  name: 'publishHearingParticipants',
  title: '公布听证参加人名单',
  rules: ['R-14'],
  schema: publishHearingParticipantsSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, p, ctx) => {
    const a = s.hearing.announcement;
    if (!a) return [missing('hearing.announcement', 'R-14', 'sponsor', s.sponsorUnit, { zh: '尚未发布听证公告', en: 'the hearing has not been announced' })];
    const out: MissingItem[] = [];
    if (!p.allApplicantsAdmitted && !a.selectionMethod) {
      out.push(missing('hearing.selectionMethod', 'R-14', 'sponsor', s.sponsorUnit,
        {
          zh: '遴选听证参加人的，应当先公布遴选办法（随听证公告发布）',
          en: 'participants who are selected: the selection method is published first, with the announcement',
        }));
    }
    for (const side of a.sides.filter((x) => !p.participants.some((q) => q.side === x))) {
      out.push(missing(`hearing.side:${side}`, 'R-14', 'sponsor', s.sponsorUnit, {
        zh: `听证参加人应当包括${side}方面的代表`,
        en: `the participants must include representatives of ${side}`,
      }));
    }
    // No share unless the pinned jurisdiction sets one (Shandong: one half).
    const shareMin = s.policy.hearingInterestedShareMin as number | undefined;
    const share = p.participants.filter((q) => q.interestedParty).length / p.participants.length;
    if (shareMin !== undefined && share < shareMin) {
      out.push(missing('hearing.interestedShare', 'R-14', 'sponsor', s.sponsorUnit,
        {
          zh: `利害关系人所占比例不得低于${Math.round(shareMin * 100)}%`,
          en: `interested parties must make up at least ${Math.round(shareMin * 100)}% of the participants`,
        }));
    }
    const lead = s.policy.hearingParticipantListLeadDays as number | undefined;
    if (tooLate(ctx.now, a.hearingAt, lead)) {
      const t = leadText(lead);
      out.push(missing('hearing.listLeadTime', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: `听证参加人名单应当${t.zh}公布`,
        en: `the participant list is published ${t.en}`,
      }));
    }
    return out;
  },
  decide: (_s, p, ctx) => [event('HearingParticipantsPublished', ctx, p)],
});

/** materials reach participants at least 7 days (the statute's floor; policy may raise it) before the hearing. */
export const sendHearingMaterials = defineCommand({
  name: 'sendHearingMaterials',
  title: '送达听证材料',
  rules: ['R-14'],
  schema: z.object({ documents: z.array(documentField('听证材料')).min(1).max(50).meta({ title: '听证材料' }) }),
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, _p, ctx) => {
    const a = s.hearing.announcement;
    if (!a || !s.hearing.participants) {
      return [missing('hearing.participants', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: '应当先公布听证参加人名单',
        en: 'the list of hearing participants must be published first',
      })];
    }
    const lead = s.policy.hearingMaterialsLeadDays;
    return tooLate(ctx.now, a.hearingAt, lead)
      ? [missing('hearing.materialsLeadTime', 'R-14', 'sponsor', s.sponsorUnit, {
        zh: `听证材料应当至少在听证${lead}日前送达`,
        en: `materials reach participants at least ${lead} days before the hearing`,
      })]
      : [];
  },
  decide: (_s, p, ctx) => [event('HearingMaterialsSent', ctx, p)],
});

/** R-14 [D§17]: participants confirm and sign the hearing record. */
export const recordHearingSchema = z.object({
  document: documentField('听证笔录'),
  signedByAllParticipants: z.literal(true, { error: '听证笔录应当经听证参加人确认并签字（第十七条）' }).meta({ title: '经全体参加人确认签字' }),
});
export const recordHearing = defineCommand({
  name: 'recordHearing',
  title: '提交听证笔录',
  rules: ['R-14'],
  schema: recordHearingSchema,
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: PREPARING,
  gate: (s, _p, ctx) => {
    const a = s.hearing.announcement;
    const out: MissingItem[] = [];
    if (!s.hearing.materialsSent) out.push(missing('hearing.materials', 'R-14', 'sponsor', s.sponsorUnit, {
      zh: '听证材料尚未送达参加人',
      en: 'the hearing materials have not been sent to the participants',
    }));
    if (!a || Date.parse(ctx.now) < Date.parse(a.hearingAt)) {
      out.push(missing('hearing.held', 'R-14', 'sponsor', s.sponsorUnit, { zh: '听证会尚未举行', en: 'the hearing has not yet been held' }));
    }
    return out;
  },
  decide: (_s, p, ctx) => [event('HearingRecorded', ctx, { document: p.document })],
});
