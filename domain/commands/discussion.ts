import { z } from 'zod';
import { documentField, instantSchema, namedEnum, text } from '../document';
import { DomainError, type MissingItem } from '../errors';
import type { Stage } from '../state';
import { discussionGate } from '../gates';
import { defineCommand, event, missing, organUnits, sponsorUnits } from './spec';

/** submission to collective discussion, gated on every required step. */
export const submitToDiscussion = defineCommand({
  name: 'submitToDiscussion',
  title: '提请集体讨论',
  rules: ['R-50', 'R-40', 'R-42', 'R-44', 'R-32'],
  schema: z.object({ note: text(4000).optional().meta({ title: '说明' }) }),
  roles: ['sponsor'],
  units: sponsorUnits,
  stages: ['preparation'],
  gate: (s, _p, ctx) => discussionGate(s, ctx.calendar, ctx.now),
  decide: (_s, p, ctx) => [event('SubmittedToDiscussion', ctx, p)],
});

/** 常务会议 or 全体会议 [D§30]. */
const meetingType = () => namedEnum(['executive', 'plenary'], { executive: '常务会议', plenary: '全体会议' }).meta({ title: '会议类型' });

export const scheduleMeetingSchema = z.object({
  meetingType: meetingType(),
  /** When the meeting is to be held. */
  scheduledAt: instantSchema.meta({ title: '会议时间' }),
  note: text(2000).optional().meta({ title: '说明' }),
});

/**
 * the decision organ puts the draft on a meeting's agenda; the sponsor and the legality
 * office are told when (they report and answer at the meeting). May be rescheduled.
 */
export const scheduleMeeting = defineCommand({
  name: 'scheduleMeeting',
  title: '安排集体讨论会议',
  rules: ['R-51'],
  schema: scheduleMeetingSchema,
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['awaiting_discussion'],
  decide: (_s, p, ctx) => [event('MeetingScheduled', ctx, p)],
});

/** `stop`: a meeting during execution decides to stop the decision [D§37]. */
export const MEETING_OUTCOMES = ['approve', 'reject', 'revise', 'defer', 'stop'] as const;
const outcome = () =>
  namedEnum(MEETING_OUTCOMES, { approve: '同意', reject: '不同意', revise: '修改后再行讨论', defer: '暂缓决策', stop: '停止执行' });
const EXECUTION_STAGES: Stage[] = ['executing', 'post_evaluation', 'suspended'];

/** The position most members (not the head) took, if more than half took one. */
export function majorityPosition(positions: string[]): string | 'none' {
  for (const p of MEETING_OUTCOMES) {
    if (positions.filter((x) => x === p).length * 2 > positions.length) return p;
  }
  return 'none';
}

/** the full record of the meeting. */
export const recordMeetingSchema = z
  .object({
    meetingType: meetingType(),
    heldAt: instantSchema.meta({ title: '会议时间' }),
    membersTotal: z.number().int().min(1).max(200).meta({ title: '组成人员总数' }),
    attendees: z.number().int().min(1).max(200).meta({ title: '出席人数' }),
    /** In the order spoken. */
    speeches: z
      .array(
        z.object({
          personId: text(128).meta({ title: '人员编号' }),
          name: text(128).meta({ title: '姓名' }),
          isHead: z.boolean().meta({ title: '行政首长' }),
          position: outcome().meta({ title: '意见' }),
          statement: text(8000).meta({ title: '发言内容' }),
        }),
      )
      .min(2)
      .max(200)
      .meta({ title: '发言（按发言顺序，行政首长最后）' }),
    outcome: outcome().meta({ title: '讨论决定' }),
    /** the reason the head stated for deciding against the majority. */
    headReason: text(8000).optional().meta({ title: '行政首长说明的理由（与多数意见不一致时）' }),
    minutes: documentField('会议纪要'),
  })
  .superRefine((m, ctx) => {
    const heads = m.speeches.filter((x) => x.isHead);
    const last = m.speeches.at(-1);
    if (heads.length !== 1 || !last?.isHead) {
      ctx.addIssue({ code: 'custom', path: ['speeches'], message: '行政首长应当最后发表意见，且只能有一位行政首长（第三十条，R-52）' });
    }
    if (m.speeches.length !== m.attendees) {
      ctx.addIssue({ code: 'custom', path: ['speeches'], message: '应当如实记录每位出席人员的意见，包括不同意见（第三十条，R-52）' });
    }
    if (m.attendees > m.membersTotal) {
      ctx.addIssue({ code: 'custom', path: ['attendees'], message: '出席人数不得超过组成人员总数' });
    }
    if (last?.isHead && last.position !== m.outcome) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: '决定应当与行政首长的意见一致（第三十条）' });
    }
    const majority = majorityPosition(m.speeches.filter((x) => !x.isHead).map((x) => x.position));
    if (majority !== 'none' && majority !== m.outcome && !m.headReason) {
      ctx.addIssue({ code: 'custom', path: ['headReason'], message: '行政首长拟作出的决定与会议组成人员多数人意见不一致的，应当在会上说明理由（第三十条，R-53）' });
    }
  });
