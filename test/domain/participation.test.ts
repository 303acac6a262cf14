import { defaultCalendar, defaultPolicy, discussionGate, openForComment, publicConsultationView, resolvePolicy, rulesFor } from '../../domain';
import {
  SPONSOR,
  T,
  actors,
  bj,
  doc,
  issuePaths,
  missingItems,
  opinion,
  refuse,
  start,
  step,
  zodError,
  type Trail,
  submitted,
} from './builders';

const open = (t: Trail, at: string, days = 30, extra: Record<string, unknown> = {}): Trail =>
  step(t, 'openCommentPeriod', { explanation: doc('explanation'), channels: ['江城市人民政府网站', '江城日报'], days, ...extra }, actors.sponsor, at);

describe('R-10 open comment period', () => {
  it('R-10: the draft is published with its explanation, the channels and the deadline to comment', () => {
    const t = open(start(), T.open);
    expect(t.state.participation.period).toMatchObject({
      openedAt: T.open,
      days: 30,
      lastDay: '2026-04-01',
      endsAt: '2026-04-01T16:00:00.000Z',
      provisional: false,
      channels: ['江城市人民政府网站', '江城日报'],
      actor: actors.sponsor,
      draftVersion: 1,
    });
    expect(t.state.documents).toContainEqual(doc('explanation'));
  });

  it('R-10: the explanation, a channel and the number of days are all required', () => {
    const e = zodError(() => step(start(), 'openCommentPeriod', { channels: [] }, actors.sponsor, T.open));
    expect(issuePaths(e).sort()).toEqual(['channels', 'days', 'explanation']);
  });

  it('R-10: participation is missing from the discussion gate until a period has been opened', () => {
    const gate = discussionGate(start().state, defaultCalendar, T.discussion);
    expect(gate).toContainEqual(expect.objectContaining({ item: 'participation.period', ruleId: 'R-10', responsible: { role: 'sponsor', unit: SPONSOR } }));
  });

  it('R-10: a second period for the same draft cannot be opened while one is running', () => {
    const t = open(start(), T.open);
    const e = refuse(t.state, 'openCommentPeriod', { explanation: doc('e2'), channels: ['网站'], days: 30 }, actors.sponsor, bj('2026-03-03'));
    expect(missingItems(e)).toEqual(['participation.notYetOpened']);
  });

  it('R-10: only the sponsoring unit opens the period', () => {
    const payload = { explanation: doc('e'), channels: ['网站'], days: 30 };
    expect(refuse(start().state, 'openCommentPeriod', payload, actors.otherSponsor, T.open).code).toBe('NOT_ALLOWED');
    expect(refuse(start().state, 'openCommentPeriod', payload, actors.organ, T.open).code).toBe('NOT_ALLOWED');
  });
});

describe('R-10 R-12 what the public reads while the period is open', () => {
  it('R-10: the period keeps the explanation published with the draft', () => {
    expect(open(start(), T.open).state.participation.period?.explanation).toEqual(doc('explanation'));
  });

  it('R-10 R-12: open from the instant it opens until its end; not before, not after, not once closed', () => {
    const t = open(start(), T.open);
    const end = t.state.participation.period?.endsAt ?? '';
    expect(openForComment(start().state, T.open)).toBe(false);
    expect(openForComment(t.state, bj('2026-03-02', '09:59'))).toBe(false);
    expect(openForComment(t.state, T.open)).toBe(true);
    expect(openForComment(t.state, new Date(Date.parse(end) - 1).toISOString())).toBe(true);
    // from the end on, a comment is late: the period is no longer open.
    expect(openForComment(t.state, end)).toBe(false);
    const closed = step(t, 'closeCommentPeriod', {}, actors.sponsor, T.close);
    expect(openForComment(closed.state, bj('2026-04-01'))).toBe(false);
  });

  it('R-10 R-11: the public reads the draft, its explanation, the channels and the dates, with the reason for a shorter period; no person', () => {
    const t = open(start(), T.open, 20, { shortenedReason: '汛期前必须完成停车设施调整' });
    const v = publicConsultationView(t.state, bj('2026-03-10'));
    expect(v).toEqual({
      procedureKey: t.state.procedureKey,
      title: t.state.title,
      category: t.state.category,
      decisionOrgan: t.state.decisionOrgan,
      sponsorUnit: t.state.sponsorUnit,
      openedAt: T.open,
      days: 20,
      lastDay: '2026-03-23',
      endsAt: '2026-03-23T16:00:00.000Z',
      provisional: false,
      channels: ['江城市人民政府网站', '江城日报'],
      shortenedReason: '汛期前必须完成停车设施调整',
      draft: t.state.drafts[0]?.document,
      explanation: doc('explanation'),
    });
    expect(JSON.stringify(v)).not.toContain(actors.sponsor.personId);
    expect(publicConsultationView(t.state, bj('2026-03-24'))).toBeUndefined();
  });

  it('R-10: a non-disclosable item is never open for comment', () => {
    const t = open(start(), T.open);
    const secret = { ...t.state, attributes: { ...t.state.attributes, nonDisclosable: true } };
    expect(openForComment(secret, bj('2026-03-10'))).toBe(false);
    expect(publicConsultationView(secret, bj('2026-03-10'))).toBeUndefined();
  });
});

