import {
  IN_SCOPE_CATEGORIES,
  OUT_OF_SCOPE_CATEGORIES,
  STEPS,
  defaultPolicy,
  deriveRequirements,
  discussionGate,
  defaultCalendar,
  itemAttributesSchema,
  startProcedure,
  startProcedureSchema,
} from '../../domain';
import { PROPOSAL_SOURCES } from '../../domain/commands/start';
import {
  ORGAN,
  SPONSOR,
  OFFICE,
  START_AT,
  T,
  actors,
  bj,
  ctx,
  doc,
  domainError,
  issuePaths,
  refuse,
  start,
  startPayload,
  step,
  zodError,
} from './builders';

const parseStart = (over: Parameters<typeof startPayload>[0] = {}) => startProcedureSchema.parse(startPayload(over));

describe('R-01 scope of decision items', () => {
  it.each(OUT_OF_SCOPE_CATEGORIES)('R-01: an item of category %s is refused as out of scope, with the rule named', (category) => {
    const p = parseStart({ category });
    const e = domainError(() => startProcedure(p, ctx(actors.organ, START_AT), defaultPolicy));
    expect(e.code).toBe('OUT_OF_SCOPE');
    expect(e.ruleIds).toEqual(['R-01']);
    expect(e.message).toContain('第三条');
  });

  it.each(IN_SCOPE_CATEGORIES)('R-01: an item of category %s starts a procedure', (category) => {
    expect(start({ category }).state.category).toBe(category);
  });

  it('R-01: the five categories of D§3 are exactly the ones in scope', () => {
    expect([...IN_SCOPE_CATEGORIES].sort()).toEqual(
      ['development_plan', 'natural_cultural_resources', 'other_major_matter', 'public_construction_project', 'public_policy'],
    );
    expect([...OUT_OF_SCOPE_CATEGORIES].sort()).toEqual(['emergency_response', 'fiscal_monetary_macro_control', 'government_legislation']);
  });

  it('R-01: an unknown category is a malformed request naming the field', () => {
    const e = zodError(() => startProcedureSchema.parse(startPayload({ category: 'tax_rates' as never })));
    expect(issuePaths(e)).toEqual(['category']);
  });
});

describe('R-02 decision-item catalog', () => {
  it('R-02: a start with neither a catalog entry nor a reason is refused', () => {
    const { catalog: _c, ...noCatalog } = startPayload() as Record<string, unknown>;
    expect(issuePaths(zodError(() => startProcedureSchema.parse(noCatalog)))).toContain('catalog');
    expect(issuePaths(zodError(() => startProcedureSchema.parse(startPayload({ catalog: {} as never }))))).toContain('catalog');
  });

  it('R-02: a blank reason or an entry without its year does not count', () => {
    zodError(() => startProcedureSchema.parse(startPayload({ catalog: { outsideReason: '   ' } })));
    zodError(() => startProcedureSchema.parse(startPayload({ catalog: { entryId: '2026-07' } as never })));
  });

  it('R-02: the catalog entry, or the reason for being outside it, is kept in the state', () => {
    expect(start().state.catalog).toEqual({ year: 2026, entryId: '2026-07' });
    const outside = start({ catalog: { outsideReason: '年中新增的重大事项，尚未列入年度目录' } }).state;
    expect(outside.catalog).toEqual({ outsideReason: '年中新增的重大事项，尚未列入年度目录' });
  });
});

