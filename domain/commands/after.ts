import { z } from 'zod';
import { documentField, namedEnum, text } from '../document';
import { DomainError, type MissingItem } from '../errors';
import type { DocumentRef } from '../document';
import type { ProcedureState, Stage } from '../state';
import { assertInScope, startProcedureSchema, unitSchema } from './start';
import { policyPeriodEnd } from '../policy-time';
import { defineCommand, event, missing, organUnits, type CommandContext } from './spec';

const EXECUTION: Stage[] = ['executing', 'post_evaluation', 'suspended'];

/** documents referenced by the procedure that no filing has yet included. */
function unarchived(s: ProcedureState): DocumentRef[] {
  const filed = new Set((s.after.archive?.documents ?? []).map((d) => d.sha256));
  return s.documents.filter((d) => !filed.has(d.sha256));
}

/** Party committee report before issuing [D§31]. */
export const recordPartyReport = defineCommand({
  name: 'recordPartyReport',
  title: '向党委请示报告',
  rules: ['R-60'],
  schema: z.object({ document: documentField('请示报告') }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['decided'],
  decide: (_s, p, ctx) => [event('PartyReported', ctx, p)],
});

/** the people's congress report where the item is in its remit [D§8]. */
export const recordPeoplesCongressReport = defineCommand({
  name: 'recordPeoplesCongressReport',
  title: '向人大报告',
  rules: ['R-60'],
  schema: z.object({ document: documentField('报告') }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['decided'],
  decide: (_s, p, ctx) => [event('PeoplesCongressReported', ctx, p)],
});

/** the reports a decision needs before it is issued and not yet made. */
export function reportsMissing(s: ProcedureState): MissingItem[] {
  const out: MissingItem[] = [];
  if (s.requirements.partyReport.required && !s.after.partyReport) {
    out.push(missing('after.partyReport', 'R-60', 'decision_organ', s.decisionOrgan, {
      zh: '出台前应当向同级党委请示报告',
      en: 'before it is issued, the decision must be reported to the Party committee at the same level for instructions',
    }));
  }
  if (s.requirements.peoplesCongressReport.required && !s.after.congressReport) {
    out.push(missing('after.congressReport', 'R-60', 'decision_organ', s.decisionOrgan, {
      zh: '应当向本级人大及其常委会报告',
      en: 'the decision must be reported to the people\'s congress at the same level or its standing committee',
    }));
  }
  return out;
}

/**
 * publication of the decided text, with the adoption of opinions explained for items of
 * wide concern and for highly specialised or technical items.
 */
export const publishDecisionSchema = z.object({
  /** The decided text (the final document, not the draft). Optional in the schema so recorded publications replay; the gate requires it. */
  document: documentField('决策正式文本').optional(),
  channels: z.array(text(200)).max(20).default([]).meta({ title: '公布途径' }),
  adoptionExplanation: text(8000).optional().meta({ title: '公众意见、专家论证意见的采纳情况说明' }),
  /** Items not to be disclosed by law are exempt, with the legal ground recorded. */
  exemptGround: text(2000).optional().meta({ title: '不予公开的法律依据' }),
});
export const publishDecision = defineCommand({
  name: 'publishDecision',
  title: '公布决策',
  rules: ['R-61', 'R-60'],
  schema: publishDecisionSchema,
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['decided'],
  gate: (s, p) => {
    const out: MissingItem[] = reportsMissing(s);
    const exempt = s.attributes.nonDisclosable;
    if (exempt && !p.exemptGround) {
      out.push(missing('after.exemptGround', 'R-61', 'decision_organ', s.decisionOrgan, {
        zh: '依法不予公开的，应当记录法律依据',
        en: 'a decision not published as the law allows must have the legal ground for it recorded',
      }));
    }
    if (!exempt && p.channels.length === 0) {
      out.push(missing('after.channels', 'R-61', 'decision_organ', s.decisionOrgan, {
        zh: '应当通过政府公报、政府网站以及本地主要媒体等便于社会公众知晓的途径公布',
        en: 'the decision must be published through channels the public can readily see, such as the government gazette, the government website and the main local media',
      }));
    }
    if (!p.document) {
      out.push(missing('after.decidedText', 'R-61', 'decision_organ', s.decisionOrgan,
        { zh: '公布的应当是决定的正式文本（附文件），而非决策草案', en: 'publication carries the decided text (a document), not the draft' }));
    }
    if (!exempt && (s.attributes.wideConcern || s.attributes.highlySpecialised) && !p.adoptionExplanation) {
      out.push(missing('after.adoptionExplanation', 'R-61', 'decision_organ', s.decisionOrgan,
        {
          zh: '社会公众普遍关注或者专业性、技术性较强的决策，应当说明公众意见、专家论证意见的采纳情况',
          en: 'for an item of wide concern or a highly specialised or technical item, explain how public and expert opinions were adopted',
        }));
    }
    return out;
  },
  decide: (_s, p, ctx) => [event('DecisionPublished', ctx, p)],
});

/** every record and document filed; the archive lists each document's hash. */
export const archiveProcedure = defineCommand({
  name: 'archiveProcedure',
  title: '决策归档',
  rules: ['R-62'],
  schema: z.object({ archiveReference: text(200).meta({ title: '档案号' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['published', 'executing', 'post_evaluation', 'suspended', 'rejected'],
  // A later filing adds what came after (execution and evaluation reports), so the file stays complete.
  gate: (s) =>
    unarchived(s).length === 0
      ? [missing('after.notArchived', 'R-62', 'decision_organ', s.decisionOrgan, {
        zh: '本决策已经归档，且没有新增材料',
        en: 'the decision is already archived and there are no new materials',
      })]
      : [],
  decide: (s, p, ctx) => [event('ProcedureArchived', ctx, { ...p, documents: s.documents })],
});

/** the kinds of execution report; `final` reports that execution is complete. */
export const EXECUTION_REPORT_KINDS = ['periodic', 'problem', 'major_change', 'force_majeure', 'final'] as const;

/**
 * the next periodic report's date, counted from this act as an R-06 period (a last
 * day on a rest day moves to the next working day; provisional across an unloaded year).
 * Policies pinned before executionReportAsPeriod keep the plain count of domain/awaiting.ts.
 */
function nextReportDue(s: ProcedureState, ctx: CommandContext) {
  const every = s.policy.executionReportEveryDays as number | undefined;
  if (!(s.policy.executionReportAsPeriod as true | undefined) || every === undefined) return {};
  const due = policyPeriodEnd(s.policy, ctx.calendar, ctx.now, every, 'calendar');
  return { nextReportDue: { lastDay: due.lastDay, endsAt: due.endsAt, provisional: due.provisional } };
}

/** the executing unit is named. */
export const nameExecutingUnit = defineCommand({
  name: 'nameExecutingUnit',
  title: '确定决策执行单位',
  rules: ['R-63'],
  schema: z.object({ unit: unitSchema.meta({ title: '决策执行单位' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['published'],
  decide: (s, p, ctx) => [event('ExecutingUnitNamed', ctx, { ...p, ...nextReportDue(s, ctx) })],
});

/**
 * R-63 [D§34-35]: execution reports, at once on problems, major changes or force majeure;
 * a `final` report states that execution is complete, after which the procedure may be closed.
 */
export const submitExecutionReport = defineCommand({
  name: 'submitExecutionReport',
  title: '报告决策执行情况',
  rules: ['R-63'],
  schema: z.object({
    kind: namedEnum(EXECUTION_REPORT_KINDS, {
      periodic: '定期报告',
      problem: '发现问题',
      major_change: '客观情况发生重大变化',
      force_majeure: '因不可抗力等原因难以执行',
      final: '执行完毕（最终报告）',
    }).meta({ title: '报告类型' }),
    document: documentField('执行情况报告'),
  }),
  roles: ['executing_unit'],
  units: (s) => (s.after.executingUnit ? [s.after.executingUnit.unit] : []),
  stages: EXECUTION,
  decide: (s, p, ctx) => [event('ExecutionReported', ctx, { ...p, ...(p.kind === 'periodic' ? nextReportDue(s, ctx) : {}) })],
});

/** the public may send opinions on execution at any time. */
export const recordPublicExecutionOpinion = defineCommand({
  name: 'recordPublicExecutionOpinion',
  title: '登记公众对决策执行的意见',
  rules: ['R-63'],
  schema: z.object({ channel: text(200).meta({ title: '收到途径' }) }),
  roles: ['public', 'decision_organ', 'executing_unit'],
  stages: EXECUTION,
  decide: (_s, p, ctx) => [event('PublicExecutionOpinionRecorded', ctx, p)],
});

/** the units that, by the record, drafted the decision, assessed its risk or gave its expert review. */
export function involvedUnits(s: ProcedureState): Set<string> {
  return new Set<string>([
    s.sponsorUnit,
    ...s.coSponsorUnits,
    ...s.risk.reports.map((r) => r.assessor),
    ...(s.expert.panel?.members.flatMap((m) => (m.body ? [m.body] : [])) ?? []),
  ]);
}

/** post-evaluation; the evaluator may not be a unit that did the main pre-decision study. */
export const orderPostEvaluation = defineCommand({
  name: 'orderPostEvaluation',
  title: '组织决策后评估',
  rules: ['R-64'],
  schema: z.object({
    ground: namedEnum(['results_short', 'many_public_opinions', 'organ_need'], {
      results_short: '决策实施结果可能与决策目的不符',
      many_public_opinions: '公民、法人或者其他组织提出较多意见',
      organ_need: '决策机关认为有必要',
    }).meta({ title: '评估事由' }),
    evaluatorUnit: unitSchema.meta({ title: '后评估单位' }),
    /** What the order declares; independence is decided from the record, whatever it says. */
    thirdParty: z.boolean().optional().meta({ title: '委托第三方评估' }),
  }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['executing'],
  // decided from the record (validator side, so recorded orders replay unchanged).
  gate: (s, p) => {
    if (involvedUnits(s).has(p.evaluatorUnit)) {
      throw new DomainError('NOT_ALLOWED',
        `${p.evaluatorUnit}参与了决策起草、风险评估或专家论证，不得承担后评估（第三十六条）/ ` +
          `${p.evaluatorUnit} drafted the decision, assessed its risk or gave its expert review, so it may not evaluate it`,
        ['R-64']);
    }
    return [];
  },
  decide: (s, p, ctx) => {
    const involved = new Set<string>([
      s.sponsorUnit,
      ...s.risk.reports.map((r) => r.assessor),
      ...(s.expert.panel?.members.flatMap((m) => (m.body ? [m.body] : [])) ?? []),
    ]);
    if (p.thirdParty && involved.has(p.evaluatorUnit)) {
      throw new DomainError('NOT_ALLOWED', `${p.evaluatorUnit}参与了决策起草、论证或评估，不得作为第三方评估机构（第三十六条）`, ['R-64']);
    }
    return [event('PostEvaluationOrdered', ctx, p)];
  },
});

/** R-64 [D§36-37]: who took part in the evaluation, and its conclusion for the decision. */
export const EVALUATION_CONCLUSIONS = ['continue', 'adjust', 'suspend', 'stop'] as const;
export const submitEvaluationReportSchema = z.object({
  document: documentField('后评估报告'),
  /** How the public, deputies (people's congress deputies, CPPCC members) and experts took part. */
  participation: z
    .object({
      public: text(4000).optional().meta({ title: '公众参与情况' }),
      deputies: text(4000).optional().meta({ title: '人大代表、政协委员参与情况' }),
      experts: text(4000).optional().meta({ title: '专家参与情况' }),
    })
    .optional()
    .meta({ title: '参与评估情况' }),
  /** The conclusion that feeds the organ's decision to continue, adjust, suspend or stop. */
  conclusion: namedEnum(EVALUATION_CONCLUSIONS, { continue: '继续执行', adjust: '调整', suspend: '暂停执行', stop: '停止执行' })
    .optional()
    .meta({ title: '评估结论' }),
  conclusionReason: text(8000).optional().meta({ title: '结论理由' }),
});
export const submitEvaluationReport = defineCommand({
  name: 'submitEvaluationReport',
  title: '提交后评估报告',
  rules: ['R-64'],
  schema: submitEvaluationReportSchema,
  roles: ['evaluator'],
  units: (s) => (s.after.postEvaluation ? [s.after.postEvaluation.evaluatorUnit] : []),
  stages: ['post_evaluation'],
  decide: (_s, p, ctx) => [event('EvaluationReported', ctx, p)],
});

/**
 * R-65 [D§37]: in an urgent case the head of the decision organ (行政首长), and no other member,
 * may first suspend execution, with the urgent ground recorded.
 */
export const suspendExecution = defineCommand({
  name: 'suspendExecution',
  title: '暂停决策执行',
  rules: ['R-65'],
  schema: z.object({
    reason: text(4000).meta({ title: '暂停理由' }),
    /** The urgent case that justifies suspending before the procedure runs (optional in the schema for replay; the gate requires it). */
    urgentGround: text(4000).optional().meta({ title: '紧急情况' }),
  }),
  roles: ['decision_organ'],
  units: organUnits,
  admits: (_s, _p, actor) =>
    actor.head === true
      ? undefined
      : '只有决策机关行政首长可以在紧急情况下先行暂停执行（第三十七条）/ only the head of the decision organ may suspend execution in an urgent case',
  stages: ['executing', 'post_evaluation'],
  gate: (s, p) =>
    p.urgentGround
      ? []
      : [missing('after.urgentGround', 'R-65', 'decision_organ', s.decisionOrgan, {
        zh: '暂停执行应当记录紧急情况',
        en: 'record the urgent ground for suspending execution',
      })],
  decide: (_s, p, ctx) => [event('ExecutionSuspended', ctx, p)],
});

export const resumeExecution = defineCommand({
  name: 'resumeExecution',
  title: '恢复决策执行',
  rules: ['R-65'],
  schema: z.object({ reason: text(4000).meta({ title: '恢复理由' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['suspended'],
  decide: (_s, p, ctx) => [event('ExecutionResumed', ctx, p)],
});

/** a major adjustment runs the procedure again, linked to the original. */
export const startAmendment = defineCommand({
  name: 'startAmendment',
  title: '启动决策调整程序',
  rules: ['R-65'],
  schema: z.object({
    reason: text(4000).meta({ title: '调整理由' }),
    procedure: startProcedureSchema.omit({ amends: true }).meta({ title: '调整程序' }),
  }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['published', 'executing', 'post_evaluation', 'suspended'],
  decide: (s, p, ctx) => {
    if (p.procedure.procedureKey === s.procedureKey || p.procedure.decisionOrgan !== s.decisionOrgan) {
      throw new DomainError('INVALID_INPUT', '调整程序应当由原决策机关以新的业务编号启动', ['R-65']);
    }
    // the new procedure must be one the Decree governs, as any start (R-02 is checked by the API).
    assertInScope(p.procedure.category);
    return [event('AmendmentStarted', ctx, { newProcedureKey: p.procedure.procedureKey, reason: p.reason })];
  },
});

/**
 * The procedure ends: a rejected item filed away, an executed decision whose execution is complete,
 * or an executing (or suspended) decision stopped.
 * execution is complete when the executing unit has filed a `final` execution report;
 * closing then is not stopping the decision.
 * otherwise closing stops the decision, which is a decision of the organ, so it needs a
 * recorded meeting held after publication whose outcome is `stop` (R-51–R-53 apply), not a free-text reason.
 */
export const closeProcedure = defineCommand({
  name: 'closeProcedure',
  title: '办结',
  rules: ['R-62', 'R-63', 'R-65'],
  schema: z.object({ reason: text(4000).meta({ title: '办结说明' }) }),
  roles: ['decision_organ'],
  units: organUnits,
  stages: ['executing', 'suspended', 'rejected'],
  gate: (s) => {
    const out: MissingItem[] = [];
    const published = s.after.publication;
    const stopped = s.discussion.meetings.some((m) => m.outcome === 'stop' && published && Date.parse(m.heldAt) >= Date.parse(published.at));
    const completed = s.after.executionReports.some((r) => r.kind === 'final');
    if (s.stage !== 'rejected' && !stopped && !completed) {
      out.push(missing('after.finalReportOrStop', 'R-65', 'decision_organ', s.decisionOrgan,
        {
          zh: '办结执行中的决策，应当有执行单位报告执行完毕（最终执行报告），或者经集体讨论决定停止执行（记录决定停止执行的会议）',
          en: 'closing a decision in execution needs either a final execution report (execution complete) or a recorded meeting that decides to stop it',
        }));
    }
    if (!s.after.archive) return [...out, missing('after.archive', 'R-62', 'decision_organ', s.decisionOrgan, {
      zh: '办结前应当完成归档',
      en: 'the procedure must be archived before it is closed',
    })];
    const left = unarchived(s);
    if (left.length > 0) {
      out.push(missing('after.archiveComplete', 'R-62', 'decision_organ', s.decisionOrgan, {
        zh: `尚有${left.length}份材料未归档：${left.map((d) => d.name).join('、')}`,
        en: `${left.length} ${left.length === 1 ? 'document is' : 'documents are'} not yet archived: ${left.map((d) => d.name).join(', ')}`,
      }));
    }
    return out;
  },
  decide: (_s, p, ctx) => [event('ProcedureClosed', ctx, p)],
});
