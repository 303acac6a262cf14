import { apply, check, defaultCalendar, discussionGate, resolvePolicy, type DomainEvent } from '../../domain';
import {
  ALL_STEPS,
  ORGAN,
  OFFICE,
  SPONSOR,
  T,
  actors,
  bj,
  ctx,
  doc,
  issuePaths,
  meeting,
  missingItems,
  opinion,
  participate,
  refuse,
  reviewLegality,
  start,
  step,
  submitted,
  zodError,
  type Trail,
} from './builders';

describe('R-07 costs, benefits and options', () => {
  const analysis = (options: number) => ({
    costBenefit: '年增收约1200万元，用于停车设施建设；夜间收费下调减轻居民负担',
    options: Array.from({ length: options }, (_, i) => ({ title: `方案${i + 1}`, summary: `按第${i + 1}种标准收费` })),
  });

  it('R-07: an item whose views differ sharply is not submitted to discussion without the draft\'s costs and benefits and two or more options', () => {
    let t = participate(start({ attributes: { sharplyDivided: true } }));
    t = reviewLegality(t);
    let e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(e.missing.map(({ item, ruleId, responsible }) => ({ item, ruleId, responsible }))).toEqual([
      { item: 'draft.costBenefit', ruleId: 'R-07', responsible: { role: 'sponsor', unit: SPONSOR } },
      { item: 'draft.options', ruleId: 'R-07', responsible: { role: 'sponsor', unit: SPONSOR } },
    ]);
    t = step(t, 'recordCostBenefitAnalysis', analysis(1), actors.sponsor, bj('2026-04-15'));
    expect(t.state.costBenefit).toMatchObject({ draftVersion: 1, costBenefit: analysis(1).costBenefit });
    e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(missingItems(e)).toEqual(['draft.options']);
    t = step(t, 'recordCostBenefitAnalysis', analysis(2), actors.sponsor, bj('2026-04-16'));
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(t.state.stage).toBe('awaiting_discussion');
  });

  it('R-07: only the sponsor records them; an item not marked divided may record them and is not held back', () => {
    const t = start();
    expect(refuse(t.state, 'recordCostBenefitAnalysis', analysis(2), actors.organ, bj('2026-03-03')).code).toBe('NOT_ALLOWED');
    expect(step(t, 'recordCostBenefitAnalysis', analysis(0), actors.sponsor, bj('2026-03-03')).events.at(-1)?.type).toBe('CostBenefitAnalysisRecorded');
    expect(discussionGate(t.state, defaultCalendar, T.discussion).map((m) => m.item)).not.toContain('draft.options');
  });
});

