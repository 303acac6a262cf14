import {
  NATIONAL_SCHEDULES,
  WorkingCalendar,
  apply,
  defaultCalendar,
  discussionGate,
  dueItems,
  loadSchedule,
  resolvePolicy,
  reviewWorkingDaysDetail,
  type HolidaySchedule,
  type JurisdictionPolicy,
} from '../../domain';
import {
  OFFICE,
  SPONSOR,
  T,
  actors,
  bj,
  doc,
  issuePaths,
  legalityOpinion,
  missingItems,
  opinion,
  participate,
  refuse,
  engageAdviser,
  reviewLegality,
  start,
  step,
  zodError,
  type Trail,
} from './builders';

const submission = { legalBasis: '《价格法》第十八条', procedureAccount: '已公开征求意见30日并提交采纳情况', documents: [doc('legality-submission')] };
const submit = (t: Trail, at: string) => step(t, 'submitLegalityReview', submission, actors.sponsor, at);
const adviser = (t: Trail, at: string) => step(engageAdviser(t, at), 'submitLegalAdviserOpinion', { adviser: '孙律师', document: doc(`adviser-${at}`) }, actors.adviser, at);
const give = (t: Trail, at: string, outcome = 'lawful') => step(t, 'giveLegalityOpinion', legalityOpinion(outcome), actors.office, at);
const adopt = (t: Trail, at: string) => step(t, 'recordLegalOpinionAdoption', { opinions: [opinion('明确调整周期', true)] }, actors.sponsor, at);

/** Participation complete on the standard timeline (Mar 2 – Apr 3). */
const participated = (policy?: JurisdictionPolicy) => participate(start({}, policy ? { policy } : {}));

