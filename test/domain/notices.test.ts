import { apply, check, decide, fold, noticesFor, type DomainEvent, type ProcedureState } from '../../domain';
import { EXECUTOR, OFFICE, ORGAN, SPONSOR, T, actors, ctx, executing, refuse, start, step, submitted } from './builders';

const last = (events: DomainEvent[]) => events[events.length - 1] as DomainEvent;

describe('notices: what is sent, to whom, when', () => {
  it('R-03: the sponsoring unit is told it has been assigned the procedure, with the steps R-04 requires', () => {
    const t = start();
    const [notice] = noticesFor(t.events[0] as DomainEvent, t.state);
    expect(notice).toMatchObject({ template: 'stepAssigned', recipients: [{ role: 'sponsor', unit: SPONSOR }] });
    expect(notice?.data.requirements).toEqual(expect.arrayContaining(['publicParticipation', 'legalityReview', 'partyReport']));
  });

  it('R-47: the adviser who gave a legal opinion is told whether it was adopted and, if not, why', () => {
    const t = submitted();
    const i = t.events.findIndex((e) => e.type === 'LegalOpinionAdoptionRecorded');
    const before = fold(t.events.slice(0, i)) as ProcedureState;
    const opinions = [
      { summary: '明确收费标准的调整周期', adopted: true, adviserPersonId: actors.adviser.personId },
      { summary: '删除罚则条款', adopted: false, reason: '上位法已有规定，予以保留', adviserPersonId: actors.adviser.personId },
      { summary: '审查处自己的意见', adopted: true },
    ];
    const c = ctx(actors.sponsor, T.legalAdoption);
    const [adoption] = decide('recordLegalOpinionAdoption', before, check('recordLegalOpinionAdoption', before, { opinions }, c), c) as [DomainEvent];
    expect(noticesFor(adoption, apply(before, adoption))).toEqual([{
      template: 'legalOpinionFeedback',
      ruleId: 'R-47',
      recipients: [{ role: 'legal_adviser', unit: actors.adviser.unit, personId: actors.adviser.personId }],
      data: { opinions: [{ summary: '明确收费标准的调整周期', adopted: true }, { summary: '删除罚则条款', adopted: false, reason: '上位法已有规定，予以保留' }] },
    }]);
    // Only an adviser who gave an opinion on this draft can be named.
    expect(refuse(before, 'recordLegalOpinionAdoption', { opinions: [{ summary: 'x', adopted: true, adviserPersonId: 'p-nobody' }] }, actors.sponsor, T.legalAdoption).missing.map((m) => m.item))
      .toEqual(['legality.adviserOpinion:p-nobody']);
  });

  it('R-50: a refusal notifies each responsible party of its own missing items only', () => {
    const t = start();
    const missing = [
      { item: 'participation.period', ruleId: 'R-10', responsible: { role: 'sponsor' as const, unit: SPONSOR }, message: '尚未公开征求意见' },
      { item: 'legality.opinion', ruleId: 'R-40', responsible: { role: 'legality_office' as const, unit: OFFICE }, message: '尚未审查' },
      { item: 'participation.adoptionReport', ruleId: 'R-13', responsible: { role: 'sponsor' as const, unit: SPONSOR }, message: '采纳情况' },
    ];
    const e: DomainEvent = { type: 'CommandRefused', at: T.discussion, actor: actors.sponsor, data: { command: 'submitToDiscussion', missing } };
    const notices = noticesFor(e, t.state);
    expect(notices.map((n) => [n.recipients, (n.data.items as { ruleId: string }[]).map((i) => i.ruleId)])).toEqual([
      [[{ role: 'sponsor', unit: SPONSOR }], ['R-10', 'R-13']],
      [[{ role: 'legality_office', unit: OFFICE }], ['R-40']],
    ]);
  });

  it('R-41 R-54 R-63: the legality office hears of a submission, parties of the decision, the executing unit of its assignment', () => {
    const s = submitted();
    const submittedToOffice = s.events.find((e) => e.type === 'LegalityReviewSubmitted') as DomainEvent;
    expect(noticesFor(submittedToOffice, s.state)[0]).toMatchObject({ template: 'legalitySubmitted', recipients: [{ role: 'legality_office', unit: OFFICE }] });
    expect(noticesFor(last(s.events), s.state)[0]).toMatchObject({ template: 'discussionRequested', recipients: [{ role: 'decision_organ', unit: ORGAN }] });
    const x = executing();
    expect(noticesFor(last(x.events), x.state)[0]).toMatchObject({ template: 'executionAssigned', recipients: [{ role: 'executing_unit', unit: EXECUTOR }, { role: 'sponsor', unit: SPONSOR }] });
  });

  it('R-65: suspension tells the executing unit and the sponsor', () => {
    const t = step(executing(), 'suspendExecution', { reason: '紧急情况', urgentGround: '紧急情况' }, actors.head, T.archive);
    expect(noticesFor(last(t.events), t.state)[0]).toMatchObject({
      template: 'executionSuspended',
      recipients: [{ role: 'executing_unit', unit: EXECUTOR }, { role: 'sponsor', unit: SPONSOR }],
      data: { reason: '紧急情况' },
    });
  });
});
