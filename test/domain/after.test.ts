import {
  WorkingCalendar,
  apply,
  calendarData,
  defaultCalendar,
  delayedDecisionAt,
  loadSchedule,
  dueItems,
  fold,
  resolvePolicy,
  startProcedure,
  type JurisdictionPolicy,
  startProcedureSchema,
  type DomainEvent,
  type ProcedureState,
  publicProcedureView,
} from '../../domain';
import {
  EVALUATOR,
  EXECUTOR,
  ORGAN,
  SPONSOR,
  START_AT,
  T,
  actors,
  bj,
  ctx,
  decided,
  doc,
  domainError,
  executing,
  issuePaths,
  meeting,
  missingItems,
  opinion,
  refuse,
  reviewLegality,
  run,
  start,
  startPayload,
  step,
  submitted,
  zodError,
  type Prepare,
  type Trail,
} from './builders';

const CHANNELS = { channels: ['江城市人民政府公报', '江城市人民政府网站', '江城日报'], document: doc('decision-final') };
/** a meeting during execution decides to stop the decision. */
const STOP_AT = bj('2026-12-28', '09:30');
const stopMeeting = (heldAt = STOP_AT) => meeting(['stop', 'stop'], 'stop', { heldAt, minutes: doc('minutes-stop') });
const stopped = (t: Trail) => step(t, 'recordMeeting', stopMeeting(), actors.organ, bj('2026-12-28', '12:00'));
const partyReported = (t: Trail) => step(t, 'recordPartyReport', { document: doc('party-report') }, actors.organ, T.partyReport);

/** Expert review by a professional body and a third-party risk assessment, for items that need them. */
const expertAndRisk: Prepare = (t) => {
  const sp = actors.sponsor;
  t = step(t, 'recordExpertPanel', {
    members: [{ personId: 'e-3', name: '江城交通规划设计院', body: '江城交通规划设计院', expertise: '停车规划', perspective: '中立', directInterest: false }],
    selectionRationale: '专业机构',
  }, sp, bj('2026-03-03'));
  t = step(t, 'submitExpertOpinion', { personId: 'e-3', document: doc('expert-opinion'), signed: true, stamped: true, filedOnPaper: true }, sp, bj('2026-03-10'));
  t = step(t, 'submitExpertAdoptionReport', { opinions: [opinion('分时段收费')], document: doc('expert-adoption') }, sp, bj('2026-03-12'));
  t = step(t, 'submitRiskReport', {
    assessor: '江城社会风险评估中心', thirdParty: true, departmentsHeard: ['江城市信访局'], riskPoints: ['负担加重'],
    measures: '过渡期', responsePlan: '投诉专线', level: 'low', document: doc('risk-report'),
  }, sp, bj('2026-03-20'));
  return step(t, 'recordRiskControllability', { controllable: true }, actors.organ, bj('2026-03-21'));
};

describe('R-60 Party committee and people\'s congress reports', () => {
  it('R-60: the decision is not published before the Party committee report', () => {
    const t = decided();
    const e = refuse(t.state, 'publishDecision', CHANNELS, actors.organ, T.publish);
    expect(e.missing).toEqual([{ item: 'after.partyReport', ruleId: 'R-60', responsible: { role: 'decision_organ', unit: ORGAN }, message: expect.any(String) }]);
    const reported = partyReported(t);
    expect(reported.state.after.partyReport).toMatchObject({ document: doc('party-report'), actor: actors.organ, at: T.partyReport });
    expect(step(reported, 'publishDecision', CHANNELS, actors.organ, T.publish).state.stage).toBe('published');
  });

  it('R-60: an item in the people\'s congress remit also needs the congress report', () => {
    const t = partyReported(decided({ attributes: { peoplesCongressRemit: true } }));
    expect(missingItems(refuse(t.state, 'publishDecision', CHANNELS, actors.organ, T.publish))).toEqual(['after.congressReport']);
    const r = step(t, 'recordPeoplesCongressReport', { document: doc('congress-report') }, actors.organ, bj('2026-04-27', '15:00'));
    expect(step(r, 'publishDecision', CHANNELS, actors.organ, T.publish).state.stage).toBe('published');
  });

  it('R-60: the reports come after the decision and are the decision organ\'s', () => {
    expect(refuse(submitted().state, 'recordPartyReport', { document: doc('p') }, actors.organ, T.partyReport).code).toBe('INVALID_TRANSITION');
    expect(refuse(decided().state, 'recordPartyReport', { document: doc('p') }, actors.sponsor, T.partyReport).code).toBe('NOT_ALLOWED');
  });
});