describe('R-40 legality review before discussion', () => {
  it('R-40: a completed comment round does not replace the legality review', () => {
    const e = refuse(participated().state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(e.missing).toEqual([
      expect.objectContaining({ item: 'legality.submission', ruleId: 'R-41', responsible: { role: 'sponsor', unit: SPONSOR } }),
      expect.objectContaining({ item: 'legality.opinion', ruleId: 'R-40', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.submission' }),
      expect.objectContaining({ item: 'legality.adoption', ruleId: 'R-47', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.opinion' }),
    ]);
  });

  it('R-40: while the draft is with the office it cannot be submitted to discussion', () => {
    const t = submit(participated(), T.submitLegality);
    expect(t.state.stage).toBe('legality_review');
    expect(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion).code).toBe('INVALID_TRANSITION');
  });

  it('R-40: a draft already reviewed is not submitted for review again', () => {
    const t = reviewLegality(participated());
    expect(missingItems(refuse(t.state, 'submitLegalityReview', submission, actors.sponsor, bj('2026-04-14')))).toEqual(['legality.notYetReviewed']);
  });
});

describe('R-41 submission contents; return for supplement', () => {
  it('R-41: the submission carries the legal basis and an account of every step done so far', () => {
    const e = zodError(() => step(participated(), 'submitLegalityReview', { documents: [] }, actors.sponsor, T.submitLegality));
    expect(issuePaths(e).sort()).toEqual(['legalBasis', 'procedureAccount']);
  });

  it('R-41: the office returns it with the missing items listed, and the sponsor resubmits', () => {
    let t = submit(participated(), T.submitLegality);
    expect(issuePaths(zodError(() => step(t, 'returnForSupplement', { missingItems: [] }, actors.office, bj('2026-04-08'))))).toEqual(['missingItems']);
    expect(refuse(t.state, 'returnForSupplement', { missingItems: ['x'] }, actors.sponsor, bj('2026-04-08')).code).toBe('NOT_ALLOWED');
    t = step(t, 'returnForSupplement', { missingItems: ['收费标准测算依据', '听取价格主管部门意见的材料'] }, actors.office, bj('2026-04-08'));
    expect(t.state.stage).toBe('legality_returned');
    expect(t.state.legality.intervals).toEqual([
      { submittedAt: T.submitLegality, draftVersion: 1, returnedAt: bj('2026-04-08'), missingItems: ['收费标准测算依据', '听取价格主管部门意见的材料'] },
    ]);
    // While it is returned the office cannot give its opinion.
    expect(refuse(t.state, 'giveLegalityOpinion', legalityOpinion(), actors.office, bj('2026-04-09')).code).toBe('INVALID_TRANSITION');
    t = submit(t, bj('2026-04-10'));
    expect(t.state.stage).toBe('legality_review');
    expect(t.state.legality.intervals).toHaveLength(2);
  });
});

describe('R-42 at least 7 working days of review', () => {
  // Participation Jan 5 – Feb 6. Submitted Tue Feb 10, 10:00. Working days after it:
  // Wed 11 (1), Thu 12 (2), Fri 13 (3), Sat 14 adjusted working day (4), Feb 15–23 Spring Festival,
  // Tue 24 (5), Wed 25 (6), Thu 26 (7): the 7th ends at 24:00 Thu Feb 26.
  function reviewedOverSpringFestival(): Trail {
    let t = start({}, { now: bj('2026-01-05', '09:00') });
    t = participate(t, { open: bj('2026-01-05'), close: bj('2026-02-05'), report: bj('2026-02-06') });
    return reviewLegality(t, { submit: bj('2026-02-10'), adviser: bj('2026-02-11'), opinion: bj('2026-02-13'), adoption: bj('2026-02-14') });
  }

  it('R-42: discussion is refused on Thu Feb 26 (6 working days, the holiday not counted) and allowed from Fri Feb 27', () => {
    const t = reviewedOverSpringFestival();
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-02-26', '17:00'));
    expect(e.code).toBe('STEP_MISSING');
    expect(e.missing).toEqual([
      { item: 'legality.reviewTime', ruleId: 'R-42', responsible: { role: 'legality_office', unit: OFFICE }, message: expect.stringContaining('已6个工作日') },
    ]);
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-02-20')))).toEqual(['legality.reviewTime']);
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-02-27', '09:00')).state.stage).toBe('awaiting_discussion');
  });

  it('R-42: an early opinion does not shorten the review — the count runs from the submission', () => {
    // The office answered on day 3; discussion is still not before the 7th working day.
    const t = reviewedOverSpringFestival();
    expect(t.state.legality.opinion?.at).toBe(bj('2026-02-13'));
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-02-25', '09:00')))).toEqual(['legality.reviewTime']);
  });

  it('R-42: the minimum is a jurisdiction policy (10 working days: the 10th after Feb 10 is Mon Mar 2)', () => {
    // Feb 26 (7), Fri 27 (8), Sat 28 adjusted working day (9), Mon Mar 2 (10).
    let t = start({}, { now: bj('2026-01-05', '09:00'), policy: resolvePolicy({ legalityReviewMinWorkingDays: 10 }) });
    t = participate(t, { open: bj('2026-01-05'), close: bj('2026-02-05'), report: bj('2026-02-06') });
    t = reviewLegality(t, { submit: bj('2026-02-10'), adviser: bj('2026-02-11'), opinion: bj('2026-02-13'), adoption: bj('2026-02-14') });
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-03-02', '18:00')))).toEqual(['legality.reviewTime']);
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-03-03', '09:00')).state.stage).toBe('awaiting_discussion');
  });
});

describe('R-43 review of authority, procedure and substance, with legal advisers', () => {
  it('R-43: the opinion covers authority, procedure and substance, each named when missing', () => {
    const t = adviser(submit(participated(), T.submitLegality), T.adviser);
    const e = zodError(() => step(t, 'giveLegalityOpinion', { outcome: 'lawful', document: doc('o') }, actors.office, T.opinion));
    expect(issuePaths(e).sort()).toEqual(['authority', 'procedure', 'substance']);
  });

  it('R-43: the office cannot give its opinion before a legal adviser or public lawyer has given one', () => {
    const t = submit(participated(), T.submitLegality);
    const e = refuse(t.state, 'giveLegalityOpinion', legalityOpinion(), actors.office, T.opinion);
    expect(e.missing).toEqual([expect.objectContaining({ item: 'legality.adviserOpinions', ruleId: 'R-43', responsible: { role: 'legal_adviser' } })]);
    const ok = give(adviser(t, T.adviser), T.opinion);
    expect(ok.state.legality.opinion).toMatchObject({ outcome: 'lawful', authority: expect.any(String), procedure: expect.any(String), substance: expect.any(String), actor: actors.office });
    expect(ok.state.legality.adviserOpinions).toEqual([expect.objectContaining({ adviser: '孙律师', actor: actors.adviser, draftVersion: 1 })]);
  });

  it('R-43: the number of adviser opinions is a policy; only advisers or the office file them, during the review', () => {
    const policy = resolvePolicy({ legalAdviserOpinionsMin: 2 });
    let t = adviser(submit(participated(policy), T.submitLegality), T.adviser);
    expect(refuse(t.state, 'giveLegalityOpinion', legalityOpinion(), actors.office, T.opinion).missing[0]?.message).toContain('现有1份');
    expect(refuse(t.state, 'submitLegalAdviserOpinion', { adviser: 'x', document: doc('x') }, actors.citizen, T.adviser).code).toBe('NOT_ALLOWED');
    // The office no longer files opinions itself: it engages a public lawyer, who files their own.
    expect(refuse(t.state, 'submitLegalAdviserOpinion', { adviser: '公职律师钱某', document: doc('adviser-2') }, actors.office, bj('2026-04-09')).code).toBe('NOT_ALLOWED');
    const lawyer = { personId: 'p-public-lawyer', name: '公职律师钱某', unit: '江城市司法局', role: 'legal_adviser' as const };
    t = step(t, 'engageLegalAdvisers', { advisers: [{ personId: lawyer.personId, name: lawyer.name }] }, actors.office, bj('2026-04-09'));
    t = step(t, 'submitLegalAdviserOpinion', { adviser: lawyer.name, document: doc('adviser-2') }, lawyer, bj('2026-04-09'));
    expect(give(t, T.opinion).state.legality.opinion?.outcome).toBe('lawful');
    // Outside the review: an adviser nobody engaged is refused as such (403), whatever the stage.
    expect(refuse(participated().state, 'submitLegalAdviserOpinion', { adviser: 'x', document: doc('x') }, actors.adviser, T.adviser).code).toBe('NOT_ALLOWED');
  });
});

describe('R-43 engaged legal advisers only', () => {
  const inReview = () => submit(participated(), T.submitLegality);
  const opinionOf = (name: string) => ({ adviser: name, document: doc(`adviser-${name}`) });

  it('R-43: an adviser the office did not engage is refused, whatever the firm; the refusal does not count toward the gate', () => {
    const t = inReview();
    const e = refuse(t.state, 'submitLegalAdviserOpinion', opinionOf(actors.adviser.name), actors.adviser, T.adviser);
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.ruleIds).toEqual(['R-43']);
    expect(refuse(t.state, 'giveLegalityOpinion', legalityOpinion(), actors.office, T.opinion).code).toBe('STEP_MISSING');
  });

  it('R-43: only the office of the procedure engages advisers, and only during the review', () => {
    const engage = { advisers: [{ personId: actors.adviser.personId, name: actors.adviser.name }] };
    expect(refuse(participated().state, 'engageLegalAdvisers', engage, actors.office, T.adviser).code).toBe('INVALID_TRANSITION');
    expect(refuse(inReview().state, 'engageLegalAdvisers', engage, actors.adviser, T.adviser).code).toBe('NOT_ALLOWED');
    expect(refuse(inReview().state, 'engageLegalAdvisers', engage, { ...actors.office, unit: '别的司法局' }, T.adviser).code).toBe('NOT_ALLOWED');
    const t = step(inReview(), 'engageLegalAdvisers', engage, actors.office, T.adviser);
    expect(t.state.legality.engagedAdvisers).toEqual([expect.objectContaining({ personId: actors.adviser.personId, name: actors.adviser.name, actor: actors.office })]);
  });

  it('R-43: an engaged adviser signs as themself, never under another name', () => {
    const t = engageAdviser(inReview(), T.adviser);
    expect(refuse(t.state, 'submitLegalAdviserOpinion', opinionOf('另一位律师'), actors.adviser, T.adviser).code).toBe('NOT_ALLOWED');
    const ok = step(t, 'submitLegalAdviserOpinion', opinionOf(actors.adviser.name), actors.adviser, T.adviser);
    expect(ok.state.legality.adviserOpinions).toEqual([expect.objectContaining({ adviser: actors.adviser.name, actor: actors.adviser })]);
    expect(give(ok, T.opinion).state.legality.opinion?.outcome).toBe('lawful');
  });
});

describe('R-44 outcomes; unlawful blocks discussion', () => {
  it('R-44: an unlawful opinion blocks discussion even with its adoption recorded and the review time elapsed', () => {
    const t = reviewLegality(participated(), undefined, 'unlawful');
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(e.missing).toEqual([
      { item: 'legality.lawfulOpinion', ruleId: 'R-44', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.any(String) },
    ]);
    expect(e.ruleIds).toEqual(['R-44']);
  });

  it('R-44: lawful subject to changes — without a revised draft or a stated good reason the draft does not go to discussion; the sponsor owes it', () => {
    const t = reviewLegality(participated(), undefined, 'lawful_with_changes');
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(e.missing).toEqual([
      { item: 'legality.changesMade', ruleId: 'R-44', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.stringMatching(/^合法性审查意见为.*修改.*正当理由.* \/ .*lawful subject to changes/) },
    ]);
    // The sponsor states why it does not revise, with the adoption record of the opinion.
    const reasoned = step(t, 'recordLegalOpinionAdoption', {
      opinions: [opinion('明确收费标准的调整周期', false, '调整周期已由上位法规定，草案无需重复')],
      unrevisedReason: '审查意见所提修改事项已由《江城市停车管理条例》第十二条规定，草案不再重复规定',
    }, actors.sponsor, bj('2026-04-14'));
    expect(reasoned.state.legality.adoption?.unrevisedReason).toContain('第十二条');
    expect(step(reasoned, 'submitToDiscussion', {}, actors.sponsor, T.discussion).state.stage).toBe('awaiting_discussion');
  });

  it('R-44: lawful subject to changes — the sponsor revises the draft (a new version), which is reviewed again and then may go', () => {
    let t = reviewLegality(participated(), undefined, 'lawful_with_changes');
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '按合法性审查意见修改' }, actors.sponsor, bj('2026-04-14'));
    t = reviewLegality(t, { submit: bj('2026-04-15', '09:00'), adviser: bj('2026-04-16'), opinion: bj('2026-04-20'), adoption: bj('2026-04-21') });
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-25', '09:00')).state.stage).toBe('awaiting_discussion');
  });

  it('R-44: a reason recorded for an earlier opinion does not cover a later "lawful subject to changes" opinion', () => {
    let t = reviewLegality(participated(), undefined, 'lawful_with_changes');
    t = step(t, 'recordLegalOpinionAdoption', { opinions: [opinion('意见', true)], unrevisedReason: '理由' }, actors.sponsor, bj('2026-04-14'));
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '其他修改' }, actors.sponsor, bj('2026-04-14', '15:00'));
    t = reviewLegality(t, { submit: bj('2026-04-15', '09:00'), adviser: bj('2026-04-16'), opinion: bj('2026-04-20'), adoption: bj('2026-04-21') }, 'lawful_with_changes');
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-25', '09:00')))).toEqual(['legality.changesMade']);
  });

  it('R-44: the outcomes are lawful, lawful with changes, unlawful (and exploratory reform); anything else is refused', () => {
    const t = adviser(submit(participated(), T.submitLegality), T.adviser);
    expect(issuePaths(zodError(() => step(t, 'giveLegalityOpinion', legalityOpinion('probably_fine'), actors.office, T.opinion)))).toEqual(['outcome']);
  });

  it('R-44: after an unlawful opinion a revised draft can be reviewed again', () => {
    let t = reviewLegality(participated(), undefined, 'unlawful');
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '删除超越权限的条款' }, actors.sponsor, bj('2026-04-14'));
    t = reviewLegality(t, { submit: bj('2026-04-15', '09:00'), adviser: bj('2026-04-16'), opinion: bj('2026-04-20'), adoption: bj('2026-04-21') });
    // Working days after Wed Apr 15: 16, 17, 20, 21, 22, 23, 24 → the 7th ends 24:00 Fri Apr 24.
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-25', '09:00')).state.stage).toBe('awaiting_discussion');
  });
});