describe('R-50 submission to discussion lists every missing item at once', () => {
  it('R-50: an item requiring every step, submitted at once, is refused with every missing item, those waiting on another included, each owed by the party that can act now', () => {
    const t = start({ attributes: ALL_STEPS });
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(e.code).toBe('STEP_MISSING');
    const sponsor = { role: 'sponsor', unit: SPONSOR };
    expect(e.missing.map(({ item, ruleId, responsible, waitingOn }) => ({ item, ruleId, responsible, waitingOn }))).toEqual([
      { item: 'participation.period', ruleId: 'R-10', responsible: sponsor, waitingOn: undefined },
      { item: 'participation.closed', ruleId: 'R-12', responsible: sponsor, waitingOn: 'participation.period' },
      { item: 'participation.adoptionReport', ruleId: 'R-13', responsible: sponsor, waitingOn: 'participation.closed' },
      { item: 'groupConsultation', ruleId: 'R-04', responsible: sponsor, waitingOn: undefined },
      { item: 'hearing.announcement', ruleId: 'R-14', responsible: sponsor, waitingOn: undefined },
      { item: 'hearing.materials', ruleId: 'R-14', responsible: sponsor, waitingOn: 'hearing.announcement' },
      { item: 'hearing.record', ruleId: 'R-14', responsible: sponsor, waitingOn: 'hearing.materials' },
      { item: 'expert.panel', ruleId: 'R-20', responsible: sponsor, waitingOn: undefined },
      { item: 'expert.opinions', ruleId: 'R-21', responsible: sponsor, waitingOn: 'expert.panel' },
      { item: 'expert.adoptionReport', ruleId: 'R-22', responsible: sponsor, waitingOn: 'expert.opinions' },
      { item: 'risk.report', ruleId: 'R-30', responsible: sponsor, waitingOn: undefined },
      { item: 'risk.controllability', ruleId: 'R-31', responsible: sponsor, waitingOn: 'risk.report' },
      { item: 'fairCompetitionReview', ruleId: 'R-04', responsible: sponsor, waitingOn: undefined },
      { item: 'department:江城市公安局', ruleId: 'R-05', responsible: sponsor, waitingOn: undefined },
      { item: 'department:江城市财政局', ruleId: 'R-05', responsible: sponsor, waitingOn: undefined },
      { item: 'legality.submission', ruleId: 'R-41', responsible: sponsor, waitingOn: undefined },
      { item: 'legality.opinion', ruleId: 'R-40', responsible: sponsor, waitingOn: 'legality.submission' },
      { item: 'legality.adoption', ruleId: 'R-47', responsible: sponsor, waitingOn: 'legality.opinion' },
    ]);
    // Nobody is named for a step they cannot yet take: not the office before a submission, nor an expert before a panel.
    expect(e.missing.filter((m) => m.responsible.role !== 'sponsor')).toEqual([]);
    expect([...e.ruleIds].sort()).toEqual(['R-04', 'R-05', 'R-10', 'R-12', 'R-13', 'R-14', 'R-20', 'R-21', 'R-22', 'R-30', 'R-31', 'R-40', 'R-41', 'R-47']);
    for (const m of e.missing) expect(m.message.length).toBeGreaterThan(0);
  });

  it('R-50: once submitted for legality review, the opinion is owed by the office and its adoption waits on it', () => {
    let t = start();
    t = participate(t);
    t = step(t, 'submitLegalityReview', { legalBasis: '《价格法》', procedureAccount: '已公开征求意见' }, actors.sponsor, T.submitLegality);
    const gate = discussionGate(t.state, defaultCalendar, T.discussion);
    const office = { role: 'legality_office', unit: OFFICE };
    expect(gate.map(({ item, responsible, waitingOn }) => ({ item, responsible, waitingOn }))).toEqual([
      { item: 'legality.opinion', responsible: office, waitingOn: undefined },
      { item: 'legality.adoption', responsible: office, waitingOn: 'legality.opinion' },
    ]);
  });

  it('R-50: a refused submission changes nothing, and the refusal with its list is kept in the record', () => {
    const t = start({ attributes: ALL_STEPS });
    const before = JSON.stringify(t.state);
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(JSON.stringify(t.state)).toBe(before);
    expect(t.state.stage).toBe('preparation');
    const refused: DomainEvent = { type: 'CommandRefused', at: T.discussion, actor: actors.sponsor, data: { command: 'submitToDiscussion', missing: e.missing } };
    const after = apply(t.state, refused);
    expect(after.refusals).toEqual([{ at: T.discussion, actor: actors.sponsor, command: 'submitToDiscussion', missing: e.missing }]);
    expect(after.stage).toBe('preparation');
  });

  it('R-50: once every required step is complete for the current draft, the submission is accepted', () => {
    let t = start({ attributes: ALL_STEPS });
    const sp = actors.sponsor;
    t = step(t, 'recordGroupConsultation', { groups: ['出租车行业协会'], summary: '座谈两次，意见已吸收' }, sp, bj('2026-03-04'));
    t = step(t, 'recordDepartmentConsultation', { department: '江城市公安局', agreed: true }, sp, bj('2026-03-05'));
    t = step(t, 'recordDepartmentConsultation', { department: '江城市财政局', agreed: false, departmentView: '收入上缴', sponsorView: '专款专用' }, sp, bj('2026-03-05'));
    // Hearing on Mon Apr 20: announced in advance with the selection method, list before it, materials ≥7 days before.
    t = step(t, 'announceHearing', { hearingAt: bj('2026-04-20', '09:00'), place: '市政府会议室', sides: ['车主', '商户'], selectionMethod: '自愿报名，随机抽取' }, sp, bj('2026-03-03'));
    t = step(t, 'publishHearingParticipants', { participants: [
      { name: '甲', side: '车主', interestedParty: true }, { name: '乙', side: '商户', interestedParty: true },
    ] }, sp, bj('2026-03-20'));
    t = step(t, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, sp, bj('2026-04-01'));
    t = step(t, 'recordHearing', { document: doc('hearing-record'), signedByAllParticipants: true }, sp, bj('2026-04-20', '17:00'));
    t = step(t, 'recordExpertPanel', { members: [
      { personId: 'e-1', name: '周教授', expertise: '交通', perspective: '支持', directInterest: false },
    ], selectionRationale: '交通专业' }, sp, bj('2026-03-03'));
    t = step(t, 'submitExpertOpinion', { personId: 'e-1', document: doc('expert-opinion'), signed: true }, actors.expert, bj('2026-03-10'));
    t = step(t, 'submitExpertAdoptionReport', { opinions: [opinion('分时段收费')], document: doc('expert-adoption') }, sp, bj('2026-03-12'));
    t = step(t, 'submitRiskReport', {
      assessor: '江城社会风险评估中心', thirdParty: true, departmentsHeard: ['江城市信访局'], riskPoints: ['负担加重'],
      measures: '过渡期', responsePlan: '投诉专线', level: 'low', document: doc('risk-report'),
    }, sp, bj('2026-03-20'));
    t = step(t, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-21'));
    t = step(t, 'recordFairCompetitionReview', { conclusion: '不排除、限制竞争', document: doc('fair-competition') }, sp, bj('2026-03-25'));
    t = participate(t);
    t = reviewLegality(t);
    expect(discussionGate(t.state, defaultCalendar, bj('2026-04-21', '09:00'))).toEqual([]);
    t = step(t, 'submitToDiscussion', { note: '请市政府常务会议审议' }, sp, bj('2026-04-21', '09:00'));
    expect(t.state.stage).toBe('awaiting_discussion');
    expect(t.state.discussion.submitted).toMatchObject({ actor: sp, draftVersion: 1 });
  });

  it('R-50: only the sponsoring unit submits, and only from preparation', () => {
    const t = reviewLegality(participate(start()));
    expect(refuse(t.state, 'submitToDiscussion', {}, actors.otherSponsor, T.discussion).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'submitToDiscussion', {}, actors.organ, T.discussion).code).toBe('NOT_ALLOWED');
    const s = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(refuse(s.state, 'submitToDiscussion', {}, actors.sponsor, T.discussion).code).toBe('INVALID_TRANSITION');
  });
});