describe('R-03 start of a procedure', () => {
  it('R-03: only the decision organ, or the sponsoring unit for its own item, starts', () => {
    const p = parseStart();
    for (const actor of [actors.otherSponsor, actors.sponsorLegal, actors.office, actors.citizen, actors.otherOrgan]) {
      const e = domainError(() => startProcedure(p, ctx(actor, START_AT), defaultPolicy));
      expect(e.code).toBe('NOT_ALLOWED');
      expect(e.ruleIds).toContain('R-03');
    }
  });

  it.each(PROPOSAL_SOURCES)('R-03: a proposal from source %s is accepted', (source) => {
    expect(start({ proposal: { source, proposer: '提议人', summary: '建议' } }).state.proposal.source).toBe(source);
  });

  it('R-03: a proposal source outside D§10 is refused', () => {
    const e = zodError(() => parseStart({ proposal: { source: 'lobbyist' as never, proposer: 'x', summary: 'y' } }));
    expect(issuePaths(e)).toEqual(['proposal.source']);
  });

  it('R-03: the start names the sponsoring (lead) unit, co-sponsors and office, and records who started it and when', () => {
    const { state, events } = start({ coSponsorUnits: ['江城市公安局交通警察支队'] });
    expect(state).toMatchObject({
      decisionOrgan: ORGAN,
      sponsorUnit: SPONSOR,
      coSponsorUnits: ['江城市公安局交通警察支队'],
      legalityOffice: OFFICE,
      stage: 'preparation',
      startedAt: START_AT,
      startedBy: actors.organ,
    });
    expect(state.drafts).toEqual([{ version: 1, document: doc('draft-v1'), reason: '初稿', at: START_AT }]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ProcedureStarted', at: START_AT, actor: actors.organ });
  });

  it('R-03: every required field is named at once when the start is malformed', () => {
    const e = zodError(() => startProcedureSchema.parse({ procedureKey: 'x', title: '' }));
    const paths = issuePaths(e);
    for (const f of ['procedureKey', 'title', 'category', 'decisionOrgan', 'sponsorUnit', 'legalityOffice', 'proposal', 'catalog', 'attributes', 'draft']) {
      expect(paths).toContain(f);
    }
  });
});

describe('R-04 required steps follow from the item', () => {
  it('R-04: an item with no special attribute requires public participation, legality review and the Party report only', () => {
    const r = deriveRequirements(itemAttributesSchema.parse({}));
    const required = STEPS.filter((s) => r[s].required);
    expect(required).toEqual(['publicParticipation', 'legalityReview', 'partyReport']);
    for (const s of STEPS) expect(r[s].reason.length > 0 || r[s].required).toBe(true);
  });

  it.each([
    [{ affectsSpecificGroup: true }, 'groupConsultation', 'R-04'],
    [{ hearing: 'chosen' }, 'hearing', 'R-04'],
    [{ hearing: 'required_by_law' }, 'hearing', 'R-04'],
    [{ highlySpecialised: true }, 'expertReview', 'R-04'],
    [{ stabilityRisk: true }, 'riskAssessment', 'R-04'],
    [{ affectsMarketEntities: true }, 'fairCompetitionReview', 'R-04'],
    [{ peoplesCongressRemit: true }, 'peoplesCongressReport', 'R-60'],
    [{ otherDepartments: ['江城市公安局'] }, 'departmentConsultation', 'R-05'],
  ] as const)('R-04: attributes %j require %s (rule %s)', (attrs, stepName, ruleId) => {
    const without = deriveRequirements(itemAttributesSchema.parse({}));
    const r = deriveRequirements(itemAttributesSchema.parse(attrs));
    expect(without[stepName].required).toBe(false);
    expect(r[stepName]).toMatchObject({ required: true, ruleId });
  });

  it('R-04: a legally non-disclosable item needs its legal ground, and then needs no public participation', () => {
    const e = zodError(() => parseStart({ attributes: { nonDisclosable: true } }));
    expect(issuePaths(e)).toEqual(['attributes.nonDisclosableGround']);
    const { state } = start({ attributes: { nonDisclosable: true, nonDisclosableGround: '《保守国家秘密法》第九条' } });
    expect(state.requirements.publicParticipation.required).toBe(false);
    expect(state.requirements.publicParticipation.reason).toContain('《保守国家秘密法》第九条');
    const refused = domainError(() =>
      step({ state, events: [] }, 'openCommentPeriod', { explanation: doc('x'), channels: ['网站'], days: 30 }, actors.sponsor, T.open),
    );
    expect(refused.code).toBe('INVALID_TRANSITION');
  });

  it('R-04: an equivalent risk assessment that already exists replaces the assessment, cited in the reason', () => {
    const r = deriveRequirements(itemAttributesSchema.parse({ stabilityRisk: true, equivalentRiskAssessment: '江城市综合交通规划社会稳定风险评估（2025）' }));
    expect(r.riskAssessment.required).toBe(false);
    expect(r.riskAssessment.reason).toContain('江城市综合交通规划社会稳定风险评估（2025）');
  });

  it('R-04: the requirements are fixed at start and carried, with the pinned policy and calendar, in the first event', () => {
    const { events, state } = start({ attributes: { highlySpecialised: true } });
    const first = events[0];
    if (first?.type !== 'ProcedureStarted') throw new Error('no start event');
    expect(first.data.requirements.expertReview.required).toBe(true);
    expect(first.data.policy).toEqual(defaultPolicy);
    expect(first.data.calendarVersion).toBe(defaultCalendar.version);
    expect(state.requirements).toEqual(first.data.requirements);
  });

  it('R-04: the decision organ may change them by a recorded, reasoned amendment, which the gate then follows', () => {
    let t = start();
    const change = { changes: [{ step: 'expertReview', required: true, reason: '收费测算专业性较强，补充专家论证' }] };
    expect(refuse(t.state, 'amendRequirements', change, actors.sponsor, bj('2026-03-03')).code).toBe('NOT_ALLOWED');
    expect(issuePaths(zodError(() => step(t, 'amendRequirements', { changes: [{ step: 'expertReview', required: true }] }, actors.organ, bj('2026-03-03')))))
      .toEqual(['changes.0.reason']);
    t = step(t, 'amendRequirements', change, actors.organ, bj('2026-03-03'));
    expect(t.events.at(-1)).toMatchObject({ type: 'RequirementsAmended', actor: actors.organ, data: change });
    expect(t.state.requirements.expertReview).toEqual({ required: true, reason: '收费测算专业性较强，补充专家论证', ruleId: 'R-04' });
    expect(discussionGate(t.state, defaultCalendar, T.discussion).map((m) => m.item)).toEqual(
      expect.arrayContaining(['expert.opinions', 'expert.adoptionReport']),
    );
  });

  it('R-04: the legality review and the Party committee report cannot be waived by amendment', () => {
    const t = start();
    for (const s of ['legalityReview', 'partyReport']) {
      const e = refuse(t.state, 'amendRequirements', { changes: [{ step: s, required: false, reason: '时间紧迫' }] }, actors.organ, bj('2026-03-03'));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.ruleIds).toContain('R-04');
    }
  });

  it('R-04: a step the statute or another rule makes mandatory is never waived: public participation of a disclosable item, a hearing another rule requires, expert review of a specialised item', () => {
    const t = start({ attributes: { hearing: 'required_by_law', highlySpecialised: true, stabilityRisk: true } });
    for (const s of ['publicParticipation', 'hearing', 'expertReview', 'riskAssessment']) {
      const e = refuse(t.state, 'amendRequirements', { changes: [{ step: s, required: false, reason: '时间紧迫' }] }, actors.organ, bj('2026-03-03'));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.ruleIds).toEqual(['R-04']);
      expect(e.message).toContain(s);
    }
  });

  it('R-04: an optional step (a hearing the organ chose, a step added by amendment) is dropped only by a reasoned amendment', () => {
    let t = start({ attributes: { hearing: 'chosen', nonDisclosable: true, nonDisclosableGround: '《保守国家秘密法》' } });
    t = step(t, 'amendRequirements', { changes: [{ step: 'hearing', required: false, reason: '各方意见已趋一致，不再举行听证' }] }, actors.organ, bj('2026-03-03'));
    expect(t.state.requirements.hearing).toEqual({ required: false, reason: '各方意见已趋一致，不再举行听证', ruleId: 'R-04' });
    t = step(t, 'amendRequirements', { changes: [{ step: 'expertReview', required: true, reason: '补充专家论证' }] }, actors.organ, bj('2026-03-04'));
    t = step(t, 'amendRequirements', { changes: [{ step: 'expertReview', required: false, reason: '经研究无需专家论证' }] }, actors.organ, bj('2026-03-05'));
    expect(t.state.requirements.expertReview.required).toBe(false);
  });
});