describe('R-06 R-11 the period of at least 30 days, in Beijing days with the 2026 holidays', () => {
  it('R-06: 30 days opened Mon Mar 2 run to 24:00 Beijing of Wed Apr 1', () => {
    expect(open(start(), bj('2026-03-02', '10:00')).state.participation.period).toMatchObject({ lastDay: '2026-04-01', endsAt: '2026-04-01T16:00:00.000Z' });
  });

  it('R-06: the day of opening is the Beijing day: 23:30 Beijing Mar 2 is still Mar 2, 00:30 Beijing Mar 3 (16:30Z Mar 2) is not', () => {
    expect(open(start(), '2026-03-02T15:30:00Z').state.participation.period?.lastDay).toBe('2026-04-01');
    expect(open(start(), '2026-03-02T16:30:00Z').state.participation.period?.lastDay).toBe('2026-04-02');
  });

  it('R-06: opened Fri Jan 16, day 30 is Sun Feb 15 inside the Spring Festival (Feb 15–23): the period ends 24:00 Tue Feb 24', () => {
    expect(open(start(), bj('2026-01-16')).state.participation.period).toMatchObject({ lastDay: '2026-02-24', endsAt: '2026-02-24T16:00:00.000Z' });
  });

  it('R-06: opened Wed Apr 1, day 30 is Fri May 1 (Labour Day, May 1–5 off): the period ends 24:00 Wed May 6', () => {
    expect(open(start(), bj('2026-04-01')).state.participation.period).toMatchObject({ lastDay: '2026-05-06', endsAt: '2026-05-06T16:00:00.000Z' });
  });

  it('R-06: opened Tue Sep 1, day 30 is Thu Oct 1 (National Day, Oct 1–7 off): the period ends 24:00 Thu Oct 8', () => {
    expect(open(start(), bj('2026-09-01')).state.participation.period).toMatchObject({ lastDay: '2026-10-08', endsAt: '2026-10-08T16:00:00.000Z' });
  });

  it('R-06: opened Wed Jan 14, day 31 is Sat Feb 14, an adjusted working day (调休上班), so a 31-day period ends that Saturday', () => {
    const t = open(start(), bj('2026-01-14'), 31);
    expect(t.state.participation.period).toMatchObject({ lastDay: '2026-02-14', endsAt: '2026-02-14T16:00:00.000Z' });
  });

  it('R-06: a jurisdiction that does not extend to the next working day ends the period on the holiday itself (policy)', () => {
    const t = open(start({}, { policy: resolvePolicy({ periodEndExtendsOnRestDay: false }) }), bj('2026-01-16'));
    expect(t.state.participation.period).toMatchObject({ lastDay: '2026-02-15', endsAt: '2026-02-15T16:00:00.000Z' });
  });

  it('R-06: a period reaching a year whose holiday schedule is not loaded (2027) is marked provisional', () => {
    const t = open(start(), bj('2026-12-10'));
    expect(t.state.participation.period).toMatchObject({ lastDay: '2027-01-11', provisional: true });
  });

  it('R-11: a period shorter than 30 days without a stated reason is refused when it opens', () => {
    const e = refuse(start().state, 'openCommentPeriod', { explanation: doc('e'), channels: ['网站'], days: 29 }, actors.sponsor, T.open);
    expect(e.code).toBe('STEP_MISSING');
    expect(e.missing).toEqual([
      expect.objectContaining({ item: 'participation.shortenedReason', ruleId: 'R-11', responsible: { role: 'sponsor', unit: SPONSOR } }),
    ]);
  });

  it('R-11: a shorter period with its urgency stated at opening is allowed, and the reason is recorded with the period', () => {
    // 20 days from Mon Mar 2: day 20 is Sun Mar 22, so the period runs to Mon Mar 23.
    const t = open(start(), T.open, 20, { shortenedReason: '汛期前必须完成停车设施调整' });
    expect(t.state.participation.period).toMatchObject({ days: 20, shortenedReason: '汛期前必须完成停车设施调整', lastDay: '2026-03-23' });
    expect(t.events.at(-1)).toMatchObject({ type: 'CommentPeriodOpened', at: T.open });
  });

  it('R-11: the reason cannot be supplied afterwards — no command adds it to an open period', () => {
    const t = open(start(), T.open, 30);
    const again = refuse(t.state, 'openCommentPeriod', { explanation: doc('e'), channels: ['网站'], days: 20, shortenedReason: '补充理由' }, actors.sponsor, bj('2026-03-05'));
    expect(missingItems(again)).toEqual(['participation.notYetOpened']);
  });

  it('R-11: the minimum is a jurisdiction policy: with 45 days, 30 days need a reason', () => {
    const s = start({}, { policy: resolvePolicy({ commentPeriodMinDays: 45 }) }).state;
    const e = refuse(s, 'openCommentPeriod', { explanation: doc('e'), channels: ['网站'], days: 30 }, actors.sponsor, T.open);
    expect(e.missing[0]?.message).toContain('45');
  });
});