export const recordMeeting = defineCommand({
  name: 'recordMeeting',
  title: '记录集体讨论决定',
  rules: ['R-51', 'R-52', 'R-53', 'R-54'],
  schema: recordMeetingSchema,
  roles: ['decision_organ'],
  units: organUnits,
  // during execution, a meeting (R-51–R-53 apply) decides whether to stop the decision.
  stages: ['awaiting_discussion', ...EXECUTION_STAGES],
  gate: (s, p, ctx) => {
    const executing = EXECUTION_STAGES.includes(s.stage);
    if (executing !== (p.outcome === 'stop')) {
      throw new DomainError('INVALID_INPUT', executing
        ? '决策执行中召开的会议只能记录停止执行的决定；调整决策应当启动调整程序（第三十七条）/ a meeting during execution records a decision to stop; an adjustment runs the procedure again'
        : '“停止执行”只能在决策执行中决定（第三十七条）/ "stop" is decided only during execution', ['R-65']);
    }
    const out: MissingItem[] = [];
    const published = s.after.publication;
    if (executing && published && Date.parse(p.heldAt) < Date.parse(published.at)) {
      out.push(missing('discussion.heldAfterPublication', 'R-65', 'decision_organ', s.decisionOrgan, {
        zh: '停止执行的会议不得早于决策公布',
        en: 'the meeting that stops a decision is held after its publication',
      }));
    }
    if (p.attendees <= p.membersTotal * s.policy.quorumShare) {
      out.push(missing('discussion.quorum', 'R-51', 'decision_organ', s.decisionOrgan,
        {
          zh: `出席人数应当超过组成人员的${Math.round(s.policy.quorumShare * 100)}%（${p.attendees}/${p.membersTotal}）`,
          en: `more than ${Math.round(s.policy.quorumShare * 100)}% of the members must attend (${p.attendees}/${p.membersTotal})`,
        }));
    }
    // a meeting before the submission would be a discussion the gate never allowed.
    const submitted = s.discussion.submitted;
    if (Date.parse(p.heldAt) > Date.parse(ctx.now)) {
      out.push(missing('discussion.held', 'R-51', 'decision_organ', s.decisionOrgan, {
        zh: '会议尚未举行，不能记录其决定',
        en: 'the meeting has not yet been held, so its decision cannot be recorded',
      }));
    }
    if (submitted && Date.parse(p.heldAt) < Date.parse(submitted.at)) {
      out.push(missing('discussion.heldAfterSubmission', 'R-50', 'decision_organ', s.decisionOrgan, {
        zh: '集体讨论会议不得早于提请讨论的时间',
        en: 'the collective discussion meeting cannot be held before the draft was submitted for discussion',
      }));
    }
    return out;
  },
  decide: (_s, p, ctx) => {
    const majority = majorityPosition(p.speeches.filter((x) => !x.isHead).map((x) => x.position));
    const dissenters = p.speeches
      .filter((x) => x.position !== p.outcome)
      .map((x) => ({ personId: x.personId, name: x.name, position: x.position }));
    return [event('MeetingRecorded', ctx, { ...p, majorityPosition: majority as typeof p.outcome | 'none', dissenters })];
  },
});