describe('R-05 inter-department consultation', () => {
  const depts = ['江城市公安局', '江城市财政局'];

  it('R-05: each department whose duties the item touches is listed as missing until consulted, sponsor responsible', () => {
    const t = start({ attributes: { otherDepartments: depts } });
    const gate = discussionGate(t.state, defaultCalendar, T.discussion);
    expect(gate.filter((m) => m.ruleId === 'R-05')).toEqual(
      depts.map((d) => ({ item: `department:${d}`, ruleId: 'R-05', responsible: { role: 'sponsor', unit: SPONSOR }, message: expect.stringContaining(d) })),
    );
  });

  it('R-05: an unresolved dispute must state each side\'s view for the decision organ', () => {
    const t = start({ attributes: { otherDepartments: depts } });
    const e = zodError(() => step(t, 'recordDepartmentConsultation', { department: depts[0], agreed: false }, actors.sponsor, bj('2026-03-05')));
    expect(issuePaths(e).sort()).toEqual(['departmentView', 'sponsorView']);
  });

  it('R-05: consultations, agreed or with both views stated, satisfy the gate and stay in the record', () => {
    let t = start({ attributes: { otherDepartments: depts } });
    t = step(t, 'recordDepartmentConsultation', { department: depts[0], agreed: true }, actors.sponsor, bj('2026-03-05'));
    t = step(t, 'recordDepartmentConsultation', {
      department: depts[1],
      agreed: false,
      departmentView: '收费收入应当全额上缴财政',
      sponsorView: '收费收入用于停车设施建设',
    }, actors.sponsor, bj('2026-03-06'));
    expect(t.state.departments[depts[1]!]).toMatchObject({
      agreed: false,
      departmentView: '收费收入应当全额上缴财政',
      sponsorView: '收费收入用于停车设施建设',
      actor: actors.sponsor,
      at: bj('2026-03-06'),
    });
    expect(discussionGate(t.state, defaultCalendar, T.discussion).filter((m) => m.ruleId === 'R-05')).toEqual([]);
  });

  it('R-05: only the sponsoring unit records consultations', () => {
    const t = start({ attributes: { otherDepartments: depts } });
    const e = refuse(t.state, 'recordDepartmentConsultation', { department: depts[0], agreed: true }, actors.otherSponsor, bj('2026-03-05'));
    expect(e.code).toBe('NOT_ALLOWED');
  });
});
