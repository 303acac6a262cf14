import { defaultCalendar, discussionGate, resolvePolicy } from '../../domain';
import {
  ORGAN,
  SPONSOR,
  T,
  actors,
  bj,
  doc,
  domainError,
  issuePaths,
  missingItems,
  opinion,
  participate,
  refuse,
  reviewLegality,
  start,
  step,
  zodError,
  type Trail,
} from './builders';

const member = (personId: string, name: string, extra: Record<string, unknown> = {}) => ({
  personId,
  name,
  expertise: '交通工程',
  perspective: '支持调整',
  directInterest: false,
  ...extra,
});
const panel = {
  members: [
    member('e-1', '周教授'),
    member('e-2', '吴研究员', { perspective: '反对调整', expertise: '城市经济' }),
    member('e-3', '江城交通规划设计院', { body: '江城交通规划设计院', expertise: '停车规划' }),
  ],
  selectionRationale: '兼顾交通工程、城市经济专业，包括持不同意见的专家',
};
const withPanel = (): Trail => step(start({ attributes: { highlySpecialised: true } }), 'recordExpertPanel', panel, actors.sponsor, bj('2026-03-03'));
const signed = (personId: string, extra: Record<string, unknown> = {}) => ({ personId, document: doc(`expert-opinion-${personId}`), signed: true, ...extra });

/** A signed paper opinion the sponsor files for an expert: `document` is its scan. */
const paper = <T extends object>(p: T) => ({ ...p, filedOnPaper: true as const });

describe('R-20 expert selection', () => {
  it('R-20: the panel is recorded with each expert\'s expertise and perspective, dissenting views included, and the rationale', () => {
    const t = withPanel();
    expect(t.state.expert.panel).toMatchObject({ selectionRationale: panel.selectionRationale, actor: actors.sponsor });
    expect(t.state.expert.panel?.members.map((m) => m.perspective)).toEqual(['支持调整', '反对调整', '支持调整']);
    expect(t.state.expert.panel?.members[0]).not.toHaveProperty('directInterest');
  });

  it('R-20: an expert with a direct interest in the item is refused, by name', () => {
    const bad = { ...panel, members: [...panel.members, member('e-4', '停车公司顾问', { directInterest: true })] };
    const e = domainError(() => step(start(), 'recordExpertPanel', bad, actors.sponsor, bj('2026-03-03')));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.ruleIds).toEqual(['R-20']);
    expect(e.message).toContain('停车公司顾问');
  });

  it('R-20: each member must declare whether they have a direct interest, and the rationale is required', () => {
    const e = zodError(() => step(start(), 'recordExpertPanel', { members: [{ personId: 'e-1', name: '周', expertise: 'x', perspective: 'y' }] }, actors.sponsor, bj('2026-03-03')));
    expect(issuePaths(e).sort()).toEqual(['members.0.directInterest', 'selectionRationale']);
  });

  it('R-20: an opinion from someone not on the panel is refused', () => {
    const e = refuse(withPanel().state, 'submitExpertOpinion', paper(signed('e-99')), actors.sponsor, bj('2026-03-10'));
    expect(e.missing).toEqual([expect.objectContaining({ item: 'expert.panelMember', ruleId: 'R-20' })]);
  });
});

