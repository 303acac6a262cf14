import { eventsVisibleTo, isResponsibleParty, procedureViewFor, readsProcedure, type Actor } from '../../domain';
import { actors, bj, doc, executing, opinion, start, step, type Trail } from './builders';

/*
 * docs/rules.md §1 and ARCHITECTURE decision 8: each role reads only its own view of a procedure
 * (domain/views.ts), and its own share of the record's events.
 */

/** Expert review with two experts: e-1 files their own opinion, the sponsor files e-2's on paper. */
const withExperts = (t: Trail): Trail => {
  const member = (personId: string, name: string) => ({ personId, name, expertise: '交通规划', perspective: '中立', directInterest: false });
  t = step(t, 'recordExpertPanel', { members: [member('e-1', '周教授'), member('e-2', '林教授')], selectionRationale: '专业性' }, actors.sponsor, bj('2026-03-03'));
  t = step(t, 'submitExpertOpinion', { personId: 'e-1', document: doc('opinion-e-1'), signed: true }, actors.expert, bj('2026-03-10'));
  t = step(t, 'submitExpertOpinion', { personId: 'e-2', document: doc('opinion-e-2'), signed: true, filedOnPaper: true }, actors.sponsor, bj('2026-03-10'));
  return step(t, 'submitExpertAdoptionReport', { opinions: [opinion('分时段收费')], document: doc('expert-adoption') }, actors.sponsor, bj('2026-03-12'));
};
const t = executing({ attributes: { highlySpecialised: true } }, withExperts);
const s = t.state;
const keys = (v: object) => Object.keys(v).sort();

describe('role views of a procedure (domain/views.ts)', () => {
  it('auditor and decision organ: the whole state', () => {
    expect(procedureViewFor(s, actors.auditor)).toBe(s);
    expect(procedureViewFor(s, actors.organ)).toBe(s);
  });

  it('sponsor, its legal unit, the legality office: everything that prepares the decision; of meetings only the outcome', () => {
    for (const who of [actors.sponsor, actors.sponsorLegal, actors.office]) {
      const v = procedureViewFor(s, who) as typeof s;
      expect(v.legality.adviserOpinions).toEqual(s.legality.adviserOpinions);
      expect(v.expert.opinions).toHaveLength(2);
      expect(v.discussion.meetings).toEqual([{ meetingType: 'executive', heldAt: s.discussion.meetings[0]?.heldAt, outcome: 'approve', at: s.discussion.meetings[0]?.at }]);
      expect(JSON.stringify(v)).not.toContain('dissenters');
    }
  });

  it('executing unit and evaluator: the decision and what follows it, no internal opinions', () => {
    const v = procedureViewFor(s, actors.executor) as Record<string, unknown>;
    expect(keys(v)).toEqual(['after', 'category', 'coSponsorUnits', 'decidedAt', 'decidedDraft', 'decisionOrgan', 'delayed', 'expertAdoption', 'legalityOffice', 'participationAdoption', 'procedureKey', 'sponsorUnit', 'stage', 'startedAt', 'title']);
    expect(v.after).toMatchObject({ executingUnit: { unit: s.after.executingUnit?.unit }, publication: { channels: s.after.publication?.channels } });
    expect(JSON.stringify(v)).not.toContain('opinion-e-1');
    expect(procedureViewFor(s, actors.evaluator)).toEqual(v);
  });

  it('expert: the draft, the panel, their own opinion only', () => {
    const v = procedureViewFor(s, actors.expert) as { expert: { ownOpinions: { personId: string }[]; panel: { members: unknown[] } } } & Record<string, unknown>;
    expect(keys(v)).toEqual(['category', 'coSponsorUnits', 'currentDraft', 'decisionOrgan', 'drafts', 'expert', 'procedureKey', 'sponsorUnit', 'stage', 'title']);
    expect(v.expert.panel.members).toHaveLength(2);
    expect(v.expert.ownOpinions.map((o) => o.personId)).toEqual(['e-1']);
    expect(JSON.stringify(v)).not.toContain('opinion-e-2');
  });

  it('legal adviser: the draft, the review, the engaged advisers, their own opinions', () => {
    const v = procedureViewFor(s, actors.adviser) as { legality: Record<string, unknown> } & Record<string, unknown>;
    expect(keys(v)).toEqual(['category', 'coSponsorUnits', 'currentDraft', 'decisionOrgan', 'legality', 'legalityOffice', 'procedureKey', 'sponsorUnit', 'stage', 'title']);
    expect(keys(v.legality)).toEqual(['engagedAdvisers', 'intervals', 'officeDueAt', 'ownOpinions']);
    expect(v.legality.ownOpinions).toHaveLength(1);
    const stranger: Actor = { ...actors.adviser, personId: 'p-adviser-9' };
    expect((procedureViewFor(s, stranger) as typeof v).legality.ownOpinions).toEqual([]);
  });

  it('the public: what is public, nothing of a non-disclosable item', () => {
    const v = procedureViewFor(s, actors.citizen) as Record<string, unknown>;
    expect(keys(v)).toEqual(['category', 'decisionOrgan', 'participation', 'procedureKey', 'publication', 'sponsorUnit', 'stage', 'title']);
    expect(JSON.stringify(v)).not.toContain(actors.organ.personId);
    const secret = start({ attributes: { nonDisclosable: true, nonDisclosableGround: '涉及国家秘密' } }).state;
    expect(keys(procedureViewFor(secret, actors.citizen))).toEqual(['category', 'decisionOrgan', 'procedureKey', 'sponsorUnit', 'stage', 'title']);
    expect(readsProcedure(secret, actors.citizen)).toBe(false);
  });
});

describe('who reads and who is responsible', () => {
  it('parties by unit, outsiders by person, the public by publication', () => {
    expect(readsProcedure(s, actors.sponsor)).toBe(true);
    expect(readsProcedure(s, actors.otherSponsor)).toBe(false);
    expect(readsProcedure(s, actors.expert)).toBe(true);
    expect(readsProcedure(s, { ...actors.expert, personId: 'e-9' })).toBe(false);
    expect(readsProcedure(s, actors.adviser)).toBe(true);
    expect(readsProcedure(s, actors.citizen)).toBe(true);
    expect(isResponsibleParty(s, actors.citizen)).toBe(false);
    expect(isResponsibleParty(s, actors.auditor)).toBe(false);
    expect(isResponsibleParty(s, { ...actors.expert, personId: 'e-9' })).toBe(false);
    expect(isResponsibleParty(s, actors.executor)).toBe(true);
  });

  it('events: the organ all, the executor the decision and after, the expert their own share, the public their own receipts', () => {
    const types = (who: Actor) => eventsVisibleTo(t.events, who).map((e) => e.type);
    expect(types(actors.organ)).toHaveLength(t.events.length);
    expect(types(actors.sponsor)).not.toContain('MeetingRecorded');
    expect(types(actors.executor)).toEqual(['ProcedureStarted', 'DecisionPublished', 'ExecutingUnitNamed']);
    expect(types(actors.expert)).toEqual(['ExpertPanelRecorded', 'ExpertOpinionSubmitted']);
    expect(types(actors.citizen)).toEqual([]);
  });
});
