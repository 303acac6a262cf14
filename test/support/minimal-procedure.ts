import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { actors, doc, meeting, UNITS } from './fixtures';
import { command } from './procedure-client';
import { envNow } from './temporal-env';

const DAY = 24 * 3600 * 1000;
const { sponsor, organ, office, adviser } = actors;

/** Legality review of the current draft with the given outcome, and its adoption record. */
export async function review(h: WorkflowHandle, outcome: string, extra: Record<string, unknown> = {}): Promise<void> {
  await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  await command(h, 'giveLegalityOpinion', office, {
    outcome, authority: '有权', procedure: '合法', substance: '审查意见', document: doc(`op-${outcome}`), ...extra,
  });
  await command(h, 'recordLegalOpinionAdoption', sponsor, { opinions: [{ summary: '审查意见', adopted: true }] });
}

/** A minimal (non-disclosable) procedure taken from start to execution: reviewed, decided, reported, handed over. */
export async function toExecution(env: Pick<TestWorkflowEnvironment, 'sleep' | 'currentTimeMs'>, h: WorkflowHandle): Promise<WorkflowHandle> {
  await review(h, 'lawful');
  await env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  await command(h, 'recordMeeting', organ, meeting('approve', ['approve', 'approve'], undefined, await envNow(env)));
  await command(h, 'recordPartyReport', organ, { document: doc('party') });
  await command(h, 'publishDecision', organ, { exemptGround: '涉及国家秘密', document: doc('decided-text') });
  await command(h, 'nameExecutingUnit', organ, { unit: UNITS.executor });
  return h;
}