describe('R-61 publication', () => {
  it('R-61: publication names its channels; every missing item is listed at once', () => {
    const e = refuse(decided().state, 'publishDecision', { channels: [] }, actors.organ, T.publish);
    expect(missingItems(e)).toEqual(['after.partyReport', 'after.channels', 'after.decidedText']);
    expect([...e.ruleIds].sort()).toEqual(['R-60', 'R-61']);
  });

  it('R-61: an item of wide concern is published with the adoption of public and expert opinions explained', () => {
    const t = partyReported(decided({ attributes: { wideConcern: true } }));
    expect(missingItems(refuse(t.state, 'publishDecision', CHANNELS, actors.organ, T.publish))).toEqual(['after.adoptionExplanation']);
    const p = step(t, 'publishDecision', { ...CHANNELS, adoptionExplanation: '采纳公众意见12条，未采纳3条并说明理由' }, actors.organ, T.publish);
    expect(p.state.after.publication).toMatchObject({ ...CHANNELS, adoptionExplanation: '采纳公众意见12条，未采纳3条并说明理由', actor: actors.organ, at: T.publish });
  });

  it('R-61: publication carries the decided text, not the draft, and the public view shows that text', () => {
    const t = partyReported(decided());
    const e = refuse(t.state, 'publishDecision', { channels: CHANNELS.channels }, actors.organ, T.publish);
    expect(e.missing).toEqual([{ item: 'after.decidedText', ruleId: 'R-61', responsible: { role: 'decision_organ', unit: ORGAN }, message: expect.any(String) }]);
    const p = step(t, 'publishDecision', CHANNELS, actors.organ, T.publish);
    expect(p.state.after.publication?.document).toEqual(doc('decision-final'));
    expect(publicProcedureView(p.state).publication?.document).toEqual(doc('decision-final'));
  });

  it('R-61: a highly specialised or technical item is also published with the adoption of opinions explained', () => {
    const t = partyReported(decided({ attributes: { highlySpecialised: true, stabilityRisk: true } }, expertAndRisk));
    expect(missingItems(refuse(t.state, 'publishDecision', CHANNELS, actors.organ, T.publish))).toEqual(['after.adoptionExplanation']);
    const p = step(t, 'publishDecision', { ...CHANNELS, adoptionExplanation: '专家论证意见5条，采纳4条' }, actors.organ, T.publish);
    expect(p.state.stage).toBe('published');
  });

  it('R-61: an item not to be disclosed by law is exempt, with the legal ground recorded', () => {
    const ground = '《保守国家秘密法》第九条';
    let t = start({ attributes: { nonDisclosable: true, nonDisclosableGround: ground } });
    t = reviewLegality(t);
    t = step(t, 'submitToDiscussion', {}, actors.sponsor, T.discussion);
    t = partyReported(step(t, 'recordMeeting', meeting(['approve', 'approve'], 'approve'), actors.organ, T.meetingRecorded));
    expect(missingItems(refuse(t.state, 'publishDecision', {}, actors.organ, T.publish))).toEqual(['after.exemptGround', 'after.decidedText']);
    const p = step(t, 'publishDecision', { exemptGround: ground, document: doc('decision-final') }, actors.organ, T.publish);
    expect(p.state.after.publication).toMatchObject({ channels: [], exemptGround: ground });
    expect(p.state.stage).toBe('published');
  });
});