describe('R-51 meeting type and quorum', () => {
  it('R-51: more than half the members must attend: 5 of 10 is refused, 6 of 10 is accepted', () => {
    const t = submitted();
    const five = meeting(['approve', 'approve', 'approve', 'reject'], 'approve', { membersTotal: 10 });
    const e = refuse(t.state, 'recordMeeting', five, actors.organ, T.meetingRecorded);
    expect(e.missing).toEqual([{ item: 'discussion.quorum', ruleId: 'R-51', responsible: { role: 'decision_organ', unit: ORGAN }, message: expect.stringContaining('5/10') }]);
    const six = meeting(['approve', 'approve', 'approve', 'reject', 'approve'], 'approve', { membersTotal: 10 });
    expect(step(t, 'recordMeeting', six, actors.organ, T.meetingRecorded).state.stage).toBe('decided');
  });

  it('R-51: the quorum share is a policy (two thirds: 6 of 9 refused, 7 of 9 accepted)', () => {
    const t = submitted({}, resolvePolicy({ quorumShare: 2 / 3 }));
    expect(missingItems(refuse(t.state, 'recordMeeting', meeting(['approve', 'approve', 'approve', 'approve', 'approve'], 'approve', { membersTotal: 9 }), actors.organ, T.meetingRecorded))).toEqual(['discussion.quorum']);
    expect(step(t, 'recordMeeting', meeting(['approve', 'approve', 'approve', 'approve', 'approve', 'approve'], 'approve', { membersTotal: 9 }), actors.organ, T.meetingRecorded).state.stage).toBe('decided');
  });

  it('R-51: the discussion is at an executive or plenary meeting; other forms and impossible attendance are refused', () => {
    const t = submitted();
    expect(issuePaths(zodError(() => step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { meetingType: 'director_office_meeting' }), actors.organ, T.meetingRecorded)))).toEqual(['meetingType']);
    expect(issuePaths(zodError(() => step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { membersTotal: 2 }), actors.organ, T.meetingRecorded)))).toEqual(['attendees']);
    expect(step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { meetingType: 'plenary' }), actors.organ, T.meetingRecorded).state.discussion.meetings[0]?.meetingType).toBe('plenary');
  });

  it('R-51: only the decision organ records its meeting, and only for a submitted draft', () => {
    const t = submitted();
    expect(refuse(t.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.sponsor, T.meetingRecorded).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.otherOrgan, T.meetingRecorded).code).toBe('NOT_ALLOWED');
    expect(refuse(start().state, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.organ, T.meetingRecorded).code).toBe('INVALID_TRANSITION');
  });
});

