import type { WorkflowHandle } from '@temporalio/client';
import { actors, UNITS } from '../support/fixtures';
import { lightStart, postEvaluationSteps, settled, startWithEvents, trail } from './fixtures';
import { devServerHarness, get, post, uploadFixtureDocs, type ApiHarness } from './harness';

/*
 * docs/rules.md §1, R-50 through HTTP: GET /procedures/{key}/actions answers what the caller may
 * do now — as the same readers as GET /procedures/{key} — and what it answers is what the
 * procedure then does: an offered command with nothing blocking it is accepted, one blocked is
 * refused (409) for the very items listed.
 */
let h: ApiHarness;
let procedure: WorkflowHandle;
const KEY = `actions-${Date.now()}`;

interface Action {
  command: string;
  name: string;
  title: string;
  rules: string[];
  href: string;
  schema: { type?: string; properties?: Record<string, unknown> };
  blockedBy: { item: string; ruleId: string; message: string; responsible: { role: string; unit?: string } }[];
}
const actionsOf = async (who: (typeof actors)[keyof typeof actors], key = KEY) => {
  const res = await get(h, who, `/procedures/${key}/actions`);
  return { status: res.status, stage: res.body.stage as string, actions: (res.body.actions ?? []) as Action[] };
};

beforeAll(async () => {
  h = await devServerHarness();
  await uploadFixtureDocs(h);
  // Participation done (comment period opened, closed, adoption reported); the legality review not yet asked for.
  procedure = await startWithEvents(h.client, h.config.temporal.taskQueue, trail(lightStart(KEY), postEvaluationSteps().slice(0, 3)).events);
  await settled(procedure);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe('GET /procedures/{key}/actions', () => {
  it('R-50: the sponsor is offered its commands with their forms; submitting to discussion lists what is missing, and the procedure refuses it for exactly that', async () => {
    const { status, stage, actions } = await actionsOf(actors.sponsor);
    expect(status).toBe(200);
    expect(stage).toBe('preparation');
    const submit = actions.find((a) => a.name === 'submitToDiscussion');
    expect(submit).toMatchObject({ command: 'submit-to-discussion', title: '提请集体讨论', href: `/procedures/${KEY}/submit-to-discussion`, schema: { type: 'object' } });
    expect(submit?.rules).toContain('R-50');
    expect(submit?.blockedBy.map((m) => [m.item, m.ruleId])).toEqual([
      ['legality.submission', 'R-41'],
      ['legality.opinion', 'R-40'],
      ['legality.adoption', 'R-47'],
    ]);
    expect(submit?.blockedBy[0]?.message).toMatch(/^本稿尚未送请合法性审查 \/ /);
    const refused = await post(h, actors.sponsor, submit?.href ?? '', {});
    expect(refused.status).toBe(409);
    expect(refused.body.missing.map((m: { item: string }) => m.item)).toEqual(submit?.blockedBy.map((m) => m.item));
    // Not offered: the organ's commands, and what the stage does not allow.
    expect(actions.map((a) => a.name)).not.toEqual(expect.arrayContaining(['recordMeeting']));
    expect(actions.map((a) => a.name)).not.toContain('approveLaunch');
  });

  it('an offered command with nothing blocking it is accepted; then the office is offered its opinion, waiting on an adviser (R-43)', async () => {
    const submitLegality = (await actionsOf(actors.sponsor)).actions.find((a) => a.name === 'submitLegalityReview');
    expect(submitLegality?.blockedBy).toEqual([]);
    expect(submitLegality?.schema.properties).toHaveProperty('legalBasis', expect.objectContaining({ title: '制定依据' }));
    const res = await post(h, actors.sponsor, submitLegality?.href ?? '', { legalBasis: '依据', procedureAccount: '已履行公众参与程序' });
    expect(res.status).toBe(200);
    const office = await actionsOf(actors.office);
    expect(office.stage).toBe('legality_review');
    expect(office.actions.map((a) => a.name)).toEqual(expect.arrayContaining(['giveLegalityOpinion', 'returnForSupplement', 'engageLegalAdvisers', 'extendLegalityDeadline']));
    expect(office.actions.find((a) => a.name === 'giveLegalityOpinion')?.blockedBy.map((m) => [m.item, m.responsible.role])).toEqual([['legality.adviserOpinions', 'legal_adviser']]);
    // The sponsor has nothing of the review to do now.
    expect((await actionsOf(actors.sponsor)).actions.map((a) => a.name)).not.toContain('submitLegalityReview');
  });

  it('docs/rules.md §1: the readers of the procedure only — another unit 403, an auditor reads but is offered nothing; no procedure 404', async () => {
    expect((await actionsOf(actors.otherSponsor)).status).toBe(403);
    const auditor = await actionsOf(actors.auditor);
    expect(auditor).toMatchObject({ status: 200, actions: [] });
    // The organ of the procedure: its own commands (the unit the procedure names).
    expect((await actionsOf(actors.organ)).actions.map((a) => a.name)).toContain('amendRequirements');
    expect((await actionsOf({ ...actors.organ, unit: UNITS.other } as never)).status).toBe(403);
    expect((await actionsOf(actors.sponsor, 'no-such-procedure')).status).toBe(404);
  });
});