describe('R-62 archiving', () => {
  it('R-62: the archive lists every document the procedure referenced, each once, in order', () => {
    const t = step(executing(), 'archiveProcedure', { archiveReference: 'JC-DA-2026-0007' }, actors.organ, T.archive);
    const expected = [
      'draft-v1', 'explanation-v1', 'participation-adoption-v1', 'legality-submission-v1',
      'adviser-opinion-v1', 'legality-opinion-v1', 'minutes-1', 'party-report', 'decision-final',
    ].map(doc);
    expect(t.state.after.archive?.documents).toEqual(expected);
    expect(t.events.at(-1)).toMatchObject({ type: 'ProcedureArchived', actor: actors.organ, data: { archiveReference: 'JC-DA-2026-0007', documents: expected } });
  });

  it('R-62: every archived document\'s hash is in the history before the archive', () => {
    const t = step(executing({ attributes: { highlySpecialised: true, stabilityRisk: true } }, expertAndRisk), 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, T.archive);
    const history = JSON.stringify(t.events.slice(0, -1));
    const archived = t.state.after.archive?.documents ?? [];
    expect(archived.map((d) => d.name)).toEqual(expect.arrayContaining(['expert-opinion.pdf', 'expert-adoption.pdf', 'risk-report.pdf', 'minutes-1.pdf']));
    for (const d of archived) expect(history).toContain(d.sha256);
  });

  it('R-62: a procedure is archived once, and closed only after it is archived', () => {
    const t = stopped(executing());
    expect(missingItems(refuse(t.state, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-12-31')))).toEqual(['after.archive']);
    const a = step(t, 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, bj('2026-12-29'));
    expect(missingItems(refuse(a.state, 'archiveProcedure', { archiveReference: 'A-2' }, actors.organ, bj('2026-05-06')))).toEqual(['after.notArchived']);
    expect(step(a, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-12-31')).state.stage).toBe('closed');
  });

  it('R-62: reports that come after the archive are filed by a later filing before the procedure closes', () => {
    let t = step(executing(), 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, T.archive);
    t = step(t, 'submitExecutionReport', { kind: 'periodic', document: doc('exec-report-1') }, actors.executor, bj('2026-06-30'));
    t = stopped(t);
    const e = refuse(t.state, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-12-31'));
    expect(e.missing).toEqual([expect.objectContaining({ item: 'after.archiveComplete', ruleId: 'R-62', message: expect.stringContaining('exec-report-1.pdf') })]);
    t = step(t, 'archiveProcedure', { archiveReference: 'A-1-补充' }, actors.organ, bj('2026-12-30'));
    expect(t.state.after.archive?.documents).toContainEqual(doc('exec-report-1'));
    expect(step(t, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-12-31')).state.stage).toBe('closed');
  });

  it('R-62: a rejected item is archived and closed too', () => {
    let t = step(submitted(), 'recordMeeting', meeting(['reject', 'reject'], 'reject'), actors.organ, T.meetingRecorded);
    t = step(t, 'archiveProcedure', { archiveReference: 'A-9' }, actors.organ, T.archive);
    expect(t.state.after.archive?.documents).toContainEqual(doc('minutes-1'));
    expect(step(t, 'closeProcedure', { reason: '决定不予出台' }, actors.organ, bj('2026-05-06')).state.stage).toBe('closed');
  });
});

describe('R-63 execution and reports', () => {
  it('R-63: the executing unit is named after publication', () => {
    expect(refuse(partyReported(decided()).state, 'nameExecutingUnit', { unit: EXECUTOR }, actors.organ, T.executingUnit).code).toBe('INVALID_TRANSITION');
    const t = executing();
    expect(t.state.stage).toBe('executing');
    expect(t.state.after.executingUnit).toMatchObject({ unit: EXECUTOR, actor: actors.organ });
  });

  it('R-63: the named unit reports periodically and at once on problems, major changes or force majeure', () => {
    let t = executing();
    const kinds = ['periodic', 'problem', 'major_change', 'force_majeure', 'final'] as const;
    kinds.forEach((kind, i) => {
      t = step(t, 'submitExecutionReport', { kind, document: doc(`execution-${kind}`) }, actors.executor, bj(`2026-06-0${i + 1}`));
    });
    expect(t.state.after.executionReports.map((r) => [r.kind, r.actor.unit])).toEqual(kinds.map((k) => [k, EXECUTOR]));
    expect(issuePaths(zodError(() => step(t, 'submitExecutionReport', { kind: 'rumour', document: doc('x') }, actors.executor, bj('2026-06-10'))))).toEqual(['kind']);
  });

  it('R-63 R-06: the next periodic report is due as an R-06 period: a last day in a holiday moves to the next working day', () => {
    // Named Wed 2026-04-29 + 155 days = Thu 2026-10-01, inside the National Day holiday (Oct 1–7): Thu Oct 8.
    const t = executing({}, undefined, resolvePolicy({ executionReportEveryDays: 155 }));
    expect(t.state.after.executionReportDue).toEqual({ lastDay: '2026-10-08', endsAt: '2026-10-08T16:00:00.000Z', provisional: false });
    expect(dueItems(t.state)).toContainEqual({ item: 'execution.report', ruleId: 'R-63', dueAt: '2026-10-08T16:00:00.000Z', party: { role: 'executing_unit', unit: EXECUTOR }, duty: true });
    // A problem report does not restart the count; a periodic one does.
    const problem = step(t, 'submitExecutionReport', { kind: 'problem', document: doc('execution-problem') }, actors.executor, bj('2026-06-01'));
    expect(problem.state.after.executionReportDue?.lastDay).toBe('2026-10-08');
  });

  it('R-63 R-06: a report date in a year whose schedule is not loaded (2027) is provisional, and recomputed when the schedule loads', () => {
    // A periodic report on Sat 2026-08-01 + 180 days = Thu 2027-01-28: 2027 is not loaded.
    const t = step(executing(), 'submitExecutionReport', { kind: 'periodic', document: doc('execution-periodic') }, actors.executor, bj('2026-08-01'));
    expect(t.state.after.executionReportDue).toEqual({ lastDay: '2027-01-28', endsAt: '2027-01-28T16:00:00.000Z', provisional: true });
    expect(dueItems(t.state)).toContainEqual(expect.objectContaining({ item: 'execution.report', dueAt: '2027-01-28T16:00:00.000Z', provisional: true }));
    // A 2027 schedule (test data) that makes Thu 2027-01-28 and Fri 01-29 rest days: Mon 02-01.
    const schedule = { year: 2027, source: '测试用 2027 年安排', off: ['2027-01-01', '2027-01-28', '2027-01-29'], work: [] };
    const next = new WorkingCalendar(calendarData(defaultCalendar.toData(), { ...t.state, loadedSchedules: [schedule] }));
    const data = loadSchedule(t.state, defaultCalendar, next, schedule);
    expect(data?.executionReportDue).toEqual({ lastDay: '2027-02-01', endsAt: '2027-02-01T16:00:00.000Z', provisional: false });
    const s = apply(t.state, { type: 'HolidayScheduleLoaded', at: bj('2026-11-10'), actor: actors.organ, data: data! });
    expect(dueItems(s)).toContainEqual({ item: 'execution.report', ruleId: 'R-63', dueAt: '2027-02-01T16:00:00.000Z', party: { role: 'executing_unit', unit: EXECUTOR }, duty: true });
  });

  it('R-63: a procedure pinned to a policy from before keeps the plain calendar-day count of its report date', () => {
    const { executionReportAsPeriod: _new, ...older } = resolvePolicy({ executionReportEveryDays: 155 });
    const t = executing({}, undefined, older as unknown as JurisdictionPolicy);
    expect(t.state.after.executionReportDue).toBeUndefined();
    expect(dueItems(t.state)).toContainEqual(expect.objectContaining({ item: 'execution.report', dueAt: '2026-10-01T16:00:00.000Z' }));
  });

  it('R-63: a unit other than the one named, or another role, cannot report execution', () => {
    const t = executing();
    const otherUnit = { ...actors.executor, unit: '江城市城市管理局' };
    expect(refuse(t.state, 'submitExecutionReport', { kind: 'periodic', document: doc('r') }, otherUnit, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
    expect(refuse(t.state, 'submitExecutionReport', { kind: 'periodic', document: doc('r') }, actors.sponsor, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
  });

  it('R-63: another government or executing unit cannot record opinions on this decision\'s execution', () => {
    const t = executing();
    expect(refuse(t.state, 'recordPublicExecutionOpinion', { channel: '来信' }, actors.otherOrgan, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
    const otherExecutor = { ...actors.executor, unit: '江城市城市管理局' };
    expect(refuse(t.state, 'recordPublicExecutionOpinion', { channel: '来信' }, otherExecutor, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
    expect(step(t, 'recordPublicExecutionOpinion', { channel: '来信' }, actors.executor, bj('2026-06-01')).state.after.publicOpinions).toBe(1);
  });

  it('R-63: the public may send opinions on execution, each one counted', () => {
    let s = executing().state;
    s = run(s, 'recordPublicExecutionOpinion', { channel: '12345热线' }, actors.citizen, bj('2026-06-01'));
    s = run(s, 'recordPublicExecutionOpinion', { channel: '网站留言' }, actors.citizen, bj('2026-06-02'));
    expect(s.after.publicOpinions).toBe(2);
  });
});

describe('R-64 post-evaluation', () => {
  it('R-64: the decision organ orders it on a statutory ground; the named evaluator reports', () => {
    let t = executing();
    expect(issuePaths(zodError(() => step(t, 'orderPostEvaluation', { ground: 'curiosity', evaluatorUnit: EVALUATOR, thirdParty: true }, actors.organ, bj('2026-09-01'))))).toEqual(['ground']);
    t = step(t, 'orderPostEvaluation', { ground: 'many_public_opinions', evaluatorUnit: EVALUATOR, thirdParty: true }, actors.organ, bj('2026-09-01'));
    expect(t.state.stage).toBe('post_evaluation');
    expect(refuse(t.state, 'submitEvaluationReport', { document: doc('eval') }, { ...actors.evaluator, unit: '另一评估机构' }, bj('2026-11-02')).code).toBe('NOT_ALLOWED');
    t = step(t, 'submitEvaluationReport', { document: doc('evaluation-report') }, actors.evaluator, bj('2026-11-02'));
    expect(t.state.after.evaluationReports).toEqual([expect.objectContaining({ document: doc('evaluation-report'), actor: actors.evaluator })]);
    expect(t.state.stage).toBe('executing');
  });

  it.each([
    ['the sponsoring unit that drafted it', SPONSOR],
    ['the third-party risk assessor', '江城社会风险评估中心'],
    ['the professional body that gave the expert opinion', '江城交通规划设计院'],
  ])('R-64: a third-party evaluator may not be %s', (_who, unit) => {
    const t = executing({ attributes: { highlySpecialised: true, stabilityRisk: true } }, expertAndRisk);
    const e = domainError(() => step(t, 'orderPostEvaluation', { ground: 'results_short', evaluatorUnit: unit, thirdParty: true }, actors.organ, bj('2026-09-01')));
    expect(e).toMatchObject({ code: 'NOT_ALLOWED', ruleIds: ['R-64'] });
  });

  it.each([
    ['the sponsoring unit that drafted it', SPONSOR],
    ['a co-sponsoring unit that drafted it', '江城市财政局'],
    ['the risk assessor', '江城社会风险评估中心'],
    ['the professional body that gave the expert opinion', '江城交通规划设计院'],
  ])('R-64: independence is decided from the record, whatever the order declares: %s cannot evaluate', (_who, unit) => {
    const t = executing({ coSponsorUnits: ['江城市财政局'], attributes: { highlySpecialised: true, stabilityRisk: true } }, expertAndRisk);
    for (const thirdParty of [false, undefined]) {
      const payload = { ground: 'results_short', evaluatorUnit: unit, ...(thirdParty === undefined ? {} : { thirdParty }) };
      const e = domainError(() => step(t, 'orderPostEvaluation', payload, actors.organ, bj('2026-09-01')));
      expect(e).toMatchObject({ code: 'NOT_ALLOWED', ruleIds: ['R-64'] });
    }
  });

  it('R-64: the report records how the public, deputies and experts took part, and its conclusion', () => {
    let t = step(executing(), 'orderPostEvaluation', { ground: 'organ_need', evaluatorUnit: EVALUATOR }, actors.organ, bj('2026-09-01'));
    const report = {
      document: doc('evaluation-report'),
      participation: { public: '问卷调查1200份', deputies: '邀请人大代表5名座谈', experts: '专家论证会1次' },
      conclusion: 'adjust',
      conclusionReason: '夜间收费标准偏高',
    };
    expect(issuePaths(zodError(() => step(t, 'submitEvaluationReport', { ...report, conclusion: 'abolish' }, actors.evaluator, bj('2026-11-02'))))).toEqual(['conclusion']);
    t = step(t, 'submitEvaluationReport', report, actors.evaluator, bj('2026-11-02'));
    expect(t.state.after.evaluationReports.at(-1)).toMatchObject(report);
  });

  it('R-64: only the decision organ orders a post-evaluation, and only during execution', () => {
    const payload = { ground: 'organ_need', evaluatorUnit: EVALUATOR, thirdParty: true };
    expect(refuse(executing().state, 'orderPostEvaluation', payload, actors.sponsor, bj('2026-09-01')).code).toBe('NOT_ALLOWED');
    expect(refuse(decided().state, 'orderPostEvaluation', payload, actors.organ, bj('2026-09-01')).code).toBe('INVALID_TRANSITION');
  });
});

describe('R-65 suspension and amendment', () => {
  it('R-65: in an urgent case execution is suspended first, with a reason, and may resume', () => {
    let t = executing();
    expect(issuePaths(zodError(() => step(t, 'suspendExecution', {}, actors.organ, bj('2026-06-01'))))).toEqual(['reason']);
    expect(refuse(t.state, 'suspendExecution', { reason: 'x' }, actors.executor, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
    t = step(t, 'suspendExecution', { reason: '收费系统故障引发大量投诉', urgentGround: '紧急情况' }, actors.head, bj('2026-06-01'));
    expect(t.state.stage).toBe('suspended');
    expect(t.state.after.suspension).toMatchObject({ reason: '收费系统故障引发大量投诉', actor: actors.head });
    // The executing unit still reports problems while suspended.
    t = step(t, 'submitExecutionReport', { kind: 'problem', document: doc('problem-report') }, actors.executor, bj('2026-06-02'));
    t = step(t, 'resumeExecution', { reason: '系统已修复' }, actors.organ, bj('2026-06-10'));
    expect(t.state.stage).toBe('executing');
  });

  it('R-65: only the head of the decision organ suspends, and only with the urgent ground recorded', () => {
    const t = executing();
    expect(refuse(t.state, 'suspendExecution', { reason: '投诉较多', urgentGround: '系统故障' }, actors.organ, bj('2026-06-01')).code).toBe('NOT_ALLOWED');
    const e = refuse(t.state, 'suspendExecution', { reason: '投诉较多' }, actors.head, bj('2026-06-01'));
    expect(e.missing).toEqual([{ item: 'after.urgentGround', ruleId: 'R-65', responsible: { role: 'decision_organ', unit: ORGAN }, message: expect.any(String) }]);
    const s = step(t, 'suspendExecution', { reason: '投诉较多', urgentGround: '收费系统故障，可能引发群体性事件' }, actors.head, bj('2026-06-01'));
    expect(s.state.after.suspension).toMatchObject({ urgentGround: '收费系统故障，可能引发群体性事件', actor: actors.head });
  });

  it('R-65: stopping an executing decision is the organ\'s decision: closing needs a recorded meeting whose outcome is to stop, not a free-text reason', () => {
    let t = step(executing(), 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, T.archive);
    const e = refuse(t.state, 'closeProcedure', { reason: '领导决定停止' }, actors.organ, bj('2026-12-31'));
    expect(e.missing).toEqual([{ item: 'after.finalReportOrStop', ruleId: 'R-65', responsible: { role: 'decision_organ', unit: ORGAN }, message: expect.any(String) }]);
    // apply to that meeting: quorum, the head last, a head against the majority states a reason.
    expect(refuse(t.state, 'recordMeeting', { ...stopMeeting(), membersTotal: 9 }, actors.organ, bj('2026-12-28', '12:00')).missing.map((m) => m.item)).toEqual(['discussion.quorum']);
    expect(issuePaths(zodError(() => step(t, 'recordMeeting', meeting(['approve', 'approve'], 'stop', { heldAt: STOP_AT }), actors.organ, bj('2026-12-28', '12:00'))))).toEqual(['headReason']);
    // During execution a meeting records a stop, nothing else; before it, no meeting decides to stop.
    expect(refuse(t.state, 'recordMeeting', meeting(['approve', 'approve'], 'approve', { heldAt: STOP_AT }), actors.organ, bj('2026-12-28', '12:00')).code).toBe('INVALID_INPUT');
    expect(refuse(submitted().state, 'recordMeeting', meeting(['stop', 'stop'], 'stop'), actors.organ, T.meetingRecorded).code).toBe('INVALID_INPUT');
    t = stopped(t);
    expect(t.state.stage).toBe('executing');
    expect(t.state.discussion.meetings.at(-1)).toMatchObject({ outcome: 'stop', heldAt: STOP_AT });
    t = step(t, 'archiveProcedure', { archiveReference: 'A-2' }, actors.organ, bj('2026-12-29'));
    expect(step(t, 'closeProcedure', { reason: '经常务会议决定停止执行' }, actors.organ, bj('2026-12-31')).state.stage).toBe('closed');
  });

  it('R-63 R-65: closing a decision whose execution is complete is not stopping it: a final execution report suffices, no stop meeting', () => {
    let t = step(executing(), 'submitExecutionReport', { kind: 'periodic', document: doc('execution-periodic') }, actors.executor, bj('2026-09-01'));
    t = step(t, 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, bj('2026-09-02'));
    // A periodic report does not end execution: closing still needs a final report or a stop meeting.
    const e = refuse(t.state, 'closeProcedure', { reason: '执行完毕' }, actors.organ, bj('2026-12-30'));
    expect(missingItems(e)).toEqual(['after.finalReportOrStop']);
    expect(e.missing.map((m) => m.message).join()).toMatch(/final execution report.*meeting that decides to stop/);
    // Only the executing unit reports execution complete.
    expect(refuse(t.state, 'submitExecutionReport', { kind: 'final', document: doc('execution-final') }, actors.organ, bj('2026-12-28')).code).toBe('NOT_ALLOWED');
    t = step(t, 'submitExecutionReport', { kind: 'final', document: doc('execution-final') }, actors.executor, bj('2026-12-28'));
    expect(t.state.after.executionReports.at(-1)).toMatchObject({ kind: 'final', actor: actors.executor });
    t = step(t, 'archiveProcedure', { archiveReference: 'A-2' }, actors.organ, bj('2026-12-29'));
    const closed = step(t, 'closeProcedure', { reason: '决策执行完毕' }, actors.organ, bj('2026-12-31'));
    expect(closed.state.stage).toBe('closed');
    expect(closed.state.discussion.meetings.some((m) => m.outcome === 'stop')).toBe(false);
  });

  it('R-65: suspending during post-evaluation resumes into post-evaluation', () => {
    let t = step(executing(), 'orderPostEvaluation', { ground: 'organ_need', evaluatorUnit: EVALUATOR, thirdParty: true }, actors.organ, bj('2026-09-01'));
    t = step(t, 'suspendExecution', { reason: '紧急', urgentGround: '紧急情况' }, actors.head, bj('2026-09-10'));
    t = step(t, 'resumeExecution', { reason: '恢复' }, actors.organ, bj('2026-09-20'));
    expect(t.state.stage).toBe('post_evaluation');
  });

  it('R-64 R-65: suspending during a second post-evaluation resumes into that evaluation, so its evaluator can still report', () => {
    let t = step(executing(), 'orderPostEvaluation', { ground: 'organ_need', evaluatorUnit: EVALUATOR, thirdParty: true }, actors.organ, bj('2026-09-01'));
    t = step(t, 'submitEvaluationReport', { document: doc('evaluation-1') }, actors.evaluator, bj('2026-11-02'));
    t = step(t, 'orderPostEvaluation', { ground: 'many_public_opinions', evaluatorUnit: EVALUATOR, thirdParty: true }, actors.organ, bj('2027-03-01'));
    t = step(t, 'suspendExecution', { reason: '紧急', urgentGround: '紧急情况' }, actors.head, bj('2027-03-10'));
    t = step(t, 'resumeExecution', { reason: '恢复' }, actors.organ, bj('2027-03-20'));
    expect(t.state.stage).toBe('post_evaluation');
    t = step(t, 'submitEvaluationReport', { document: doc('evaluation-2') }, actors.evaluator, bj('2027-05-04'));
    expect(t.state.after.evaluationReports).toHaveLength(2);
  });

  it('R-65: a decision is not changed or stopped outside the procedure: no draft revision after the decision, no closing while suspended', () => {
    const t = executing();
    expect(refuse(t.state, 'reviseDraft', { document: doc('draft-v2'), reason: '改' }, actors.sponsor, bj('2026-06-01')).code).toBe('INVALID_TRANSITION');
    const s = step(step(t, 'archiveProcedure', { archiveReference: 'A' }, actors.organ, T.archive), 'suspendExecution', { reason: '紧急', urgentGround: '紧急情况' }, actors.head, bj('2026-06-01'));
    expect(missingItems(refuse(s.state, 'closeProcedure', { reason: '停止' }, actors.organ, bj('2026-06-02')))).toEqual(['after.finalReportOrStop']);
  });

  it('R-65: a major adjustment runs the procedure again, linked both ways to the original', () => {
    const original = step(executing(), 'suspendExecution', { reason: '需要重大调整', urgentGround: '紧急情况' }, actors.head, bj('2026-06-01'));
    const newStart = startPayload({ procedureKey: 'JC-2026-019', title: '江城市中心城区停车收费调整方案（修订）', draft: doc('amendment-draft') });
    const { amends: _a, ...procedure } = newStart as Record<string, unknown>;
    const linked = step(original, 'startAmendment', { reason: '收费标准需大幅调整', procedure }, actors.organ, bj('2026-06-05'));
    expect(linked.state.after.amendments).toEqual([{ at: bj('2026-06-05'), newProcedureKey: 'JC-2026-019', reason: '收费标准需大幅调整' }]);

    const p = startProcedureSchema.parse({ ...(procedure as object), amends: original.state.procedureKey });
    const child = apply(undefined, startProcedure(p, ctx(actors.organ, bj('2026-06-05')), original.state.policy));
    expect(child.amends).toBe('JC-2026-007');
    expect(child.stage).toBe('preparation');
  });

  it('R-65 R-01: the procedure an amendment starts must be in scope, as any start', () => {
    const t = executing();
    const { amends: _a, ...procedure } = startPayload({ procedureKey: 'JC-2026-021', category: 'emergency_response' }) as Record<string, unknown>;
    const e = domainError(() => step(t, 'startAmendment', { reason: '调整', procedure }, actors.organ, bj('2026-06-05')));
    expect(e).toMatchObject({ code: 'OUT_OF_SCOPE', ruleIds: ['R-01'] });
  });

  it('R-65: the amendment is a new procedure of the same decision organ under a new key, only after publication', () => {
    const t = executing();
    const same = startPayload() as Record<string, unknown>;
    const e = domainError(() => step(t, 'startAmendment', { reason: '调整', procedure: same }, actors.organ, bj('2026-06-05')));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', ruleIds: ['R-65'] });
    const otherOrgan = startPayload({ procedureKey: 'HC-2026-001', decisionOrgan: '河城市人民政府' });
    expect(domainError(() => step(t, 'startAmendment', { reason: '调整', procedure: otherOrgan }, actors.organ, bj('2026-06-05'))).code).toBe('INVALID_INPUT');
    expect(refuse(decided().state, 'startAmendment', { reason: '调整', procedure: startPayload({ procedureKey: 'JC-2026-020' }) }, actors.organ, bj('2026-06-05')).code).toBe('INVALID_TRANSITION');
  });
});

describe('R-66 accountability and delayed decisions', () => {
  it('R-66: who decided, who reviewed and who dissented stay in the record', () => {
    const t = executing();
    const s = t.state;
    expect(s.startedBy).toEqual(actors.organ);
    expect(s.legality.opinion?.actor).toEqual(actors.office);
    expect(s.legality.adviserOpinions.map((o) => o.actor)).toEqual([actors.adviser]);
    const m = s.discussion.meetings[0];
    expect(m?.actor).toEqual(actors.organ);
    expect(m?.speeches.find((x) => x.isHead)).toMatchObject({ personId: 'head', position: 'approve' });
    expect(m?.dissenters).toEqual([{ personId: 'm-3', name: '组成人员3', position: 'reject' }]);
    for (const e of t.events) {
      expect(e.actor.personId).toEqual(expect.any(String));
      expect(e.at).toEqual(expect.any(String));
    }
  });

  it('R-66: an undecided procedure is due to be flagged 365 days (policy) after its start: 24:00 Beijing 2027-03-02', () => {
    const t = start();
    expect(delayedDecisionAt(t.state)).toBe('2027-03-02T16:00:00.000Z');
    // 2027's schedule is not loaded: the date is provisional (R-06).
    expect(dueItems(t.state)).toContainEqual({ item: 'decision.delayed', ruleId: 'R-66', dueAt: '2027-03-02T16:00:00.000Z', party: { role: 'decision_organ', unit: ORGAN }, duty: true, provisional: true });
    const short = start({}, { policy: resolvePolicy({ delayedDecisionDays: 100 }) });
    expect(delayedDecisionAt(short.state)).toBe('2026-06-10T16:00:00.000Z');
  });

  it('R-66 R-06: the delay limit is a period counted as R-06 says: a last day on a rest day moves to the next working day', () => {
    // Mon 2026-03-02 + 90 days = Sun 2026-05-31: the period runs to 24:00 Mon 2026-06-01.
    const sunday = start({}, { policy: resolvePolicy({ delayedDecisionDays: 90 }) });
    expect(delayedDecisionAt(sunday.state)).toBe('2026-06-01T16:00:00.000Z');
    expect(sunday.state.delayedDecisionDue).toEqual({ lastDay: '2026-06-01', endsAt: '2026-06-01T16:00:00.000Z', provisional: false });
    // Fri 2026-07-03 + 90 days = Thu 2026-10-01, inside the National Day holiday (Oct 1–7): Thu Oct 8.
    const holiday = start({}, { policy: resolvePolicy({ delayedDecisionDays: 90 }), now: bj('2026-07-03') });
    expect(delayedDecisionAt(holiday.state)).toBe('2026-10-08T16:00:00.000Z');
    expect(dueItems(holiday.state)).toContainEqual(expect.objectContaining({ item: 'decision.delayed', dueAt: '2026-10-08T16:00:00.000Z' }));
  });

  it('R-66 R-06: a limit in a year whose schedule is not loaded (2027) is provisional, and recomputed when the schedule loads', () => {
    const t = start();
    expect(t.state.delayedDecisionDue).toEqual({ lastDay: '2027-03-02', endsAt: '2027-03-02T16:00:00.000Z', provisional: true });
    // A 2027 schedule (test data) that makes Tue 2027-03-02 and Wed 03-03 rest days.
    const schedule = { year: 2027, source: '测试用 2027 年安排', off: ['2027-01-01', '2027-03-02', '2027-03-03'], work: [] };
    const pinned = defaultCalendar.toData();
    const next = new WorkingCalendar(calendarData(pinned, { ...t.state, loadedSchedules: [schedule] }));
    const data = loadSchedule(t.state, defaultCalendar, next, schedule);
    expect(data?.delayedDecision).toEqual({ lastDay: '2027-03-04', endsAt: '2027-03-04T16:00:00.000Z', provisional: false });
    const s = apply(t.state, { type: 'HolidayScheduleLoaded', at: bj('2026-11-10'), actor: actors.organ, data: data! });
    expect(delayedDecisionAt(s)).toBe('2027-03-04T16:00:00.000Z');
    expect(s.delayedDecisionDue?.provisional).toBe(false);
  });

  it('R-66: a procedure pinned to a policy from before keeps the calendar-day count its running timer started with', () => {
    const { delayedDecisionAsPeriod: _new, ...older } = resolvePolicy({ delayedDecisionDays: 90 });
    const t = start({}, { policy: older as unknown as JurisdictionPolicy });
    expect(t.state.delayedDecisionDue).toBeUndefined();
    expect(delayedDecisionAt(t.state)).toBe('2026-05-31T16:00:00.000Z');
  });

  it('R-66: the DelayedFlagged event marks the procedure delayed (久拖不决) and it is no longer due', () => {
    const t = start();
    const flag: DomainEvent = { type: 'DelayedFlagged', at: '2027-03-02T16:00:00.000Z', actor: actors.organ, data: { startedAt: START_AT, limitDays: 365 } };
    const s = apply(t.state, flag);
    expect(s.delayed).toBe(true);
    expect(t.state.delayed).toBe(false);
    expect(dueItems(s).map((d) => d.item)).not.toContain('decision.delayed');
    expect(fold([...t.events, flag])?.delayed).toBe(true);
  });

  it('R-66: a decided procedure is not due to be flagged', () => {
    expect(dueItems(decided().state).map((d) => d.item)).not.toContain('decision.delayed');
  });

  it('R-66: history is the record — the state after N events equals the fold of the first N, and no event changes an earlier state', () => {
    const t = step(executing({ attributes: { highlySpecialised: true, stabilityRisk: true } }, expertAndRisk), 'archiveProcedure', { archiveReference: 'A-1' }, actors.organ, T.archive);
    const states: ProcedureState[] = [];
    const snapshots: string[] = [];
    let s: ProcedureState | undefined;
    for (const e of t.events) {
      s = apply(s, e);
      states.push(s);
      snapshots.push(JSON.stringify(s));
    }
    expect(t.events).toHaveLength(20); // start, 5 expert/risk, 3 participation, 5 legality (engagement included), 6 from discussion to archive
    t.events.forEach((_e, i) => {
      expect(fold(t.events.slice(0, i + 1))).toEqual(states[i]);
      expect(JSON.stringify(states[i])).toBe(snapshots[i]);
    });
    expect(states.at(-1)).toEqual(t.state);
    expect(new Set(states).size).toBe(states.length);
  });
});
