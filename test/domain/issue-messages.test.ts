import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  awaitedFrom,
  bilingual,
  commandSpec,
  defaultCalendar,
  discussionGate,
  instantSchema,
  rulesFor,
  splitBilingual,
  startProcedureSchema,
  type Actor,
  type MissingItem,
  type ProcedureState,
  type Role,
} from '../../domain';
import {
  ALL_STEPS,
  EXECUTOR,
  OFFICE,
  ORGAN,
  SPONSOR,
  T,
  actors,
  bj,
  ctx,
  decided,
  doc,
  engageAdviser,
  executing,
  legalityOpinion,
  meeting,
  opinion,
  participate,
  refuse,
  reviewLegality,
  start,
  step,
  submitted,
  type StartInput,
  type Trail,
} from './builders';

/*
 * docs/rules.md §3: a malformed request names every invalid field and what it expects, Chinese
 * first then English — never only "Invalid input" (zod's messages, set in domain/strict.ts).
 */
const messages = (schema: z.ZodType, input: unknown): Record<string, string> => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('parsed');
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('zod issue messages a person can act on', () => {
  it('a catalog that is neither an entry nor a reason says which two forms are expected', () => {
    for (const catalog of [{ foo: 1 }, { year: 2026 }, 'none']) {
      const m = messages(startProcedureSchema.shape.catalog, catalog)[''];
      expect(m).toMatch(/^[\u4e00-\u9fff][^/]*\/ [a-z]/);
      expect(m).toContain('outsideReason');
      expect(m).toContain('entryId');
      expect(m).not.toMatch(/^无效输入 \/ Invalid input$/);
    }
  });

  it('another union without a message of its own lists its alternatives', () => {
    const m = messages(z.object({ x: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) }), { x: {} }).x;
    expect(m).toBe('应为以下形式之一：{ a } 或 { b } / expected one of: { a } or { b }');
  });

  it('an instant or a date that is not ISO 8601 says what the format is, with an example', () => {
    expect(messages(instantSchema, '2026-03-01 09:00')['']).toBe(
      '应为带时区的 ISO 8601 时刻，如 2026-03-01T09:00:00+08:00 / expected an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00+08:00',
    );
    expect(messages(z.iso.date(), '01/03/2026')['']).toBe('应为 ISO 8601 日期 YYYY-MM-DD，如 2026-03-01 / expected an ISO 8601 date YYYY-MM-DD, e.g. 2026-03-01');
  });

  it('a value outside an enum lists the allowed values', () => {
    expect(messages(z.enum(['leader', 'public']), 'mayor')['']).toBe('应为以下值之一：leader、public / expected one of: leader, public');
  });

  it('a missing field says it is required and what it holds', () => {
    expect(messages(z.object({ title: z.string() }), {}).title).toBe('缺少必填字段（应为 string）/ required field missing (expected string)');
  });

  it('keeps zod’s bilingual text for the rest, and a schema’s own message as written', () => {
    expect(messages(z.string(), 3)['']).toBe('无效输入：期望 string，实际接收 数字 / Invalid input: expected string, received number');
    expect(messages(z.string().min(2, '太短'), 'a')['']).toBe('太短');
  });
});

/*
 * docs/rules.md §3: a refusal for missing steps (409, the CommandRefused event, the stepsMissing
 * notice) names each missing item with a message `中文 / English`, which the notice splits on its
 * first ' / ' to show each language its own half. Every gate of the domain is run below on a few
 * representative procedures, and every item code written in domain/ must turn up.
 */