describe('R-42 R-50 the meeting follows the submission', () => {
  it('R-42 R-50: a meeting record dated before the draft was submitted to discussion is refused', () => {
    const t = submitted(); // submitted Fri Apr 17 09:00
    const e = refuse(t.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { heldAt: bj('2026-04-16', '09:30') }), actors.organ, T.meetingRecorded);
    expect(e.missing).toEqual([expect.objectContaining({ item: 'discussion.heldAfterSubmission', ruleId: 'R-50', responsible: { role: 'decision_organ', unit: ORGAN } })]);
    expect(step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { heldAt: bj('2026-04-17', '15:00') }), actors.organ, T.meetingRecorded).state.stage).toBe('decided');
  });

  it('R-51: a meeting cannot be recorded before it is held', () => {
    const t = submitted();
    const e = refuse(t.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { heldAt: bj('2026-04-25', '09:30') }), actors.organ, bj('2026-04-24', '12:00'));
    expect(e.missing).toEqual([expect.objectContaining({ item: 'discussion.held', ruleId: 'R-51' })]);
  });
});

describe('R-52 members speak first, the head last; every opinion recorded', () => {
  it('R-52: a record where the head does not speak last is refused', () => {
    const m = meeting(['approve', 'approve', 'reject'], 'approve');
    const speeches = m.speeches as unknown[];
    const headFirst = { ...m, speeches: [speeches.at(-1), ...speeches.slice(0, -1)] };
    expect(issuePaths(zodError(() => step(submitted(), 'recordMeeting', headFirst, actors.organ, T.meetingRecorded)))).toContain('speeches');
  });

  it('R-52: exactly one head; no head or two heads is refused', () => {
    const m = meeting(['approve', 'approve'], 'approve');
    const speeches = m.speeches as { isHead: boolean }[];
    const noHead = { ...m, speeches: speeches.map((s) => ({ ...s, isHead: false })) };
    const twoHeads = { ...m, speeches: speeches.map((s) => ({ ...s, isHead: true })) };
    for (const bad of [noHead, twoHeads]) {
      expect(issuePaths(zodError(() => step(submitted(), 'recordMeeting', bad, actors.organ, T.meetingRecorded)))).toContain('speeches');
    }
  });

  it('R-52: every attendee\'s opinion is recorded: fewer speeches than attendees is refused', () => {
    const m = meeting(['approve', 'approve', 'reject'], 'approve', { attendees: 5, membersTotal: 6 });
    expect(issuePaths(zodError(() => step(submitted(), 'recordMeeting', m, actors.organ, T.meetingRecorded)))).toEqual(['speeches']);
  });

  it('R-52: opinions are kept as given and dissenters are named in the record', () => {
    const t = step(submitted(), 'recordMeeting', meeting(['approve', 'reject', 'approve', 'defer'], 'approve'), actors.organ, T.meetingRecorded);
    const rec = t.state.discussion.meetings[0];
    expect(rec?.speeches.map((s) => [s.personId, s.position, s.statement])).toEqual([
      ['m-1', 'approve', '我的意见是approve'],
      ['m-2', 'reject', '我的意见是reject'],
      ['m-3', 'approve', '我的意见是approve'],
      ['m-4', 'defer', '我的意见是defer'],
      ['head', 'approve', '决定approve'],
    ]);
    expect(rec?.dissenters).toEqual([
      { personId: 'm-2', name: '组成人员2', position: 'reject' },
      { personId: 'm-4', name: '组成人员4', position: 'defer' },
    ]);
    expect(rec).toMatchObject({ outcome: 'approve', actor: actors.organ, heldAt: T.meeting, minutes: doc('minutes-1'), draftVersion: 1 });
  });

  it('R-52: the decision is the head\'s: an outcome other than the head\'s position is refused', () => {
    const m = { ...meeting(['approve', 'approve'], 'approve'), outcome: 'reject', headReason: '理由' };
    expect(issuePaths(zodError(() => step(submitted(), 'recordMeeting', m, actors.organ, T.meetingRecorded)))).toEqual(['outcome']);
  });
});

