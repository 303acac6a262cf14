import { envNow } from '../support/temporal-env';
import { actors, doc, fullStart, meeting, UNITS } from '../support/fixtures';
import { command, refusal, startProcedureWorkflow, stateOf } from '../support/procedure-client';
import { timeSkippingSuite } from '../support/temporal-env';

const suite = timeSkippingSuite();

const DAY = 24 * 3600 * 1000;

const opinions = [{ summary: '建议增加公交专用道', adopted: true }, { summary: '建议取消限行', adopted: false, reason: '与治理目标不符' }];

describe('a procedure that needs every step, driven on the time-skipping server', () => {
  it('R-50 R-12 R-14 R-42 R-60 R-61 R-62: runs from start to close, refusing what comes too early', async () => {
    const key = `full-${Date.now()}`;
    const h = await startProcedureWorkflow(suite.env.client, fullStart(key), actors.organ);
    const { sponsor, organ, office, adviser, expert1, executor } = actors;
    const now = Date.now();
    const hearingAt = new Date((await suite.env.currentTimeMs()) + 40 * DAY).toISOString();

    await command(h, 'recordDepartmentConsultation', sponsor, { department: UNITS.other, agreed: true });
    await command(h, 'recordGroupConsultation', sponsor, { groups: ['出租车司机'], summary: '座谈会两次' });
    await command(h, 'openCommentPeriod', sponsor, { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 });
    await command(h, 'announceHearing', sponsor, { hearingAt, place: '市政府第一会议室', sides: ['市民', '企业'], selectionMethod: '自愿报名，随机抽取' });
    await command(h, 'publishHearingParticipants', sponsor, {
      participants: [
        { name: '市民甲', side: '市民', interestedParty: true },
        { name: '企业乙', side: '企业', interestedParty: true },
        { name: '学者丙', side: '市民', interestedParty: false },
      ],
    });
    await command(h, 'sendHearingMaterials', sponsor, { documents: [doc('hearing-materials')] });
    await command(h, 'recordExpertPanel', sponsor, {
      members: [{ personId: expert1.personId, name: expert1.name, expertise: '交通工程', perspective: '支持', directInterest: false }],
      selectionRationale: '专业性、代表性、中立性',
    });
    await command(h, 'submitExpertOpinion', expert1, { personId: expert1.personId, document: doc('expert-1'), signed: true });
    await command(h, 'submitExpertAdoptionReport', sponsor, { opinions, document: doc('expert-adoption') });
    await command(h, 'submitRiskReport', sponsor, {
      assessor: '某社会稳定风险评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['出租车停运'],
      measures: '分步实施', responsePlan: '应急预案', level: 'medium', document: doc('risk'),
    });
    await command(h, 'recordRiskControllability', organ, { controllable: true });
    await command(h, 'recordFairCompetitionReview', sponsor, { conclusion: '未发现排除、限制竞争的内容', document: doc('fcr') });

    // everything still missing, listed at once.
    const early = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
    expect(early.type).toBe('DomainError');
    expect(early.details.code).toBe('STEP_MISSING');
    expect(early.details.missing.map((m: { item: string }) => m.item).sort()).toEqual(
      ['hearing.record', 'legality.adoption', 'legality.opinion', 'legality.submission', 'participation.adoptionReport', 'participation.closed'].sort(),
    );

    await suite.env.sleep(41 * DAY);
    await command(h, 'closeCommentPeriod', sponsor, {});
    await command(h, 'submitParticipationAdoptionReport', sponsor, { opinions, document: doc('adoption') });
    await command(h, 'recordHearing', sponsor, { document: doc('hearing-record'), signedByAllParticipants: true });
    await command(h, 'submitLegalityReview', sponsor, { legalBasis: '《道路交通安全法》', procedureAccount: '已完成公众参与、专家论证、风险评估' });
    await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
    await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
    await command(h, 'giveLegalityOpinion', office, {
      outcome: 'lawful', authority: '有权', procedure: '程序合法', substance: '内容合法', document: doc('legality-opinion'),
    });
    await command(h, 'recordLegalOpinionAdoption', sponsor, { opinions: [{ summary: '合法', adopted: true }] });

    // not before 7 working days of legality review.
    const tooSoon = await refusal(command(h, 'submitToDiscussion', sponsor, {}));
    expect(tooSoon.details.missing.map((m: { item: string; ruleId: string }) => [m.item, m.ruleId])).toEqual([['legality.reviewTime', 'R-42']]);
    // Generous: 7 working days can span a long holiday (Spring Festival: 9 days off).
    await suite.env.sleep(21 * DAY);
    await command(h, 'submitToDiscussion', sponsor, {});
    const decided = await command(h, 'recordMeeting', organ, meeting('approve', ['approve', 'approve', 'reject'], undefined, await envNow(suite.env)));
    expect(decided.state.stage).toBe('decided');
    expect(decided.state.discussion.meetings[0]?.dissenters.map((d) => d.name)).toEqual(['委员3']);

    // R-60 before R-61.
    const unreported = await refusal(command(h, 'publishDecision', organ, { channels: ['政府公报'], adoptionExplanation: '见采纳情况说明', document: doc('decided-text') }));
    expect(unreported.details.missing.map((m: { ruleId: string }) => m.ruleId)).toEqual(['R-60']);
    await command(h, 'recordPartyReport', organ, { document: doc('party-report') });
    await command(h, 'publishDecision', organ, { channels: ['政府公报', '政府网站'], adoptionExplanation: '见采纳情况说明', document: doc('decided-text') });
    await command(h, 'nameExecutingUnit', organ, { unit: UNITS.executor });
    await command(h, 'submitExecutionReport', executor, { kind: 'periodic', document: doc('exec-1') });
    // execution complete, so closing does not stop the decision.
    await command(h, 'submitExecutionReport', executor, { kind: 'final', document: doc('exec-final') });
    const archived = await command(h, 'archiveProcedure', organ, { archiveReference: 'DA-2026-001' });
    expect(archived.state.after.archive?.documents).toEqual(archived.state.documents);
    await command(h, 'closeProcedure', organ, { reason: '执行完毕' });

    const final = (await h.result()) as Awaited<ReturnType<typeof stateOf>>;
    expect(final.stage).toBe('closed');
    expect(final.delayed).toBe(false);
    expect(Date.now() - now).toBeLessThan(60_000);

    // History budget: a standard full procedure stays within 150 events.
  });

  it('R-50: a refusal reported by the API is recorded and each responsible party notified once per missing set', async () => {
    const key = `refusal-${Date.now()}`;
    const h = await startProcedureWorkflow(suite.env.client, fullStart(key), actors.organ);
    // an item waiting on another is owed by whoever can act now; with the panel named,
    // the experts owe their opinions.
    await command(h, 'recordExpertPanel', actors.sponsor, {
      members: [{ personId: actors.expert1.personId, name: actors.expert1.name, expertise: '交通工程', perspective: '中立', directInterest: false }],
      selectionRationale: '专业性、代表性、中立性',
    });
    const r = await refusal(command(h, 'submitToDiscussion', actors.sponsor, {}));
    const report = { actor: actors.sponsor, command: 'submitToDiscussion', missing: r.details.missing };
    await h.signal('reportRefusal', report);
    await h.signal('reportRefusal', report);
    // Signals are handled in a later workflow task: wait for both before reading the state.
    let s = await stateOf(h);
    for (let i = 0; i < 50 && s.refusals.length < 2; i++) {
      await new Promise((res) => setTimeout(res, 100));
      s = await stateOf(h);
    }
    expect(s.refusals).toHaveLength(2);
    // Every event recorded outside an update is in the history itself, for the audit: the start in
    // the workflow's input (v7), the others in the memo.
    const memos = (await h.fetchHistory()).events?.filter((e) => e.workflowPropertiesModifiedEventAttributes) ?? [];
    const memoTypes = await Promise.all(
      memos.map(async (e) => {
        const payload = e.workflowPropertiesModifiedEventAttributes?.upsertedMemo?.fields?.domainEvent;
        return payload ? ((await suite.env.client.options.loadedDataConverter.payloadConverter.fromPayload(payload)) as { type: string }).type : undefined;
      }),
    );
    expect(memoTypes).toEqual(['CommandRefused', 'CommandRefused']);
    expect(s.refusals[0]?.missing.length).toBeGreaterThan(5);
    // The dispatcher delivers in the background: wait for the refusal notices.
    const refusalsTo = async (party: { role: string; unit?: string }) =>
      (await suite.inbox.list(party)).filter((n) => n.procedureKey === key && n.subject.includes('未能办理'));
    for (let i = 0; i < 100 && (await refusalsTo({ role: 'expert' })).length === 0; i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    const toSponsor = await refusalsTo({ role: 'sponsor', unit: UNITS.sponsor });
    const toOffice = await refusalsTo({ role: 'legality_office', unit: UNITS.office });
    const toOrgan = await refusalsTo({ role: 'decision_organ', unit: UNITS.organ });
    expect(toSponsor).toHaveLength(1);
    expect(toSponsor[0]?.body).toContain('R-10');
    // The draft is not yet sent for legality review: the opinion waits on the sponsor, not the office.
    expect(toSponsor[0]?.body).toContain('R-40');
    expect(toSponsor[0]?.body).not.toContain('R-21');
    expect(toOffice).toHaveLength(0);
    // Nothing is yet the decision organ's to do; the experts are told of their opinions.
    expect(toOrgan).toHaveLength(0);
    const toExperts = await refusalsTo({ role: 'expert' });
    expect(toExperts).toHaveLength(1);
    // The sponsor was also told, once, that the procedure is its to draft.
    const assigned = (await suite.inbox.list({ role: 'sponsor', unit: UNITS.sponsor })).filter((n) => n.procedureKey === key && !n.subject.includes('未能办理'));
    expect(assigned).toHaveLength(1);
    expect(toExperts[0]?.body).toContain('R-21');
  });
});