describe('missing items: every message in Chinese, then English', () => {
  const CJK = /[\u4e00-\u9fff]/;
  const SIDES = ['车主', '商户'];
  const BODY = '江城交通规划设计院';
  /** Names the tests put into procedures: an English half quotes them as they are. */
  const NAMES = [ORGAN, SPONSOR, OFFICE, EXECUTOR, ...ALL_STEPS.otherDepartments, BODY, ...SIDES];

  const collected: MissingItem[] = [];
  const gate = (s: ProcedureState, name: string, payload: unknown, actor: Actor, now: string): MissingItem[] => {
    const spec = commandSpec(name);
    const out = spec.gate?.(s, spec.schema.parse(payload), ctx(actor, now)) ?? [];
    collected.push(...out);
    return out;
  };
  const discussion = (s: ProcedureState, now: string): MissingItem[] => {
    const out = discussionGate(s, defaultCalendar, now);
    collected.push(...out);
    return out;
  };

  /** Every step R-04 can require, on the policy with two-level legality review and the hearing figures. */
  const everyStep: StartInput = { attributes: { ...ALL_STEPS, sharplyDivided: true, wideConcern: true } };
  const city = rulesFor('example-city').policy;
  const sp = actors.sponsor;
  const hearingAt = bj('2026-04-20', '09:00');
  const afterHearing = bj('2026-04-21');
  const panel = {
    members: [
      { personId: 'e-1', name: '周教授', expertise: '交通工程', perspective: '支持调整', directInterest: false },
      { personId: 'e-3', name: BODY, body: BODY, expertise: '停车规划', perspective: '支持调整', directInterest: false },
    ],
    selectionRationale: '兼顾交通工程与停车规划',
  };
  const riskReport = {
    assessor: '江城社会风险评估中心', thirdParty: true, departmentsHeard: ['江城市信访局'], riskPoints: ['负担加重'],
    measures: '过渡期', responsePlan: '投诉专线', level: 'low', document: doc('risk-report'),
  };
  const legalitySubmission = { legalBasis: '《价格法》第十八条', procedureAccount: '已公开征求意见', documents: [doc('legality-submission')] };

  beforeAll(() => {
    // Preparation, nothing done yet: the whole discussion gate, chains included, and each step's own gate.
    const fresh = start(everyStep, { policy: city });
    const s0 = fresh.state;
    discussion(s0, bj('2026-03-03'));
    gate(s0, 'openCommentPeriod', { explanation: doc('explanation'), channels: ['江城市人民政府网站'], days: 10 }, sp, T.open);
    gate(s0, 'recordPublicComment', { receivedAt: T.open, channel: '网站' }, actors.citizen, T.open);
    gate(s0, 'closeCommentPeriod', {}, sp, T.close);
    gate(s0, 'submitParticipationAdoptionReport', { opinions: [opinion('降低夜间收费')], document: doc('participation-adoption') }, sp, T.close);
    gate(s0, 'announceHearing', { hearingAt, place: '市政府会议室', sides: SIDES }, sp, bj('2026-04-01'));
    gate(s0, 'publishHearingParticipants', { participants: [{ name: '甲', side: '车主', interestedParty: false }, { name: '乙', side: '车主', interestedParty: false }] }, sp, bj('2026-03-20'));
    gate(s0, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, sp, bj('2026-04-01'));
    gate(s0, 'recordHearing', { document: doc('hearing-record'), signedByAllParticipants: true }, sp, bj('2026-03-20'));
    gate(s0, 'submitExpertOpinion', { personId: 'e-9', document: doc('expert-opinion'), signed: true }, sp, bj('2026-03-10'));
    gate(s0, 'submitExpertAdoptionReport', { opinions: [opinion('分时段收费')], document: doc('expert-adoption') }, sp, bj('2026-03-12'));
    gate(s0, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-21'));
    gate(s0, 'submitLegalityReview', legalitySubmission, sp, T.submitLegality);
    gate(s0, 'giveLegalityOpinion', legalityOpinion(), actors.office, T.opinion);
    gate(s0, 'extendLegalityDeadline', { workingDays: 60, reason: '情况复杂' }, actors.office, T.opinion);
    gate(s0, 'recordLegalOpinionAdoption', { opinions: [{ ...opinion('明确调整周期'), adviserPersonId: 'p-adviser-9' }] }, sp, T.legalAdoption);
    gate(s0, 'reviseDraft', { document: doc('draft-v1'), reason: '未作修改' }, sp, bj('2026-03-03'));

    // Steps under way: the comment period open, the hearing announced without a selection method,
    // the panel named with a professional body, the risk found uncontrollable, the review extended.
    let t = step(fresh, 'openCommentPeriod', { explanation: doc('explanation'), channels: ['江城市人民政府网站'], days: 30 }, sp, T.open);
    t = step(t, 'announceHearing', { hearingAt, place: '市政府会议室', sides: SIDES }, sp, bj('2026-03-03'));
    t = step(t, 'recordExpertPanel', panel, sp, bj('2026-03-03'));
    t = step(t, 'submitRiskReport', riskReport, sp, bj('2026-03-20'));
    t = step(t, 'recordRiskControllability', { controllable: false }, actors.organ, bj('2026-03-21'));
    const s1 = t.state;
    discussion(s1, bj('2026-03-22'));
    gate(s1, 'openCommentPeriod', { explanation: doc('explanation'), channels: ['江城市人民政府网站'], days: 30 }, sp, bj('2026-03-03'));
    gate(s1, 'recordPublicComment', { receivedAt: bj('2026-03-02', '09:30'), channel: '网站' }, actors.citizen, bj('2026-03-03'));
    gate(s1, 'closeCommentPeriod', {}, sp, bj('2026-03-20'));
    gate(s1, 'publishHearingParticipants', { participants: [{ name: '甲', side: '车主', interestedParty: false }, { name: '乙', side: '车主', interestedParty: false }] }, sp, afterHearing);
    gate(s1, 'submitExpertOpinion', { personId: 'e-3', document: doc('expert-opinion-e-3'), signed: true }, actors.expert, bj('2026-03-10'));
    gate(s1, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-22'));
    t = step(t, 'closeCommentPeriod', {}, sp, T.close);
    gate(t.state, 'closeCommentPeriod', {}, sp, T.close);
    t = step(t, 'publishHearingParticipants', { participants: [{ name: '甲', side: '车主', interestedParty: true }, { name: '乙', side: '商户', interestedParty: true }], allApplicantsAdmitted: true }, sp, bj('2026-03-20'));
    gate(t.state, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, sp, afterHearing);
    // Unreachable by commands (a controllability finding recorded before the report it judges), kept for completeness.
    const judgedEarlier: ProcedureState = {
      ...s1,
      drafts: [...s1.drafts, { version: 2, document: doc('draft-v2'), reason: '调整', at: bj('2026-03-25') }],
      risk: {
        reports: [{ ...s1.risk.reports[0]!, draftVersion: 2 }],
        controllability: { ...s1.risk.controllability!, controllable: false, reportIndex: 0, draftVersion: 1 },
      },
    };
    discussion(judgedEarlier, bj('2026-03-26'));

    // The legality review: opinions unlawful and "lawful subject to changes", given after three working days; an extension.
    const reviewed = (outcome: string): Trail => {
      let r = participate(start({}, { policy: city }));
      r = step(r, 'giveFirstLevelLegalityOpinion', { conclusion: '合法', document: doc('first-level') }, actors.sponsorLegal, bj('2026-04-06'));
      r = step(r, 'submitLegalityReview', legalitySubmission, sp, T.submitLegality);
      r = step(r, 'extendLegalityDeadline', { workingDays: 5, reason: '情况复杂' }, actors.office, T.adviser);
      r = engageAdviser(r, T.adviser);
      r = step(r, 'submitLegalAdviserOpinion', { adviser: '孙律师', document: doc('adviser-opinion') }, actors.adviser, T.adviser);
      return step(r, 'giveLegalityOpinion', legalityOpinion(outcome), actors.office, T.opinion);
    };
    const unlawful = reviewed('unlawful').state;
    discussion(unlawful, T.opinion);
    gate(unlawful, 'extendLegalityDeadline', { workingDays: 5, reason: '情况复杂' }, actors.office, T.opinion);
    gate(unlawful, 'submitLegalityReview', legalitySubmission, sp, T.opinion);
    discussion(reviewed('lawful_with_changes').state, T.opinion);

    // The meeting: decided "revise", then a record with no quorum, before the submission and not yet held.
    const sub = submitted();
    discussion(step(sub, 'recordMeeting', meeting(['revise', 'revise', 'approve'], 'revise'), actors.organ, T.meetingRecorded).state, T.meetingRecorded);
    gate(sub.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { membersTotal: 7, heldAt: bj('2026-04-16') }), actors.organ, T.meetingRecorded);
    gate(sub.state, 'recordMeeting', meeting(['approve', 'approve', 'approve'], 'approve', { heldAt: bj('2026-04-25') }), actors.organ, T.meetingRecorded);

    // After the decision: publication, the meeting that stops, suspension, archiving and closing.
    const dec = decided({ attributes: { peoplesCongressRemit: true, wideConcern: true } }).state;
    gate(dec, 'publishDecision', { channels: [] }, actors.organ, T.publish);
    gate({ ...dec, attributes: { ...dec.attributes, nonDisclosable: true } }, 'publishDecision', { document: doc('decision-final') }, actors.organ, T.publish);
    const ex = executing();
    gate(ex.state, 'recordMeeting', meeting(['stop', 'stop', 'approve'], 'stop', { heldAt: bj('2026-04-27') }), actors.organ, bj('2026-05-10'));
    gate(ex.state, 'suspendExecution', { reason: '上级机关要求暂停' }, actors.head, bj('2026-05-10'));
    gate(ex.state, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-05-10'));
    const archived = step(ex, 'archiveProcedure', { archiveReference: 'JC-2026-007-A' }, actors.organ, T.archive);
    gate(archived.state, 'archiveProcedure', { archiveReference: 'JC-2026-007-B' }, actors.organ, T.archive);
    const reported = step(archived, 'submitExecutionReport', { kind: 'periodic', document: doc('execution-report-1') }, actors.executor, bj('2026-05-10'));
    gate(reported.state, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-05-11'));

    // a launch request, before the decision organ approves it.
    const requested = start({ catalog: { outsideReason: '年度目录编制后新增的事项' } }, { actor: sp });
    collected.push(...refuse(requested.state, 'reviseDraft', { document: doc('draft-v2'), reason: '修改' }, sp, bj('2026-03-03')).missing);

    // The inbox: each stage's next step once nothing is missing (domain/awaited.ts awaitedFrom).
    const next = (s: ProcedureState, role: Role, unit: string, now: string) =>
      collected.push(...awaitedFrom(s, { role, unit }, { calendar: defaultCalendar, now }).map((a) => ({ ...a, responsible: { role, unit } })));
    next(reviewLegality(participate(start())).state, 'sponsor', SPONSOR, T.discussion);
    next(submitted().state, 'decision_organ', ORGAN, T.meeting);
    next(step(decided(), 'recordPartyReport', { document: doc('party-report') }, actors.organ, T.partyReport).state, 'decision_organ', ORGAN, T.publish);
    next({ ...ex.state, stage: 'published' }, 'decision_organ', ORGAN, bj('2026-05-10'));
    next(ex.state, 'executing_unit', EXECUTOR, bj('2026-05-10'));
    next({ ...ex.state, stage: 'suspended' }, 'decision_organ', ORGAN, bj('2026-05-10'));
    const evaluating = step(ex, 'orderPostEvaluation', { ground: 'organ_need', evaluatorUnit: '江城大学公共政策研究院' }, actors.organ, bj('2026-05-10'));
    next(evaluating.state, 'evaluator', '江城大学公共政策研究院', bj('2026-05-11'));
  });

  it('R-50: each missing item reads `中文 / English`: a Chinese half, then an English half a reader can act on', () => {
    expect(collected.length).toBeGreaterThan(60);
    const bad = collected.flatMap((m) => {
      // The notice's split finds the same halves as a plain split on the first ' / '.
      const { zh, en } = splitBilingual(m.message);
      const english = NAMES.reduce((x, n) => x.split(n).join(''), en);
      const ok = zh === m.message.split(' / ')[0] && CJK.test(zh) && /[A-Za-z]{3,}(\s+[A-Za-z]+){2,}/.test(english) && !CJK.test(english);
      return ok ? [] : [`${m.item}: ${m.message}`];
    });
    expect(bad).toEqual([]);
  });

  it('R-50: the gates above emit every item code written in domain/, so none escapes the check', () => {
    const code = (item: string) => item.replace(/:.*$/, ':');
    const emitted = new Set(collected.map((m) => code(m.item)));
    const written = sources(join(__dirname, '..', '..', 'domain')).flatMap((src) =>
      [...src.matchAll(/\bmissing(?:Item)?\(\s*['`]([^'`$]+)/g)].map((m) => code(m[1] ?? '')));
    expect(written.length).toBeGreaterThan(60);
    expect([...new Set(written)].filter((c) => !emitted.has(c)).sort()).toEqual([]);
  });

  it('R-50: the Chinese half never holds the separator, so a message splits back on its first one; older messages stay whole', () => {
    const message = bilingual({ zh: '尚有1份材料未归档：纪要 / 附件.pdf', en: '1 document is not yet archived: 纪要 / 附件.pdf' });
    expect(message).toBe('尚有1份材料未归档：纪要/附件.pdf / 1 document is not yet archived: 纪要 / 附件.pdf');
    expect(splitBilingual(message)).toEqual({ zh: '尚有1份材料未归档：纪要/附件.pdf', en: '1 document is not yet archived: 纪要 / 附件.pdf' });
    expect(splitBilingual('尚未公开征求意见')).toEqual({ zh: '尚未公开征求意见', en: '尚未公开征求意见' });
    // Recorded by earlier versions: the English inside the Chinese brackets.
    const olderChain = '本稿尚未经合法性审查（须先完成：本稿尚未送请合法性审查 / waits on legality.submission）';
    expect(splitBilingual(olderChain)).toEqual({ zh: olderChain, en: olderChain });
  });

  it('R-50: a chained item says in each language what it waits on', () => {
    const opinionItem = discussionGate(start().state, defaultCalendar, bj('2026-03-03')).find((m) => m.item === 'legality.opinion');
    expect(opinionItem?.waitingOn).toBe('legality.submission');
    expect(opinionItem?.message).toBe(
      '本稿尚未经合法性审查（须先完成：本稿尚未送请合法性审查） / ' +
        'this version of the draft has not been reviewed for legality (waits on: this version of the draft has not been submitted for legality review)',
    );
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [readFileSync(join(dir, d.name), 'utf8')] : [],
  );
}
