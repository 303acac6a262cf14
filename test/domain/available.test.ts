import { availableCommands, awaitedFrom, defaultCalendar, type Actor, type AvailableCommand } from '../../domain';
import { EXECUTOR, OFFICE, ORGAN, SPONSOR, T, actors, bj, doc, meeting, participate, reviewLegality, start, step, type Trail } from './builders';

/*
 * What a person may do now in a procedure, and what the procedure waits for from a party: the
 * web application's buttons, their "conditions", and the inbox's awaited items — decided
 * in the domain, by the same rules `check` applies.
 */
const at = (now: string) => ({ now, calendar: defaultCalendar });
const names = (t: Trail, who: Actor, now: string) => availableCommands(t.state, who, at(now)).map((c) => c.name);
const one = (t: Trail, who: Actor, name: string, now: string): AvailableCommand | undefined =>
  availableCommands(t.state, who, at(now)).find((c) => c.name === name);

describe('availableCommands: the commands a person may take now', () => {
  it('docs/rules.md §1: by role and unit — another department\'s sponsor, the organ and an auditor get none of the sponsor\'s', () => {
    const t = start();
    const sponsor = names(t, actors.sponsor, T.open);
    expect(sponsor).toEqual(expect.arrayContaining(['openCommentPeriod', 'submitLegalityReview', 'submitToDiscussion', 'reviseDraft', 'recordExpertPanel']));
    expect(sponsor).not.toContain('recordRiskControllability');
    expect(names(t, actors.otherSponsor, T.open)).toEqual([]);
    expect(names(t, actors.organ, T.open)).toEqual(expect.arrayContaining(['amendRequirements', 'recordRiskControllability']));
    expect(names(t, actors.organ, T.open)).not.toContain('openCommentPeriod');
    expect(names(t, actors.otherOrgan, T.open)).toEqual([]);
    expect(names(t, actors.auditor, T.open)).toEqual([]);
  });

  it('R-50: submitting to discussion is offered with every missing step, as the refusal would list them', () => {
    const t = start();
    const submit = one(t, actors.sponsor, 'submitToDiscussion', T.open);
    expect(submit).toMatchObject({ title: '提请集体讨论', rules: expect.arrayContaining(['R-50']) });
    expect(submit?.blockedBy.map((m) => m.item)).toEqual(['participation.period', 'participation.closed', 'participation.adoptionReport', 'legality.submission', 'legality.opinion', 'legality.adoption']);
    expect(submit?.blockedBy[0]?.message).toMatch(/^尚未公开征求意见 \/ /);
    // Once every step is done (and R-42's review time has run), nothing blocks it.
    const done = reviewLegality(participate(start()));
    expect(one(done, actors.sponsor, 'submitToDiscussion', T.discussion)?.blockedBy).toEqual([]);
  });

  it('stages: a command outside its stages is not offered; a closed procedure offers nothing', () => {
    let t = reviewLegality(participate(start()));
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    expect(names(t, actors.sponsor, T.meeting)).not.toContain('submitToDiscussion');
    expect(names(t, actors.organ, T.meeting)).toEqual(expect.arrayContaining(['scheduleMeeting', 'recordMeeting']));
    expect(names(t, actors.organ, T.meeting)).not.toContain('publishDecision');
    t = step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.organ, T.meetingRecorded);
    expect(names(t, actors.organ, T.partyReport)).toEqual(expect.arrayContaining(['publishDecision', 'recordPartyReport']));
    expect(availableCommands({ ...t.state, stage: 'closed' }, actors.organ, at(T.publish))).toEqual([]);
  });

  it('R-60 R-61: the gate is previewed with the schema\'s empty payload — publication lists the Party committee report first', () => {
    let t = reviewLegality(participate(start()));
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    t = step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.organ, T.meetingRecorded);
    const publish = one(t, actors.organ, 'publishDecision', T.partyReport);
    expect(publish?.blockedBy.map((m) => m.item)).toEqual(expect.arrayContaining(['after.partyReport', 'after.decidedText']));
  });

  it('R-03: a launch request offers the organ its approval or refusal and nobody anything else', () => {
    const t = start({ catalog: { outsideReason: '年度目录编制后新增的事项' } }, { actor: actors.sponsor });
    expect(t.state.stage).toBe('launch_requested');
    expect(names(t, actors.organ, T.open)).toEqual(['approveLaunch', 'refuseLaunch']);
    expect(names(t, actors.sponsor, T.open)).toEqual([]);
  });

  it('R-20 R-21 R-43 R-65: who among the role\'s holders — the panel\'s experts, the engaged advisers, the organ\'s head', () => {
    let t = start({ attributes: { highlySpecialised: true } });
    expect(names(t, actors.expert, T.open)).toEqual([]);
    t = step(t, 'recordExpertPanel', {
      members: [{ personId: actors.expert.personId, name: actors.expert.name, expertise: '交通工程', perspective: '中立', directInterest: false }],
      selectionRationale: '专业性',
    }, actors.sponsor, T.open);
    // The panel's expert is offered their opinion; the form is not filled in, so nothing blocks it yet.
    expect(one(t, actors.expert, 'submitExpertOpinion', T.open)).toMatchObject({ blockedBy: [] });
    expect(names(t, { ...actors.expert, personId: 'e-not-on-panel' }, T.open)).toEqual([]);
    // The sponsor files signed paper opinions (admits reads the payload: offered, decided on sending).
    expect(names(t, actors.sponsor, T.open)).toContain('submitExpertOpinion');
    t = step(t, 'submitLegalityReview', { legalBasis: '依据', procedureAccount: '已履行程序' }, actors.sponsor, T.submitLegality);
    expect(names(t, actors.adviser, T.adviser)).toEqual([]);
    t = step(t, 'engageLegalAdvisers', { advisers: [{ personId: actors.adviser.personId, name: actors.adviser.name }] }, actors.office, T.adviser);
    expect(names(t, actors.adviser, T.adviser)).toEqual(['submitLegalAdviserOpinion']);
    // only the head suspends execution.
    const executing = { ...t.state, stage: 'executing' as const };
    expect(availableCommands(executing, actors.head, at(T.publish)).map((c) => c.name)).toContain('suspendExecution');
    expect(availableCommands(executing, actors.organ, at(T.publish)).map((c) => c.name)).not.toContain('suspendExecution');
  });
});