describe('R-45 exploratory reform', () => {
  it('R-45: an exploratory-reform opinion without an explicit legal risk is refused', () => {
    const t = adviser(submit(participated(), T.submitLegality), T.adviser);
    const { legalRisk: _r, ...noRisk } = legalityOpinion('exploratory_reform');
    expect(issuePaths(zodError(() => step(t, 'giveLegalityOpinion', noRisk, actors.office, T.opinion)))).toEqual(['legalRisk']);
  });

  it('R-45: with the legal risk stated it may go to discussion, and the risk stays in the record', () => {
    const t = reviewLegality(participated(), undefined, 'exploratory_reform');
    expect(t.state.legality.opinion).toMatchObject({ outcome: 'exploratory_reform', legalRisk: '国家尚无明确规定，存在被上级机关纠正的风险' });
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion).state.stage).toBe('awaiting_discussion');
  });
});

describe('R-46 two-level review (policy)', () => {
  const twoLevel = resolvePolicy({ twoLevelLegalityReview: true });
  const firstLevel = { conclusion: '经初审，草案合法', document: doc('first-level-opinion') };

  it('R-46: under the policy the sponsor\'s own legal unit reviews first, then the office', () => {
    const t = participated(twoLevel);
    const e = refuse(t.state, 'submitLegalityReview', submission, actors.sponsor, T.submitLegality);
    expect(e.missing).toEqual([
      { item: 'legality.firstLevel', ruleId: 'R-46', responsible: { role: 'sponsor_legal_unit', unit: SPONSOR }, message: expect.any(String) },
    ]);
    const reviewed = step(t, 'giveFirstLevelLegalityOpinion', firstLevel, actors.sponsorLegal, bj('2026-04-06'));
    expect(reviewed.state.legality.firstLevel).toMatchObject({ conclusion: '经初审，草案合法', actor: actors.sponsorLegal, draftVersion: 1 });
    expect(submit(reviewed, T.submitLegality).state.stage).toBe('legality_review');
  });

  it('R-46: only the sponsor\'s own legal unit gives the first-level opinion', () => {
    const t = participated(twoLevel);
    expect(refuse(t.state, 'giveFirstLevelLegalityOpinion', firstLevel, actors.office, bj('2026-04-06')).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'giveFirstLevelLegalityOpinion', firstLevel, actors.sponsor, bj('2026-04-06')).code).toBe('NOT_ALLOWED');
    const otherUnitLegal = { ...actors.sponsorLegal, unit: '江城市财政局' };
    expect(refuse(t.state, 'giveFirstLevelLegalityOpinion', firstLevel, otherUnitLegal, bj('2026-04-06')).code).toBe('NOT_ALLOWED');
  });

  it('R-46: a new draft needs its own first-level review; without the policy none is needed', () => {
    let t = step(participated(twoLevel), 'giveFirstLevelLegalityOpinion', firstLevel, actors.sponsorLegal, bj('2026-04-06'));
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '修改' }, actors.sponsor, bj('2026-04-06', '15:00'));
    expect(missingItems(refuse(t.state, 'submitLegalityReview', submission, actors.sponsor, T.submitLegality))).toEqual(['legality.firstLevel']);
    expect(submit(participated(), T.submitLegality).state.stage).toBe('legality_review');
  });
});