describe('R-53 head against the majority states a reason', () => {
  it('R-53: the head deciding against the majority without a stated reason is refused', () => {
    const m = meeting(['approve', 'approve', 'approve', 'reject'], 'reject');
    expect(issuePaths(zodError(() => step(submitted(), 'recordMeeting', m, actors.organ, T.meetingRecorded)))).toEqual(['headReason']);
  });

  it('R-53: with the reason stated it is recorded, with the majority position and every dissenting member', () => {
    const m = meeting(['approve', 'approve', 'approve', 'reject'], 'reject', { headReason: '财政承受能力评估尚不充分' });
    const t = step(submitted(), 'recordMeeting', m, actors.organ, T.meetingRecorded);
    expect(t.state.stage).toBe('rejected');
    expect(t.state.discussion.meetings[0]).toMatchObject({
      outcome: 'reject',
      majorityPosition: 'approve',
      headReason: '财政承受能力评估尚不充分',
      dissenters: [
        { personId: 'm-1', name: '组成人员1', position: 'approve' },
        { personId: 'm-2', name: '组成人员2', position: 'approve' },
        { personId: 'm-3', name: '组成人员3', position: 'approve' },
      ],
    });
  });

  it('R-53: with no majority among the members (a tie) the head needs no reason', () => {
    const t = step(submitted(), 'recordMeeting', meeting(['approve', 'approve', 'reject', 'reject'], 'reject'), actors.organ, T.meetingRecorded);
    expect(t.state.discussion.meetings[0]).toMatchObject({ majorityPosition: 'none', outcome: 'reject' });
    expect(t.state.discussion.meetings[0]).not.toHaveProperty('headReason');
  });
});