describe('R-21 signed expert opinions', () => {
  it('R-21: an unsigned opinion is refused', () => {
    const e = zodError(() => step(withPanel(), 'submitExpertOpinion', signed('e-1', { signed: false }), actors.expert, bj('2026-03-10')));
    expect(issuePaths(e)).toEqual(['signed']);
  });

  it('R-21: an opinion of a professional body must also be stamped', () => {
    const t = withPanel();
    const e = refuse(t.state, 'submitExpertOpinion', paper(signed('e-3')), actors.sponsor, bj('2026-03-10'));
    expect(e.missing).toEqual([expect.objectContaining({ item: 'expert.stamp', ruleId: 'R-21', responsible: { role: 'expert' } })]);
    const ok = step(t, 'submitExpertOpinion', paper(signed('e-3', { stamped: true })), actors.sponsor, bj('2026-03-10'));
    expect(ok.state.expert.opinions[0]).toMatchObject({ personId: 'e-3', signed: true, stamped: true, draftVersion: 1 });
  });

  it('R-21: an expert submits only their own opinion; the sponsor may file a signed paper opinion on their behalf', () => {
    const t = withPanel();
    const e = domainError(() => step(t, 'submitExpertOpinion', signed('e-2'), actors.expert, bj('2026-03-10')));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(step(t, 'submitExpertOpinion', signed('e-1'), actors.expert, bj('2026-03-10')).state.expert.opinions).toHaveLength(1);
    expect(step(t, 'submitExpertOpinion', paper(signed('e-2')), actors.sponsor, bj('2026-03-10')).state.expert.opinions).toHaveLength(1);
  });

  it('R-20 R-21: an expert no panel of the procedure names is refused, even for an opinion of their own', () => {
    const outsider = { ...actors.expert, personId: 'e-99', name: '局外专家' };
    const e = refuse(withPanel().state, 'submitExpertOpinion', signed('e-99'), outsider, bj('2026-03-10'));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toContain('e-99');
    expect(refuse(start().state, 'submitExpertOpinion', signed('e-1'), actors.expert, bj('2026-03-10')).code).toBe('NOT_ALLOWED');
  });

  it('R-21: the sponsor files only a paper opinion, with its signed scan; the record says it was filed on paper', () => {
    const t = withPanel();
    expect(refuse(t.state, 'submitExpertOpinion', signed('e-2'), actors.sponsor, bj('2026-03-10')).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'submitExpertOpinion', paper(signed('e-1')), actors.expert, bj('2026-03-10')).code).toBe('NOT_ALLOWED');
    const filed = step(t, 'submitExpertOpinion', paper(signed('e-2')), actors.sponsor, bj('2026-03-10'));
    expect(filed.state.expert.opinions[0]).toMatchObject({ personId: 'e-2', filedOnPaper: true, actor: actors.sponsor });
    expect(filed.events.at(-1)?.data).toMatchObject({ filedOnPaper: true });
    const own = step(t, 'submitExpertOpinion', signed('e-1'), actors.expert, bj('2026-03-10'));
    expect(own.state.expert.opinions[0]).not.toHaveProperty('filedOnPaper');
  });

  it('R-21: a sponsor of another department cannot file an expert opinion for this procedure', () => {
    expect(refuse(withPanel().state, 'submitExpertOpinion', paper(signed('e-1')), actors.otherSponsor, bj('2026-03-10')).code).toBe('NOT_ALLOWED');
  });

  it('R-21: without a signed opinion the expert review is missing from the gate, the experts responsible', () => {
    const gate = discussionGate(withPanel().state, defaultCalendar, T.discussion);
    expect(gate).toContainEqual(expect.objectContaining({ item: 'expert.opinions', ruleId: 'R-21', responsible: { role: 'expert' } }));
  });
});

describe('R-22 adoption report on expert opinions', () => {
  it('R-22: the step ends with an adoption report; a rejected opinion needs its reason', () => {
    let t = step(withPanel(), 'submitExpertOpinion', signed('e-1'), actors.expert, bj('2026-03-10'));
    t = step(t, 'submitExpertOpinion', paper(signed('e-2')), actors.sponsor, bj('2026-03-11'));
    expect(discussionGate(t.state, defaultCalendar, T.discussion)).toContainEqual(
      expect.objectContaining({ item: 'expert.adoptionReport', ruleId: 'R-22', responsible: { role: 'sponsor', unit: SPONSOR } }),
    );
    const noReason = { opinions: [opinion('分时段收费', true), { summary: '暂缓调整', adopted: false }], document: doc('expert-adoption') };
    expect(issuePaths(zodError(() => step(t, 'submitExpertAdoptionReport', noReason, actors.sponsor, bj('2026-03-12'))))).toEqual(['opinions.1.reason']);
    const report = { opinions: [opinion('分时段收费', true), opinion('暂缓调整', false, '拥堵问题已十分突出')], document: doc('expert-adoption') };
    t = step(t, 'submitExpertAdoptionReport', report, actors.sponsor, bj('2026-03-12'));
    expect(t.state.expert.adoptionReport).toMatchObject({ opinions: report.opinions, document: doc('expert-adoption') });
    expect(discussionGate(t.state, defaultCalendar, T.discussion).filter((m) => m.item.startsWith('expert'))).toEqual([]);
  });

  it('R-22: no adoption report before any expert opinion on this draft', () => {
    const e = refuse(withPanel().state, 'submitExpertAdoptionReport', { opinions: [opinion('x')], document: doc('a') }, actors.sponsor, bj('2026-03-12'));
    expect(missingItems(e)).toEqual(['expert.opinions']);
  });
});