describe('R-47 adoption of legal opinions', () => {
  it('R-47: whether each legal opinion was adopted is recorded, with the reason when not', () => {
    const t = give(adviser(submit(participated(), T.submitLegality), T.adviser), T.opinion);
    const e = zodError(() => step(t, 'recordLegalOpinionAdoption', { opinions: [opinion('a'), { summary: '删除第五条', adopted: false }] }, actors.sponsor, T.legalAdoption));
    expect(issuePaths(e)).toEqual(['opinions.1.reason']);
    const ok = step(t, 'recordLegalOpinionAdoption', { opinions: [opinion('明确调整周期'), opinion('删除第五条', false, '第五条有地方性法规依据')] }, actors.sponsor, T.legalAdoption);
    expect(ok.state.legality.adoption).toMatchObject({
      opinions: [{ summary: '明确调整周期', adopted: true }, { summary: '删除第五条', adopted: false, reason: '第五条有地方性法规依据' }],
      actor: actors.sponsor,
    });
  });

  it('R-47: without the adoption record the draft does not go to discussion', () => {
    const t = give(adviser(submit(participated(), T.submitLegality), T.adviser), T.opinion);
    expect(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion).missing).toEqual([
      { item: 'legality.adoption', ruleId: 'R-47', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.any(String) },
    ]);
    expect(step(adopt(t, T.legalAdoption), 'submitToDiscussion', {}, actors.sponsor, T.discussion).state.stage).toBe('awaiting_discussion');
  });

  it('R-47: there is nothing to adopt before the opinion on this draft exists', () => {
    const t = submit(participated(), T.submitLegality);
    expect(missingItems(refuse(t.state, 'recordLegalOpinionAdoption', { opinions: [opinion('a')] }, actors.sponsor, T.adviser))).toEqual(['legality.opinion']);
  });
});