describe('R-12 no early close; late comments kept', () => {
  it('R-12: the period cannot be closed on day 29 nor on its last day, and can be once 24:00 of the last day has passed', () => {
    const t = open(start(), T.open); // last day Wed Apr 1
    const day29 = refuse(t.state, 'closeCommentPeriod', {}, actors.sponsor, bj('2026-03-31', '17:00'));
    expect(day29.code).toBe('STEP_MISSING');
    expect(day29.missing).toEqual([expect.objectContaining({ item: 'participation.periodElapsed', ruleId: 'R-12', message: expect.stringContaining('2026-04-01') })]);
    expect(missingItems(refuse(t.state, 'closeCommentPeriod', {}, actors.sponsor, bj('2026-04-01', '23:59')))).toEqual(['participation.periodElapsed']);
    const closed = step(t, 'closeCommentPeriod', {}, actors.sponsor, bj('2026-04-02', '00:00'));
    expect(closed.state.participation.closed).toMatchObject({ at: bj('2026-04-02', '00:00'), actor: actors.sponsor });
  });

  it('R-12: across the Spring Festival the period cannot close on Sat Feb 14 (day 29, a working day) nor during the holiday', () => {
    const t = open(start({}, { now: bj('2026-01-05') }), bj('2026-01-16')); // ends 24:00 Tue Feb 24
    for (const at of [bj('2026-02-14', '18:00'), bj('2026-02-16'), bj('2026-02-24', '23:00')]) {
      expect(missingItems(refuse(t.state, 'closeCommentPeriod', {}, actors.sponsor, at))).toEqual(['participation.periodElapsed']);
    }
    expect(step(t, 'closeCommentPeriod', {}, actors.sponsor, bj('2026-02-25', '08:30')).state.participation.closed).toBeDefined();
  });

  it('R-12: a comment after the end is recorded as late, not lost; one before the end is on time', () => {
    let t = open(start(), T.open);
    t = step(t, 'recordPublicComment', { receivedAt: bj('2026-04-01', '23:59'), channel: '网站' }, actors.citizen, bj('2026-04-01', '23:59'));
    t = step(t, 'closeCommentPeriod', {}, actors.sponsor, T.close);
    t = step(t, 'recordPublicComment', { receivedAt: bj('2026-04-02', '00:00'), channel: '信函' }, actors.sponsor, bj('2026-04-03'));
    expect(t.state.participation).toMatchObject({ comments: 2, lateComments: 1 });
    const lateEvents = t.events.filter((e) => e.type === 'PublicCommentRecorded').map((e) => (e.data as { late: boolean }).late);
    expect(lateEvents).toEqual([false, true]);
  });

  it('R-12: a comment that arrives while the draft awaits discussion is still recorded as late', () => {
    const t = submitted();
    const after = step(t, 'recordPublicComment', { receivedAt: bj('2026-04-20'), channel: '信函' }, actors.citizen, bj('2026-04-20'));
    expect(after.state.participation.lateComments).toBe(t.state.participation.lateComments + 1);
    expect(after.state.stage).toBe('awaiting_discussion');
  });

  it('R-12: only the sponsoring unit (or the public itself) records comments: a sponsor of another department is refused', () => {
    const t = open(start(), T.open);
    const e = refuse(t.state, 'recordPublicComment', { receivedAt: bj('2026-03-10'), channel: '信函' }, actors.otherSponsor, bj('2026-03-10'));
    expect(e.code).toBe('NOT_ALLOWED');
  });

  it('R-12: comments before any period is opened are refused, not silently counted', () => {
    const e = refuse(start().state, 'recordPublicComment', { receivedAt: T.open, channel: '网站' }, actors.citizen, T.open);
    expect(missingItems(e)).toEqual(['participation.period']);
  });

  it('R-12: a period already closed cannot be closed again', () => {
    const t = step(open(start(), T.open), 'closeCommentPeriod', {}, actors.sponsor, T.close);
    expect(missingItems(refuse(t.state, 'closeCommentPeriod', {}, actors.sponsor, bj('2026-04-03')))).toEqual(['participation.open']);
  });

  it('R-12: while the period runs the discussion gate says it has not ended', () => {
    const t = open(start(), T.open);
    expect(discussionGate(t.state, defaultCalendar, bj('2026-03-20'))).toContainEqual(expect.objectContaining({ item: 'participation.closed', ruleId: 'R-12' }));
  });
});

