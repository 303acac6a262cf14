import { splitBilingual, type NoticeTemplate } from '../../domain';
import {
  DUE_ITEM_LABELS,
  EVALUATION_GROUNDS,
  LEGALITY_OUTCOMES,
  MEETING_TYPES,
  ROLE_LABELS,
  MEETING_OUTCOMES,
  STEP_LABELS,
  beijingTime,
  commandLabel,
  label,
  list,
} from './labels';

/** One language's text of a notice. */
export interface Text {
  subject: string;
  body: string;
}

/** What a template sees: the notice's data (domain/notices.ts) and the procedure's title. */
export type TemplateInput = { title: string; data: Record<string, unknown> };
type Template = (i: TemplateInput) => { zh: Text; en: Text };

/*
 * One text per NoticeTemplate, zh-CN first and English second (issue: texts in Chinese first,
 * from templates). `satisfies Record<NoticeTemplate, …>` makes a template added to the domain
 * without a text here a compile error. Each shows only what its notice's data carries.
 */
export const TEMPLATES = {
  stepAssigned: ({ title, data }) => {
    const steps = list(data.requirements).map((s) => label(STEP_LABELS, s));
    return {
      zh: {
        subject: '决策事项已交由贵单位承办',
        body: `「${title}」已启动，由贵单位承办${label(STEP_LABELS, data.step).zh}。依法需要履行的程序：${steps.map((s) => s.zh).join('、') || '无'}。`,
      },
      en: {
        subject: 'A decision procedure is assigned to your unit',
        body: `The procedure "${title}" has started; your unit is responsible for ${label(STEP_LABELS, data.step).en}. Steps required by law: ${steps.map((s) => s.en).join(', ') || 'none'}.`,
      },
    };
  },
  stepsMissing: ({ data }) => {
    const cmd = commandLabel(data.command);
    // Each message is `中文 / English` (domain/errors.ts bilingual); one from an older history shows as is in both.
    const items = (list(data.items) as { item?: string; ruleId?: string; message?: string }[]).map((i) => ({
      ...i,
      text: i.message === undefined ? { zh: String(i.item), en: String(i.item) } : splitBilingual(i.message),
    }));
    return {
      zh: {
        subject: `「${cmd.zh}」未能办理：缺少前置步骤`,
        body: [`「${cmd.zh}」未能办理，以下事项需要贵单位完成：`, ...items.map((i) => `- ${i.text.zh}（${i.ruleId}）`)].join('\n'),
      },
      en: {
        subject: `Refused: ${cmd.en} — steps missing`,
        body: [`"${cmd.en}" could not be done; your unit must first complete:`, ...items.map((i) => `- ${i.text.en} (${i.ruleId})`)].join('\n'),
      },
    };
  },
  commentPeriodOpened: ({ title, data }) => ({
    zh: {
      subject: '公开征求意见已开始',
      body: `「${title}」已公开征求意见，截止日期为 ${String(data.lastDay)}${data.provisional ? '（暂定：当年节假日安排公布后可能调整）' : ''}。`,
    },
    en: {
      subject: 'Public comment period opened',
      body: `"${title}" is open for public comment until ${String(data.lastDay)}${data.provisional ? ' (provisional: may move once the year’s holiday schedule is published)' : ''}.`,
    },
  }),
  commentPeriodClosed: ({ title, data }) => ({
    zh: {
      subject: '公开征求意见已结束',
      body: `「${title}」公开征求意见已结束，共收到意见 ${Number(data.comments ?? 0)} 条，其中逾期 ${Number(data.lateComments ?? 0)} 条。请研究意见并说明采纳情况和理由。`,
    },
    en: {
      subject: 'Public comment period closed',
      body: `Public comment on "${title}" has closed with ${Number(data.comments ?? 0)} comments, ${Number(data.lateComments ?? 0)} of them late. Please consider them and report which were adopted, and why.`,
    },
  }),
  hearingAnnounced: ({ title, data }) => ({
    zh: { subject: '听证会已公告', body: `「${title}」听证会定于 ${beijingTime(data.hearingAt).zh}在${String(data.place)}举行。` },
    en: { subject: 'Public hearing announced', body: `The hearing on "${title}" takes place at ${beijingTime(data.hearingAt).en}, ${String(data.place)}.` },
  }),
  hearingMaterialsSent: ({ title, data }) => {
    const docs = list(data.documents).map(String);
    return {
      zh: { subject: '听证材料已送达', body: `「${title}」的听证材料已送达听证参加人：${docs.join('、')}。` },
      en: { subject: 'Hearing materials sent', body: `The hearing materials of "${title}" were sent to the participants: ${docs.join(', ')}.` },
    };
  },
  legalitySubmitted: ({ title, data }) => ({
    zh: { subject: '决策草案已送请合法性审查', body: `「${title}」已送请合法性审查，请于 ${String(data.dueLastDay)} 前出具审查意见。` },
    en: { subject: 'Draft submitted for legality review', body: `"${title}" has been submitted for legality review; the opinion is due by ${String(data.dueLastDay)}.` },
  }),
  legalityReturned: ({ title, data }) => {
    const items = list(data.missingItems).map(String);
    return {
      zh: { subject: '合法性审查材料被退回', body: `「${title}」送审材料不齐全，已退回。请补充：${items.join('、')}。` },
      en: { subject: 'Legality review submission returned', body: `The submission of "${title}" for legality review was returned as incomplete. Please supply: ${items.join(', ')}.` },
    };
  },
  legalityOpinionGiven: ({ title, data }) => ({
    zh: { subject: '合法性审查意见已出具', body: `「${title}」的合法性审查意见已出具，结论：${label(LEGALITY_OUTCOMES, data.outcome).zh}。` },
    en: { subject: 'Legality opinion given', body: `The legality opinion on "${title}" has been given: ${label(LEGALITY_OUTCOMES, data.outcome).en}.` },
  }),
  legalOpinionFeedback: ({ title, data }) => {
    const ops = (Array.isArray(data.opinions) ? data.opinions : []) as { summary: string; adopted: boolean; reason?: string }[];
    const zh = ops.map((o) => `${o.summary}：${o.adopted ? '已采纳' : `未采纳，理由：${o.reason ?? ''}`}`).join('；');
    const en = ops.map((o) => `${o.summary}: ${o.adopted ? 'adopted' : `not adopted, because: ${o.reason ?? ''}`}`).join('; ');
    return {
      zh: { subject: '法律意见采纳情况反馈', body: `「${title}」合法性审查中的法律意见采纳情况：${zh || '无'}。` },
      en: { subject: 'Feedback on your legal opinion', body: `How the legal opinions in the legality review of "${title}" were taken up: ${en || 'none'}.` },
    };
  },
  discussionRequested: ({ title }) => ({
    zh: { subject: '决策草案已提请集体讨论', body: `「${title}」已提请集体讨论，请列入决策机关会议议程。` },
    en: { subject: 'Draft submitted for collective discussion', body: `"${title}" has been submitted for collective discussion; please put it on the agenda of a meeting of the decision organ.` },
  }),
  decisionTaken: ({ title, data }) => ({
    zh: { subject: '集体讨论已作出决定', body: `「${title}」经集体讨论，决定：${label(MEETING_OUTCOMES, data.outcome).zh}。` },
    en: { subject: 'Decision taken in collective discussion', body: `Collective discussion of "${title}" has concluded: ${label(MEETING_OUTCOMES, data.outcome).en}.` },
  }),
  decisionPublished: ({ title, data }) =>
    data.exempt
      ? {
          zh: { subject: '决策依法不予公开', body: `「${title}」已作出决定，依法不予公开。` },
          en: { subject: 'Decision not published, as the law allows', body: `The decision on "${title}" has been taken and, as the law allows, is not published.` },
        }
      : {
          zh: { subject: '决策已公布', body: `「${title}」的决策已向社会公布。` },
          en: { subject: 'Decision published', body: `The decision on "${title}" has been published.` },
        },
  executionAssigned: ({ title }) => ({
    zh: { subject: '决策执行单位已确定', body: `「${title}」的决策执行单位已确定。执行单位应当全面、及时、正确贯彻执行，并向决策机关报告执行情况。` },
    en: { subject: 'Executing unit named', body: `The executing unit of "${title}" has been named. It carries the decision out fully and promptly and reports on execution to the decision organ.` },
  }),
  postEvaluationOrdered: ({ title, data }) => ({
    zh: { subject: '决策后评估已启动', body: `「${title}」已启动决策后评估，原因：${label(EVALUATION_GROUNDS, data.ground).zh}。` },
    en: { subject: 'Post-decision evaluation ordered', body: `A post-decision evaluation of "${title}" has been ordered: ${label(EVALUATION_GROUNDS, data.ground).en}.` },
  }),
  executionSuspended: ({ title, data }) => ({
    zh: { subject: '决策执行已暂停', body: `「${title}」的执行已暂停，原因：${String(data.reason)}。` },
    en: { subject: 'Execution suspended', body: `Execution of "${title}" has been suspended. Reason (as recorded, zh-CN): ${String(data.reason)}.` },
  }),
  procedureDelayed: ({ title, data }) => ({
    zh: { subject: '决策事项久拖不决', body: `「${title}」自启动已超过 ${Number(data.limitDays)} 日仍未作出决定，已标记为久拖不决，请督促办理。` },
    en: { subject: 'Procedure delayed', body: `"${title}" has gone ${Number(data.limitDays)} days since it started without a decision and is flagged as delayed; please see that it proceeds.` },
  }),
  meetingScheduled: ({ title, data }) => {
    const when = beijingTime(data.scheduledAt);
    const type = label(MEETING_TYPES, data.meetingType);
    return {
      zh: { subject: '集体讨论会议已安排', body: `「${title}」定于 ${when.zh} 提请${type.zh}集体讨论，请做好汇报和答询准备。` },
      en: { subject: 'Meeting scheduled', body: `"${title}" is on the agenda of the ${type.en} at ${when.en}; please be ready to report and answer questions.` },
    };
  },
  deadlineReminder: ({ title, data }) => {
    const item = label(DUE_ITEM_LABELS, data.item);
    const due = beijingTime(data.dueAt);
    return {
      zh: { subject: `期限临近：${item.zh}`, body: `「${title}」的「${item.zh}」期限为 ${due.zh}，请按时办理。` },
      en: { subject: `Due soon: ${item.en}`, body: `"${title}": ${item.en} is due by ${due.en}.` },
    };
  },
  executionReportDue: ({ title, data }) => {
    const due = beijingTime(data.dueAt);
    return {
      zh: { subject: '请报告决策执行情况', body: `「${title}」的决策执行情况报告应于 ${due.zh} 前报送决策机关（第三十四条）。` },
      en: { subject: 'Execution report due', body: `The report on the execution of "${title}" is due to the decision organ by ${due.en} (Decree 713, art. 34).` },
    };
  },
  deadlineEscalated: ({ title, data }) => {
    const item = label(DUE_ITEM_LABELS, data.item);
    const due = beijingTime(data.dueAt);
    const who = data.responsible as { role?: string; unit?: string } | undefined;
    const role = label(ROLE_LABELS, who?.role);
    const unit = who?.unit ?? '';
    return {
      zh: { subject: `逾期督办：${item.zh}`, body: `「${title}」的「${item.zh}」已于 ${due.zh} 到期，${unit}（${role.zh}）尚未办理，现提请督办。` },
      en: { subject: `Overdue: ${item.en}`, body: `"${title}": ${item.en} was due by ${due.en} and is not done by the ${role.en} (${unit}). Escalated for follow-up.` },
    };
  },
} satisfies Record<NoticeTemplate, Template>;
