import { COMMAND_NAMES, DomainError, awaitingParties, check, defaultPolicy, noticesFor, startProcedure, startProcedureSchema, type DomainEvent } from '../../domain';
import { START_AT, actors, bj, ctx, domainError, start, startPayload, step } from './builders';

/*
 * an item of the organ's published catalog is already decided to start, so its sponsoring
 * unit launches the procedure itself; an item outside the catalog is launched by the sponsor as a
 * request the organ approves (or refuses, with a reason) before any step runs.
 */
const OUTSIDE = { catalog: { outsideReason: '年度目录编制后新增的事项' } };
const requested = () => start(OUTSIDE, { actor: actors.sponsor });

describe('R-03 who launches a procedure', () => {
  it('R-03: the sponsoring unit launches a catalog item itself; the procedure is in preparation', () => {
    const t = start({}, { actor: actors.sponsor });
    expect(t.state.stage).toBe('preparation');
    expect(t.state.startedBy).toEqual(actors.sponsor);
  });

  it('R-03: a sponsor of another unit cannot launch the item', () => {
    const p = startProcedureSchema.parse(startPayload());
    expect(domainError(() => startProcedure(p, ctx(actors.otherSponsor, START_AT), defaultPolicy)).ruleIds).toContain('R-03');
  });

  it('R-03: the organ launching an item outside the catalog starts it directly, as before', () => {
    expect(start(OUTSIDE).state.stage).toBe('preparation');
  });

  it('R-03: a sponsor launching an item outside the catalog makes a launch request', () => {
    const t = requested();
    expect(t.state.stage).toBe('launch_requested');
    expect(t.events[0]).toMatchObject({ type: 'ProcedureStarted', data: { launchRequested: true } });
  });

  it('R-03: in a launch request every other command is refused, naming the missing approval', () => {
    const t = requested();
    const c = ctx(actors.sponsor, bj('2026-03-03'));
    for (const name of COMMAND_NAMES.filter((n) => n !== 'approveLaunch' && n !== 'refuseLaunch')) {
      let err: unknown;
      try {
        check(name, t.state, {}, { ...c, actor: name === 'submitExpertOpinion' ? actors.expert : c.actor });
      } catch (e) {
        err = e;
      }
      // Malformed bodies are refused first (400); every well-formed one must hit the approval.
      if (err instanceof DomainError && err.code !== 'NOT_ALLOWED') {
        expect({ name, code: err.code, ruleIds: err.ruleIds }).toEqual({ name, code: 'STEP_MISSING', ruleIds: ['R-03'] });
        expect(err.missing.map((m) => m.item)).toEqual(['launch.approval']);
      }
    }
    const e = domainError(() => check('reviseDraft', t.state, { document: { sha256: 'a'.repeat(64), size: 1, mediaType: 'application/pdf', name: 'x.pdf' }, reason: '修改' }, c));
    expect(e.code).toBe('STEP_MISSING');
    expect(e.missing).toEqual([expect.objectContaining({ item: 'launch.approval', ruleId: 'R-03', responsible: { role: 'decision_organ', unit: t.state.decisionOrgan } })]);
  });

  it('R-03: the decision organ approves the launch request; the procedure then runs as any other', () => {
    const t = step(requested(), 'approveLaunch', {}, actors.organ, bj('2026-03-03'));
    expect(t.state.stage).toBe('preparation');
    expect(t.events.at(-1)?.type).toBe('LaunchApproved');
  });

  it('R-03: only the decision organ decides on a launch request', () => {
    for (const actor of [actors.sponsor, actors.otherOrgan]) {
      expect(domainError(() => step(requested(), 'approveLaunch', {}, actor, bj('2026-03-03'))).code).toBe('NOT_ALLOWED');
    }
  });

  it('R-03: the organ refuses a launch request with a reason, which closes the procedure', () => {
    expect(() => step(requested(), 'refuseLaunch', {}, actors.organ, bj('2026-03-03'))).toThrow();
    const t = step(requested(), 'refuseLaunch', { reason: '不属于本年度重点工作' }, actors.organ, bj('2026-03-03'));
    expect(t.state.stage).toBe('closed');
    expect(t.events.at(-1)).toMatchObject({ type: 'LaunchRefused', data: { reason: '不属于本年度重点工作' } });
  });

  it('R-03: approving is refused once the procedure is no longer a launch request', () => {
    expect(domainError(() => step(start(), 'approveLaunch', {}, actors.organ, bj('2026-03-03'))).code).toBe('INVALID_TRANSITION');
  });
});

describe('R-03 who is told about a launch request', () => {
  it('R-03: a launch request awaits the decision organ; drafting is assigned to the sponsor once it is approved', () => {
    const t = requested();
    expect(awaitingParties(t.state)).toEqual([{ role: 'decision_organ', unit: t.state.decisionOrgan }]);
    expect(noticesFor(t.events[0] as DomainEvent, t.state)).toEqual([]);
    const approved = step(t, 'approveLaunch', {}, actors.organ, bj('2026-03-03'));
    expect(noticesFor(approved.events.at(-1) as DomainEvent, approved.state)).toEqual([
      expect.objectContaining({ template: 'stepAssigned', ruleId: 'R-03', recipients: [{ role: 'sponsor', unit: t.state.sponsorUnit }] }),
    ]);
    expect(awaitingParties(approved.state)).toEqual([{ role: 'sponsor', unit: t.state.sponsorUnit }]);
  });
});