describe('R-13 adoption report on public opinions', () => {
  const report = { opinions: [opinion('延长免费时段', true), opinion('全部取消收费', false, '与缓解拥堵的目标不符')], document: doc('participation-adoption') };

  it('R-13: the report lists the main opinions, whether each was adopted, and why not', () => {
    let t = step(open(start(), T.open), 'closeCommentPeriod', {}, actors.sponsor, T.close);
    t = step(t, 'submitParticipationAdoptionReport', report, actors.sponsor, T.participationReport);
    expect(t.state.participation.adoptionReport).toMatchObject({
      opinions: [{ summary: '延长免费时段', adopted: true }, { summary: '全部取消收费', adopted: false, reason: '与缓解拥堵的目标不符' }],
      document: doc('participation-adoption'),
      actor: actors.sponsor,
    });
  });

  it('R-13: an opinion not adopted without a reason is refused, naming the opinion', () => {
    const t = step(open(start(), T.open), 'closeCommentPeriod', {}, actors.sponsor, T.close);
    const bad = { opinions: [opinion('a', true), { summary: 'b', adopted: false }], document: doc('r') };
    expect(issuePaths(zodError(() => step(t, 'submitParticipationAdoptionReport', bad, actors.sponsor, T.participationReport)))).toEqual(['opinions.1.reason']);
  });

  it('R-13: the report comes after the period is closed, and without it participation is not complete', () => {
    const running = open(start(), T.open);
    expect(missingItems(refuse(running.state, 'submitParticipationAdoptionReport', report, actors.sponsor, bj('2026-03-20')))).toEqual(['participation.closed']);
    const closed = step(running, 'closeCommentPeriod', {}, actors.sponsor, T.close);
    expect(discussionGate(closed.state, defaultCalendar, T.discussion)).toContainEqual({
      item: 'participation.adoptionReport',
      ruleId: 'R-13',
      responsible: { role: 'sponsor', unit: SPONSOR },
      message: expect.any(String),
    });
    const done = step(closed, 'submitParticipationAdoptionReport', report, actors.sponsor, T.participationReport);
    expect(discussionGate(done.state, defaultCalendar, T.discussion).filter((m) => m.item.startsWith('participation'))).toEqual([]);
  });
});