describe('awaitedFrom: what the procedure waits for from a party (the inbox)', () => {
  const sponsor = { role: 'sponsor' as const, unit: SPONSOR };
  const office = { role: 'legality_office' as const, unit: OFFICE };
  const organ = { role: 'decision_organ' as const, unit: ORGAN };

  it('R-50: the steps the sponsor owes and can take now, not those that wait on them', () => {
    const t = start();
    const items = awaitedFrom(t.state, sponsor, at(T.open));
    expect(items.map((i) => [i.item, i.ruleId])).toEqual([
      ['participation.period', 'R-10'],
      ['legality.submission', 'R-41'],
    ]);
    expect(items[0]?.message).toBe('尚未公开征求意见 / the draft has not been opened for public comment');
    // Another unit, or another role, is owed nothing of it.
    expect(awaitedFrom(t.state, { ...sponsor, unit: '江城市财政局' }, at(T.open))).toEqual([]);
    expect(awaitedFrom(t.state, office, at(T.open))).toEqual([]);
  });

  it('R-48: under review the office owes its opinion, by the reply date', () => {
    let t = participate(start());
    t = step(t, 'submitLegalityReview', { legalBasis: '依据', procedureAccount: '已履行程序' }, actors.sponsor, T.submitLegality);
    const items = awaitedFrom(t.state, office, at(T.adviser));
    expect(items).toEqual([{ item: 'legality.opinion', ruleId: 'R-40', message: expect.stringContaining(' / '), dueAt: t.state.legality.officeDueAt }]);
    expect(items[0]?.dueAt).toBeDefined();
  });

  it('R-41: returned for supplement, the sponsor owes the resubmission by the supplement date', () => {
    let t = participate(start());
    t = step(t, 'submitLegalityReview', { legalBasis: '依据', procedureAccount: '已履行程序' }, actors.sponsor, T.submitLegality);
    t = step(t, 'returnForSupplement', { missingItems: ['风险评估报告'] }, actors.office, T.adviser);
    const items = awaitedFrom(t.state, sponsor, at(T.opinion));
    expect(items.find((i) => i.item === 'legality.submission')).toMatchObject({ ruleId: 'R-41', dueAt: t.state.legality.supplementDueAt });
  });

  it('R-50 R-51 R-66 R-61 R-63: once nothing is missing, the stage\'s next step, with the organ\'s decision date', () => {
    let t = reviewLegality(participate(start()));
    expect(awaitedFrom(t.state, sponsor, at(T.discussion)).map((i) => i.item)).toEqual(['discussion.submission']);
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    const organItems = awaitedFrom(t.state, organ, at(T.meeting));
    expect(organItems.map((i) => i.item)).toEqual(['discussion.meeting', 'decision.delayed']);
    expect(organItems[1]).toMatchObject({ ruleId: 'R-66', message: expect.stringMatching(/^作出决定/), dueAt: expect.any(String) });
    t = step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.organ, T.meetingRecorded);
    expect(awaitedFrom(t.state, organ, at(T.partyReport)).map((i) => i.item)).toEqual(['after.partyReport']);
    t = step(t, 'recordPartyReport', { document: doc('party') }, actors.organ, T.partyReport);
    expect(awaitedFrom(t.state, organ, at(T.publish)).map((i) => i.item)).toEqual(['decision.publication']);
    t = step(t, 'publishDecision', { channels: ['政府公报'], adoptionExplanation: '说明', document: doc('decided') }, actors.organ, T.publish);
    expect(awaitedFrom(t.state, organ, at(T.executingUnit)).map((i) => i.item)).toEqual(['execution.unit']);
    t = step(t, 'nameExecutingUnit', { unit: EXECUTOR }, actors.organ, T.executingUnit);
    expect(awaitedFrom(t.state, { role: 'executing_unit', unit: EXECUTOR }, at(T.archive))).toEqual([
      { item: 'execution.report', ruleId: 'R-63', message: '报告决策执行情况 / reporting on execution', ...(t.state.after.executionReportDue ? { dueAt: t.state.after.executionReportDue.endsAt } : {}) },
    ]);
    expect(awaitedFrom(t.state, organ, at(bj('2026-05-06')))).toEqual([]);
  });

  it('R-03: a launch request waits for the organ\'s approval', () => {
    const t = start({ catalog: { outsideReason: '年度目录编制后新增的事项' } }, { actor: actors.sponsor });
    expect(awaitedFrom(t.state, organ, at(T.open)).map((i) => [i.item, i.ruleId])).toEqual([['launch.approval', 'R-03']]);
    expect(awaitedFrom(t.state, sponsor, at(T.open))).toEqual([]);
  });
});