describe('R-54 outcomes; a revised draft is a new version', () => {
  it.each([
    ['approve', 'decided'],
    ['reject', 'rejected'],
    ['revise', 'preparation'],
    ['defer', 'awaiting_discussion'],
  ] as const)('R-54: the outcome %s leaves the procedure %s', (outcome, stage) => {
    const t = step(submitted(), 'recordMeeting', meeting(['approve', outcome, outcome], outcome), actors.organ, T.meetingRecorded);
    expect(t.state.stage).toBe(stage);
  });

  it('R-54: a deferred item is discussed again at a later meeting, both meetings kept', () => {
    let t = step(submitted(), 'recordMeeting', meeting(['defer', 'defer'], 'defer'), actors.organ, T.meetingRecorded);
    t = step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { heldAt: bj('2026-05-08', '09:30') }), actors.organ, bj('2026-05-08', '12:00'));
    expect(t.state.discussion.meetings.map((m) => m.outcome)).toEqual(['defer', 'approve']);
    expect(t.state.stage).toBe('decided');
  });

  /** Revise at the Apr 24 meeting. */
  const revised = (): Trail => step(submitted(), 'recordMeeting', meeting(['revise', 'revise', 'approve'], 'revise'), actors.organ, T.meetingRecorded);

  it('R-54: revise-and-resubmit needs a new draft version before it can go back to discussion', () => {
    const t = revised();
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-24', '15:00'));
    expect(e.missing).toEqual([{ item: 'draft.revised', ruleId: 'R-54', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.any(String) }]);
  });

  it('R-54: the new version needs a new legality review, with its own 7 working days, before discussion', () => {
    let t = step(revised(), 'reviseDraft', { document: doc('draft-v2'), reason: '按会议意见增设过渡期' }, actors.sponsor, bj('2026-04-27'));
    expect(t.state.drafts.at(-1)).toMatchObject({ version: 2, document: doc('draft-v2'), reason: '按会议意见增设过渡期' });
    const e = refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-27', '15:00'));
    expect(e.missing).toEqual([
      expect.objectContaining({ item: 'legality.submission', ruleId: 'R-41', responsible: { role: 'sponsor', unit: SPONSOR } }),
      expect.objectContaining({ item: 'legality.opinion', ruleId: 'R-40', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.submission' }),
      expect.objectContaining({ item: 'legality.adoption', ruleId: 'R-47', responsible: { role: 'sponsor', unit: SPONSOR }, waitingOn: 'legality.opinion' }),
    ]);
    // The v1 opinion and adoption do not count for v2; the office reviews v2 from Tue Apr 28:
    // Apr 29 (1), Apr 30 (2), May 1–5 off, May 6, 7, 8 (3–5), Sat May 9 adjusted working day (6), Mon May 11 (7).
    t = reviewLegality(t, { submit: bj('2026-04-28', '09:00'), adviser: bj('2026-04-29'), opinion: bj('2026-04-30'), adoption: bj('2026-05-06') });
    expect(t.state.legality.opinion?.draftVersion).toBe(2);
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-05-11', '17:00')))).toEqual(['legality.reviewTime']);
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, bj('2026-05-12', '09:00'));
    t = step(t, 'recordMeeting', meeting(['approve', 'approve', 'approve'], 'approve', { heldAt: bj('2026-05-15', '09:30'), minutes: doc('minutes-2') }), actors.organ, bj('2026-05-15', '12:00'));
    expect(t.state.discussion.meetings.map((m) => [m.outcome, m.draftVersion])).toEqual([['revise', 1], ['approve', 2]]);
    expect(t.state.stage).toBe('decided');
  });

  it('R-54: an adoption record made for the old draft does not count for the new one', () => {
    let t = step(revised(), 'reviseDraft', { document: doc('draft-v2'), reason: '修改' }, actors.sponsor, bj('2026-04-27'));
    t = step(t, 'submitLegalityReview', { legalBasis: '同前', procedureAccount: '同前' }, actors.sponsor, bj('2026-04-28', '09:00'));
    t = step(t, 'submitLegalAdviserOpinion', { adviser: '孙律师', document: doc('adviser-v2') }, actors.adviser, bj('2026-04-29'));
    t = step(t, 'giveLegalityOpinion', { outcome: 'lawful', authority: 'a', procedure: 'p', substance: 's', document: doc('opinion-v2') }, actors.office, bj('2026-04-30'));
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-05-12', '09:00')))).toEqual(['legality.adoption']);
  });

  it('R-54: other steps are redone for the new version only where the policy says so; legality review always', () => {
    const policy = resolvePolicy({ redoOnNewDraft: ['publicParticipation'] });
    expect(policy.redoOnNewDraft).toEqual(['legalityReview', 'publicParticipation']);
    expect(resolvePolicy({ redoOnNewDraft: [] }).redoOnNewDraft).toEqual(['legalityReview']);
    let t = step(submitted({}, policy), 'recordMeeting', meeting(['revise', 'revise'], 'revise'), actors.organ, T.meetingRecorded);
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '修改' }, actors.sponsor, bj('2026-04-27'));
    expect(missingItems(refuse(t.state, 'submitToDiscussion', {}, actors.sponsor, bj('2026-04-28')))).toEqual(['participation.period', 'participation.closed', 'participation.adoptionReport', 'legality.submission', 'legality.opinion', 'legality.adoption']);
    // A new comment period may be opened for the new version.
    t = step(t, 'openCommentPeriod', { explanation: doc('explanation-v2'), channels: ['网站'], days: 30 }, actors.sponsor, bj('2026-04-28'));
    expect(t.state.participation.period).toMatchObject({ draftVersion: 2, lastDay: '2026-05-28' });
  });

  it('R-54: revising the draft while it is with the office voids that submission', () => {
    let t = participate(start());
    t = step(t, 'submitLegalityReview', { legalBasis: 'x', procedureAccount: 'y' }, actors.sponsor, T.submitLegality);
    t = step(t, 'reviseDraft', { document: doc('draft-v2'), reason: '修改' }, actors.sponsor, bj('2026-04-08'));
    expect(t.state.stage).toBe('preparation');
    expect(() => check('giveLegalityOpinion', t.state, { outcome: 'lawful', authority: 'a', procedure: 'p', substance: 's', document: doc('o') }, ctx(actors.office, bj('2026-04-09'))))
      .toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});