describe('R-14 hearing', () => {
  // Hearing on Tue Jun 30 2026 at 09:00. Lead times of example-city (a jurisdiction's figures):
  // announcement 30 days before (by May 31), participant list 15 days before (by Jun 15),
  // materials 10 days before (by Jun 20); at least half the participants interested parties.
  const hearingAt = bj('2026-06-30', '09:00');
  const announcement = { hearingAt, place: '江城市政府第一会议室', sides: ['车主', '商户'], selectionMethod: '自愿报名，随机抽取' };
  const participants = {
    participants: [
      { name: '车主甲', side: '车主', interestedParty: true },
      { name: '商户乙', side: '商户', interestedParty: true },
      { name: '学者丙', side: '车主', interestedParty: false },
    ],
  };
  const cityPolicy = rulesFor('example-city').policy;
  const hearingItem = () => start({ attributes: { hearing: 'chosen' } }, { policy: cityPolicy });
  const nationalItem = () => start({ attributes: { hearing: 'chosen' } });

  it('R-14: the national default is the statute: materials at least 7 days before; notice and list "in advance", with no number and no share', () => {
    expect(defaultPolicy.hearingMaterialsLeadDays).toBe(7);
    expect(defaultPolicy.hearingAnnounceLeadDays).toBeUndefined();
    expect(defaultPolicy.hearingParticipantListLeadDays).toBeUndefined();
    expect(defaultPolicy.hearingInterestedShareMin).toBeUndefined();
    expect(rulesFor('national').policy).toMatchObject({ version: 'national@2', hearingMaterialsLeadDays: 7 });
    // Announced the day before: in advance is enough; at or after the hearing it is not.
    expect(missingItems(refuse(nationalItem().state, 'announceHearing', announcement, actors.sponsor, bj('2026-06-30', '09:00')))).toEqual(['hearing.announceLeadTime']);
    let t = step(nationalItem(), 'announceHearing', announcement, actors.sponsor, bj('2026-06-20'));
    // The list: any time before the hearing; one interested party of three is no problem nationally.
    const oneInterested = { participants: [participants.participants[0], { name: '商户乙', side: '商户', interestedParty: false }, participants.participants[2]] };
    expect(missingItems(refuse(t.state, 'publishHearingParticipants', oneInterested, actors.sponsor, bj('2026-06-30', '10:00')))).toEqual(['hearing.listLeadTime']);
    t = step(t, 'publishHearingParticipants', oneInterested, actors.sponsor, bj('2026-06-22'));
    // Materials: Jun 23 is 7 days before Jun 30; Jun 24 is too late.
    const late = refuse(t.state, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-24'));
    expect(late.missing).toEqual([expect.objectContaining({ item: 'hearing.materialsLeadTime', ruleId: 'R-14', message: expect.stringContaining('7日') })]);
    t = step(t, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-23', '18:00'));
    expect(t.state.hearing.materialsSent).toBeDefined();
  });

  it('R-14: a city\'s lead times and the interested-party share belong to that jurisdiction only', () => {
    expect(cityPolicy).toMatchObject({ hearingAnnounceLeadDays: 30, hearingParticipantListLeadDays: 15, hearingMaterialsLeadDays: 10, hearingInterestedShareMin: 0.5 });
    const national = rulesFor('national').policy;
    for (const k of ['hearingAnnounceLeadDays', 'hearingParticipantListLeadDays', 'hearingInterestedShareMin'] as const) expect(national[k]).toBeUndefined();
  });

  it('R-14: participants who are selected need the selection method published first; all applicants admitted need none', () => {
    const { selectionMethod: _m, ...noMethod } = announcement;
    const t = step(nationalItem(), 'announceHearing', noMethod, actors.sponsor, bj('2026-05-20'));
    const e = refuse(t.state, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-10'));
    expect(e.missing).toEqual([expect.objectContaining({ item: 'hearing.selectionMethod', ruleId: 'R-14', responsible: { role: 'sponsor', unit: SPONSOR } })]);
    expect(step(t, 'publishHearingParticipants', { ...participants, allApplicantsAdmitted: true }, actors.sponsor, bj('2026-06-10')).state.hearing.participants?.list).toHaveLength(3);
    const withMethod = step(t, 'announceHearing', announcement, actors.sponsor, bj('2026-05-21'));
    expect(step(withMethod, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-10')).state.hearing.participants?.list).toHaveLength(3);
  });

  it('R-14: time, place and sides are announced at least 30 days ahead (example-city): May 31 is allowed, Jun 1 is too late', () => {
    const t = hearingItem();
    const late = refuse(t.state, 'announceHearing', announcement, actors.sponsor, bj('2026-06-01'));
    expect(late.missing).toEqual([expect.objectContaining({ item: 'hearing.announceLeadTime', ruleId: 'R-14' })]);
    const ok = step(t, 'announceHearing', announcement, actors.sponsor, bj('2026-05-31', '18:00'));
    expect(ok.state.hearing.announcement).toMatchObject({ hearingAt, place: '江城市政府第一会议室', sides: ['车主', '商户'], selectionMethod: '自愿报名，随机抽取' });
  });

  it('R-14: the participant list must represent every side and respect the interested-party share, all problems at once', () => {
    const t = step(hearingItem(), 'announceHearing', announcement, actors.sponsor, bj('2026-05-20'));
    const bad = { participants: [{ name: '学者丙', side: '车主', interestedParty: false }, { name: '学者丁', side: '车主', interestedParty: false }] };
    const e = refuse(t.state, 'publishHearingParticipants', bad, actors.sponsor, bj('2026-06-16'));
    expect(missingItems(e).sort()).toEqual(['hearing.interestedShare', 'hearing.listLeadTime', 'hearing.side:商户']);
    expect(e.ruleIds).toEqual(['R-14']);
  });

  it('R-14: the participant list is published before the hearing (15 days, example-city) and only after the announcement', () => {
    expect(missingItems(refuse(hearingItem().state, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-05-20')))).toEqual(['hearing.announcement']);
    const t = step(hearingItem(), 'announceHearing', announcement, actors.sponsor, bj('2026-05-20'));
    const ok = step(t, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-15'));
    expect(ok.state.hearing.participants?.list).toHaveLength(3);
  });

  it('R-14: materials reach participants at least 10 days before (example-city; never below the statutory 7)', () => {
    let t = step(hearingItem(), 'announceHearing', announcement, actors.sponsor, bj('2026-05-20'));
    expect(missingItems(refuse(t.state, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-01')))).toEqual(['hearing.participants']);
    t = step(t, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-10'));
    expect(missingItems(refuse(t.state, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-21')))).toEqual(['hearing.materialsLeadTime']);
    t = step(t, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-20'));
    expect(t.state.hearing.materialsSent?.sentAt).toBe(bj('2026-06-20'));
    expect(() => resolvePolicy({ hearingMaterialsLeadDays: 6 })).toThrow();
  });

  it('R-14: the record is accepted only after the hearing, signed by the participants, and then satisfies the gate', () => {
    let t = step(hearingItem(), 'announceHearing', announcement, actors.sponsor, bj('2026-05-20'));
    t = step(t, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-10'));
    t = step(t, 'sendHearingMaterials', { documents: [doc('hearing-materials')] }, actors.sponsor, bj('2026-06-12'));
    expect(discussionGate(t.state, defaultCalendar, bj('2026-07-01'))).toContainEqual(expect.objectContaining({ item: 'hearing.record', ruleId: 'R-14' }));
    const record = { document: doc('hearing-record'), signedByAllParticipants: true };
    expect(missingItems(refuse(t.state, 'recordHearing', record, actors.sponsor, bj('2026-06-30', '08:00')))).toEqual(['hearing.held']);
    expect(issuePaths(zodError(() => step(t, 'recordHearing', { document: doc('hearing-record'), signedByAllParticipants: false }, actors.sponsor, bj('2026-06-30', '17:00')))))
      .toEqual(['signedByAllParticipants']);
    t = step(t, 'recordHearing', record, actors.sponsor, bj('2026-06-30', '17:00'));
    expect(t.state.hearing.record?.document).toEqual(doc('hearing-record'));
    expect(discussionGate(t.state, defaultCalendar, bj('2026-07-01')).filter((m) => m.ruleId === 'R-14')).toEqual([]);
  });

  it('R-14: the interested-party share is a jurisdiction policy', () => {
    const policy = resolvePolicy({ hearingInterestedShareMin: 0.75 });
    const t = step(start({ attributes: { hearing: 'chosen' } }, { policy }), 'announceHearing', announcement, actors.sponsor, bj('2026-05-20'));
    // 2 of 3 interested = 67% < 75%
    expect(missingItems(refuse(t.state, 'publishHearingParticipants', participants, actors.sponsor, bj('2026-06-10')))).toEqual(['hearing.interestedShare']);
  });
});