const riskReport = (over: Record<string, unknown> = {}) => ({
  assessor: '江城社会风险评估中心',
  thirdParty: true,
  departmentsHeard: ['江城市公安局', '江城市信访局'],
  riskPoints: ['低收入车主负担加重', '商户客流下降'],
  measures: '设置过渡期，夜间免费',
  responsePlan: '设立投诉专线，舆情监测',
  level: 'medium',
  document: doc('risk-report-1'),
  ...over,
});
const riskItem = () => start({ attributes: { stabilityRisk: true } });

describe('R-30 risk assessment report', () => {
  it('R-30: the report names risk points, prevention measures, a response plan and the departments heard; a third party may do it', () => {
    const t = step(riskItem(), 'submitRiskReport', riskReport(), actors.sponsor, bj('2026-03-20'));
    expect(t.state.risk.reports[0]).toMatchObject({
      assessor: '江城社会风险评估中心',
      thirdParty: true,
      riskPoints: ['低收入车主负担加重', '商户客流下降'],
      measures: '设置过渡期，夜间免费',
      responsePlan: '设立投诉专线，舆情监测',
      departmentsHeard: ['江城市公安局', '江城市信访局'],
      draftVersion: 1,
    });
  });

  it('R-30: a report without risk points, measures, plan or departments heard is refused, each field named', () => {
    const e = zodError(() => step(riskItem(), 'submitRiskReport', riskReport({ riskPoints: [], measures: '', responsePlan: undefined, departmentsHeard: [] }), actors.sponsor, bj('2026-03-20')));
    expect(issuePaths(e).sort()).toEqual(['departmentsHeard', 'measures', 'responsePlan', 'riskPoints']);
  });

  it('R-30: until a report exists, the gate names it, the sponsor responsible', () => {
    expect(discussionGate(riskItem().state, defaultCalendar, T.discussion)).toContainEqual({
      item: 'risk.report', ruleId: 'R-30', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.any(String),
    });
  });
});