describe('R-48 office reply deadline (policy)', () => {
  // Submitted Mon Sep 21 09:00. Working days: Sep 22, 23, 24 (1–3), Sep 25–27 Mid-Autumn, Sep 28, 29, 30 (4–6),
  // Oct 1–7 National Day, Oct 8, 9 (7–8), Sat Oct 10 adjusted working day (9), Oct 12–16 (10–14), Mon Oct 19 (15).
  const submittedSep21 = () => {
    let t = start({}, { now: bj('2026-08-03', '09:00') });
    t = participate(t, { open: bj('2026-08-03'), close: bj('2026-09-03'), report: bj('2026-09-04') });
    return submit(t, bj('2026-09-21', '09:00'));
  };

  it('R-48: the office replies within 15 working days of a complete submission: by 24:00 Mon Oct 19 across the holidays', () => {
    const t = submittedSep21();
    expect(t.events.at(-1)).toMatchObject({ type: 'LegalityReviewSubmitted', data: { dueLastDay: '2026-10-19', dueAt: '2026-10-19T16:00:00.000Z', dueProvisional: false } });
    expect(dueItems(t.state)).toContainEqual({ item: 'legality.reply', ruleId: 'R-48', dueAt: '2026-10-19T16:00:00.000Z', party: { role: 'legality_office', unit: OFFICE }, duty: true });
  });

  it('R-48: extendable once by up to 10 working days with a recorded reason: to 24:00 Mon Nov 2', () => {
    const t = submittedSep21();
    expect(issuePaths(zodError(() => step(t, 'extendLegalityDeadline', { workingDays: 10 }, actors.office, bj('2026-10-15'))))).toEqual(['reason']);
    expect(missingItems(refuse(t.state, 'extendLegalityDeadline', { workingDays: 11, reason: '涉及面广' }, actors.office, bj('2026-10-15')))).toEqual(['legality.extensionLimit']);
    expect(refuse(t.state, 'extendLegalityDeadline', { workingDays: 10, reason: '涉及面广' }, actors.sponsor, bj('2026-10-15')).code).toBe('NOT_ALLOWED');
    // Oct 20–23 (16–19), Oct 26–30 (20–24), Mon Nov 2 (25).
    const ext = step(t, 'extendLegalityDeadline', { workingDays: 10, reason: '涉及面广，需征求多部门意见' }, actors.office, bj('2026-10-15'));
    expect(ext.events.at(-1)).toMatchObject({ type: 'LegalityDeadlineExtended', data: { workingDays: 10, reason: '涉及面广，需征求多部门意见', dueLastDay: '2026-11-02', dueAt: '2026-11-02T16:00:00.000Z' } });
    expect(ext.state.legality.extension).toMatchObject({ workingDays: 10, reason: '涉及面广，需征求多部门意见', actor: actors.office });
    expect(missingItems(refuse(ext.state, 'extendLegalityDeadline', { workingDays: 1, reason: '再延一天' }, actors.office, bj('2026-10-30')))).toEqual(['legality.noPriorExtension']);
  });

  it('R-48: time while returned for supplement does not count: 4 days used, 11 left from the resubmission (due Tue Oct 27)', () => {
    let t = submittedSep21();
    // Returned Tue Sep 29 10:00: Sep 22, 23, 24, 28 have elapsed (4).
    t = step(t, 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-09-29'));
    expect(dueItems(t.state).map((d) => d.item)).not.toContain('legality.reply');
    // Resubmitted Mon Oct 12 09:00: Oct 13–16 (1–4), Oct 19–23 (5–9), Oct 26 (10), Tue Oct 27 (11).
    t = submit(t, bj('2026-10-12', '09:00'));
    expect(t.events.at(-1)).toMatchObject({ type: 'LegalityReviewSubmitted', data: { dueLastDay: '2026-10-27', dueAt: '2026-10-27T16:00:00.000Z' } });
  });

  it('R-42 R-48: the returned weeks do not count toward the 7 working days either (4 before the return + 3 after it)', () => {
    let t = submittedSep21();
    t = step(t, 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-09-29'));
    t = submit(t, bj('2026-10-12', '09:00'));
    t = adopt(give(adviser(t, bj('2026-10-13')), bj('2026-10-14')), bj('2026-10-15'));
    // Oct 13, 14, 15 after the resubmission: the 7th working day ends at 24:00 Thu Oct 15.
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-10-15', '17:00')))).toEqual(['legality.reviewTime']);
    expect(step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-10-16', '09:00')).state.stage).toBe('awaiting_discussion');
  });

  it('R-48: an extension granted for one draft does not lengthen the review of the next draft', () => {
    let t = submittedSep21();
    t = step(t, 'extendLegalityDeadline', { workingDays: 10, reason: '涉及面广' }, actors.office, bj('2026-10-15'));
    t = give(adviser(t, bj('2026-10-15', '15:00')), bj('2026-10-16'));
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '按审查意见修改' }, actors.sponsor, bj('2026-10-19'));
    // Draft 2 submitted Tue Oct 20: Oct 21–23 (1–3), Oct 26–30 (4–8), Nov 2–6 (9–13), Nov 9 (14), Tue Nov 10 (15).
    t = submit(t, bj('2026-10-20', '09:00'));
    expect(t.events.at(-1)).toMatchObject({ type: 'LegalityReviewSubmitted', data: { dueLastDay: '2026-11-10', dueAt: '2026-11-10T16:00:00.000Z' } });
  });

  it('R-43: another legality office cannot file a legal adviser\'s opinion in this review', () => {
    const t = submit(participated(), T.submitLegality);
    const otherOffice = { ...actors.office, unit: '河城市司法局' };
    expect(refuse(t.state, 'submitLegalAdviserOpinion', { adviser: '公职律师', document: doc('x') }, otherOffice, T.adviser).code).toBe('NOT_ALLOWED');
  });

  it('R-48: the reply and extension periods are a jurisdiction policy', () => {
    let t = start({}, { now: bj('2026-08-03', '09:00'), policy: resolvePolicy({ officeReplyWorkingDays: 5, officeExtensionMaxWorkingDays: 0 }) });
    t = participate(t, { open: bj('2026-08-03'), close: bj('2026-09-03'), report: bj('2026-09-04') });
    t = submit(t, bj('2026-09-21', '09:00'));
    // Sep 22, 23, 24, 28, 29.
    expect(t.state.legality.officeDueAt).toBe('2026-09-29T16:00:00.000Z');
    expect(missingItems(refuse(t.state, 'extendLegalityDeadline', { workingDays: 1, reason: '复杂' }, actors.office, bj('2026-09-24')))).toEqual(['legality.extensionLimit']);
  });
});

describe('R-40 R-50 discussion gate sees the legality review of the current draft only', () => {
  it('R-40 R-50: for a draft never submitted, the gate names the sponsor for the submission and the opinion waiting on it, not the office', () => {
    const gate = discussionGate(participated().state, defaultCalendar, T.discussion);
    expect(gate).toEqual([
      expect.objectContaining({ item: 'legality.submission', ruleId: 'R-41', responsible: { role: 'sponsor', unit: SPONSOR } }),
      expect.objectContaining({ item: 'legality.opinion', ruleId: 'R-40', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.submission' }),
      expect.objectContaining({ item: 'legality.adoption', ruleId: 'R-47', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.opinion' }),
    ]);
  });
});

describe('R-06 provisional deadlines of the legality review (R-41, R-42)', () => {
  // Submitted Mon Dec 14 2026; returned for supplement Mon Dec 21 10:00. The sponsor's 10 working
  // days: Dec 22, 23, 24, 25, 28, 29, 30, 31 (1–8), Jan 1 2027 (元旦, fixed by law), Jan 4, 5 (9–10).
  // From Dec 25 on, a day is settled only with 2027's notice too (a New Year block may start then).
  const returnedDec21 = (): Trail => {
    let t = start({}, { now: bj('2026-10-12', '09:00') });
    t = participate(t, { open: bj('2026-10-12'), close: bj('2026-11-12'), report: bj('2026-11-13') });
    t = submit(t, bj('2026-12-14', '09:00'));
    return step(t, 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-12-21'));
  };
  /** Test data: a 2027 schedule with Mon Jan 4 off as well. */
  const schedule2027: HolidaySchedule = { year: 2027, source: '测试用 2027 年安排', off: ['2027-01-01', '2027-01-04'], work: [] };
  const with2027 = new WorkingCalendar({ ...defaultCalendar.toData(), version: 'test+2027', schedules: [...NATIONAL_SCHEDULES, schedule2027] });

  it('R-41 R-06: a supplement due date in a year whose schedule is not loaded is provisional, and recomputed when it loads', () => {
    const t = returnedDec21();
    expect(t.events.at(-1)).toMatchObject({ type: 'LegalityReviewReturned', data: { supplementLastDay: '2027-01-05', supplementDueAt: '2027-01-05T16:00:00.000Z', supplementProvisional: true } });
    expect(t.state.legality.supplementDueProvisional).toBe(true);
    expect(dueItems(t.state)).toContainEqual(expect.objectContaining({ item: 'legality.supplement', ruleId: 'R-41', dueAt: '2027-01-05T16:00:00.000Z', provisional: true }));

    const data = loadSchedule(t.state, defaultCalendar, with2027, schedule2027);
    expect(data?.supplementDue).toEqual({ lastDay: '2027-01-06', endsAt: '2027-01-06T16:00:00.000Z', provisional: false });
    const s = apply(t.state, { type: 'HolidayScheduleLoaded', at: bj('2026-12-22'), actor: actors.organ, data: data! });
    expect(s.legality.supplementDueAt).toBe('2027-01-06T16:00:00.000Z');
    expect(s.legality.supplementDueProvisional).toBeUndefined();
    const due = dueItems(s).find((d) => d.item === 'legality.supplement');
    expect(due).toMatchObject({ dueAt: '2027-01-06T16:00:00.000Z' });
    expect(due?.provisional).toBeUndefined();
  });

  it('R-41 R-06: a settled supplement date is not provisional, and its event is what it always was', () => {
    let t = start({}, { now: bj('2026-08-03', '09:00') });
    t = participate(t, { open: bj('2026-08-03'), close: bj('2026-09-03'), report: bj('2026-09-04') });
    // 10 working days from Tue Sep 29: Sep 30, Oct 8, 9, Sat Oct 10 (调休), Oct 12–16, Mon Oct 19.
    t = step(submit(t, bj('2026-09-21', '09:00')), 'returnForSupplement', { missingItems: ['测算依据'] }, actors.office, bj('2026-09-29'));
    expect(t.events.at(-1)?.data).toEqual({ missingItems: ['测算依据'], supplementLastDay: '2026-10-19', supplementDueAt: '2026-10-19T16:00:00.000Z' });
    expect(dueItems(t.state).find((d) => d.item === 'legality.supplement')?.provisional).toBeUndefined();
  });

  it('R-42 R-06: the working-day count says when it crosses a year whose schedule is not loaded', () => {
    let t = start({}, { now: bj('2026-10-12', '09:00') });
    t = participate(t, { open: bj('2026-10-12'), close: bj('2026-11-12'), report: bj('2026-11-13') });
    t = submit(t, bj('2026-12-21', '09:00'));
    t = adopt(give(adviser(t, bj('2026-12-22')), bj('2026-12-23')), bj('2026-12-24'));
    // By Thu Dec 24 17:00: Dec 22, 23 are over, settled.
    expect(reviewWorkingDaysDetail(t.state, defaultCalendar, bj('2026-12-24', '17:00'))).toEqual({ days: 2, provisional: false, provisionalYears: [] });
    // By Mon Dec 28 10:00: Dec 22, 23, 24, 25 (Dec 25 rests on 2027's notice).
    expect(reviewWorkingDaysDetail(t.state, defaultCalendar, bj('2026-12-28'))).toEqual({ days: 4, provisional: true, provisionalYears: [2027] });
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-12-28'));
    const item = e.missing.find((m) => m.item === 'legality.reviewTime');
    expect(item?.message).toContain('已4个工作日');
    expect(item?.message).toMatch(/2027年节假日安排尚未载入.*暂定.*provisional: the 2027 holiday schedule is not loaded/);
    expect(reviewWorkingDaysDetail(t.state, with2027, bj('2026-12-28')).provisional).toBe(false);
  });
});