describe('R-31 risk level and controllability', () => {
  it('R-31: the level must be one of the policy levels (default high/medium/low; a jurisdiction may set its own)', () => {
    const e = domainError(() => step(riskItem(), 'submitRiskReport', riskReport({ level: 'severe' }), actors.sponsor, bj('2026-03-20')));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', ruleIds: ['R-31'] });
    const policy = resolvePolicy({ riskLevels: ['重大', '较大', '一般'] });
    const t = step(start({ attributes: { stabilityRisk: true } }, { policy }), 'submitRiskReport', riskReport({ level: '较大' }), actors.sponsor, bj('2026-03-20'));
    expect(t.state.risk.reports[0]?.level).toBe('较大');
  });

  it('R-31: only the decision organ records whether the risk is controllable, and only once there is a report', () => {
    const none = riskItem();
    expect(missingItems(refuse(none.state, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-21')))).toEqual(['risk.report']);
    const t = step(none, 'submitRiskReport', riskReport(), actors.sponsor, bj('2026-03-20'));
    expect(discussionGate(t.state, defaultCalendar, T.discussion)).toContainEqual(
      expect.objectContaining({ item: 'risk.controllability', ruleId: 'R-31', responsible: { role: 'decision_organ', unit: ORGAN } }),
    );
    expect(refuse(t.state, 'recordRiskControllability', { controllable: true }, actors.sponsor, bj('2026-03-21')).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'recordRiskControllability', { controllable: true }, actors.otherOrgan, bj('2026-03-21')).code).toBe('NOT_ALLOWED');
    const ok = step(t, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-21'));
    expect(ok.state.risk.controllability).toMatchObject({ controllable: true, reportIndex: 0, actor: actors.organ });
    expect(discussionGate(ok.state, defaultCalendar, T.discussion).filter((m) => m.item.startsWith('risk'))).toEqual([]);
  });
});

describe('R-32 uncontrollable risk blocks the decision', () => {
  /** Participation and legality done; risk assessed as uncontrollable on draft 1. */
  function uncontrollable(): Trail {
    let t = riskItem();
    t = step(t, 'submitRiskReport', riskReport({ level: 'high' }), actors.sponsor, bj('2026-03-10'));
    t = step(t, 'recordRiskControllability', { controllable: false, note: '可能引发群体性事件' }, actors.organ, bj('2026-03-11'));
    return participate(t);
  }

  it('R-32: uncontrollable risk → revised draft → re-assessment → controllable → discussion allowed', () => {
    let t = uncontrollable();
    t = reviewLegality(t);
    const blocked = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(blocked.missing).toEqual([
      expect.objectContaining({ item: 'risk.reassessment', ruleId: 'R-32', responsible: { role: 'sponsor', unit: SPONSOR } }),
      expect.objectContaining({ item: 'risk.controllability', ruleId: 'R-31', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'risk.reassessment' }),
    ]);

    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '增设过渡期和低收入群体减免' }, actors.sponsor, bj('2026-04-20'));
    expect(t.state.drafts.map((d) => d.version)).toEqual([1, 2]);
    // Still blocked: the adjusted draft has not been re-assessed (and needs its own legality review, R-54).
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-21')))).toEqual(['risk.reassessment', 'risk.controllability', 'legality.submission', 'legality.opinion', 'legality.adoption']);

    t = step(t, 'submitRiskReport', riskReport({ level: 'medium', document: doc('risk-report-2') }), actors.sponsor, bj('2026-04-22'));
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-23')))).toEqual(['risk.controllability', 'legality.submission', 'legality.opinion', 'legality.adoption']);
    t = step(t, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-04-23'));
    // Legality review of draft 2: submitted Fri Apr 24; working days Apr 27, 28, 29, 30, May 6, 7, 8 (May 1–5 off):
    // the 7th ends at 24:00 Fri May 8.
    t = reviewLegality(t, { submit: bj('2026-04-24', '09:00'), adviser: bj('2026-04-27'), opinion: bj('2026-04-29'), adoption: bj('2026-04-30') });
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-05-08', '17:00')))).toEqual(['legality.reviewTime']);
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-05-09', '09:00'));
    expect(t.state.stage).toBe('awaiting_discussion');
  });

  it('R-32: the organ cannot simply re-declare the same draft\'s risk controllable: the draft must be adjusted first', () => {
    const t = reviewLegality(uncontrollable());
    const sameReport = refuse(t.state, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-04-14'));
    expect(sameReport.missing).toEqual([expect.objectContaining({ item: 'risk.adjustedDraft', ruleId: 'R-32', responsible: { role: 'sponsor', unit: SPONSOR } })]);
    const newReportSameDraft = step(t, 'submitRiskReport', riskReport({ level: 'low', document: doc('risk-report-1b') }), actors.sponsor, bj('2026-04-14'));
    expect(missingItems(refuse(newReportSameDraft.state, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-04-15')))).toEqual(['risk.adjustedDraft']);
    expect(missingItems(refuse(newReportSameDraft.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion))).toEqual(['risk.reassessment', 'risk.controllability']);
  });

  it('R-32: the identical document (same sha256) is not an adjusted draft: the revision is refused and the block stays', () => {
    const t = reviewLegality(uncontrollable());
    const same = refuse(t.state, 'reviseDraft', { document: doc('draft-v1'), reason: '调整后的草案' }, actors.sponsor, bj('2026-04-20'));
    expect(same.code).toBe('STEP_MISSING');
    expect(same.ruleIds).toContain('R-32');
    expect(same.missing).toEqual([expect.objectContaining({ item: 'draft.changedDocument', ruleId: 'R-32', responsible: { role: 'sponsor', unit: SPONSOR } })]);
    expect(same.missing[0]?.message).toMatch(/^[^A-Za-z]*草案.*\/ /);
    // Nor after a real revision: a third version equal to the second is no new version either.
    const v2 = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '增设过渡期' }, actors.sponsor, bj('2026-04-20'));
    expect(missingItems(refuse(v2.state, 'reviseDraft', { document: doc('draft-v2'), reason: '再次提交' }, actors.sponsor, bj('2026-04-21')))).toEqual(['draft.changedDocument']);
    // Going back to an earlier text is a different document from the current one, and allowed.
    expect(step(v2, 'reviseDraft', { document: doc('draft-v1'), reason: '恢复原稿' }, actors.sponsor, bj('2026-04-21')).state.drafts).toHaveLength(3);
  });

  it('R-32: a policy that makes the risk assessment draft-dependent requires a new report for every new draft', () => {
    const policy = resolvePolicy({ redoOnNewDraft: ['riskAssessment'] });
    let t = start({ attributes: { stabilityRisk: true } }, { policy });
    t = step(t, 'submitRiskReport', riskReport(), actors.sponsor, bj('2026-03-10'));
    t = step(t, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-11'));
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '文字修改' }, actors.sponsor, bj('2026-03-12'));
    expect(discussionGate(t.state, defaultCalendar, T.discussion)).toContainEqual(expect.objectContaining({ item: 'risk.report', ruleId: 'R-30' }));
  });
});
