import type { Client, WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { envNow } from './temporal-env';
import { actors, doc, fullStart, meeting, UNITS } from './fixtures';
import { command, startProcedureWorkflow } from './procedure-client';

const DAY = 24 * 3600 * 1000;

/**
 * A standard full procedure: public participation, expert review, risk assessment,
 * legality review, collective discussion, Party report, publication, archive,
 * execution and close — the steps most major decisions need.
 */
export const standardStart = (key: string) =>
  fullStart(key, {
    attributes: {
      nonDisclosable: false, affectsSpecificGroup: false, hearing: 'none', highlySpecialised: true,
      stabilityRisk: true, affectsMarketEntities: false, peoplesCongressRemit: false, otherDepartments: [], wideConcern: true,
    },
  });

/** Drives a standard full procedure to its close on the time-skipping server. */
export async function driveStandardProcedure(env: Pick<TestWorkflowEnvironment, 'sleep' | 'currentTimeMs'> & { client: Client }, key: string): Promise<WorkflowHandle> {
  // Started as the API starts it: its search attributes set at the start (workflows/search.ts).
  const h = await startProcedureWorkflow(env.client, standardStart(key), actors.organ, undefined, undefined, new Date(await env.currentTimeMs()).toISOString());
  const { sponsor, organ, office, adviser, expert1, executor } = actors;
  const opinions = [{ summary: '意见', adopted: true }];
  await command(h, 'openCommentPeriod', sponsor, { explanation: doc('explanation'), channels: ['市政府网站'], days: 30 });
  await command(h, 'recordExpertPanel', sponsor, {
    members: [{ personId: expert1.personId, name: expert1.name, expertise: '交通工程', perspective: '中立', directInterest: false }],
    selectionRationale: '专业性、代表性、中立性',
  });
  await command(h, 'submitExpertOpinion', expert1, { personId: expert1.personId, document: doc('expert-1'), signed: true });
  await command(h, 'submitExpertAdoptionReport', sponsor, { opinions, document: doc('expert-adoption') });
  await command(h, 'submitRiskReport', sponsor, {
    assessor: '某评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['停运'],
    measures: '分步实施', responsePlan: '预案', level: 'low', document: doc('risk'),
  });
  await command(h, 'recordRiskControllability', organ, { controllable: true });
  await env.sleep(32 * DAY);
  await command(h, 'closeCommentPeriod', sponsor, {});
  await command(h, 'submitParticipationAdoptionReport', sponsor, { opinions, document: doc('adoption') });
  await command(h, 'submitLegalityReview', sponsor, { legalBasis: '依据', procedureAccount: '已履行程序' });
  await command(h, 'engageLegalAdvisers', office, { advisers: [{ personId: adviser.personId, name: adviser.name }] });
  await command(h, 'submitLegalAdviserOpinion', adviser, { adviser: adviser.name, document: doc('adviser') });
  await command(h, 'giveLegalityOpinion', office, { outcome: 'lawful', authority: '有权', procedure: '合法', substance: '合法', document: doc('op') });
  await command(h, 'recordLegalOpinionAdoption', sponsor, { opinions });
  // 7 working days can span a long holiday (Spring Festival: 9 days off).
  await env.sleep(21 * DAY);
  await command(h, 'submitToDiscussion', sponsor, {});
  await command(h, 'recordMeeting', organ, meeting('approve', ['approve', 'approve'], undefined, await envNow(env)));
  await command(h, 'recordPartyReport', organ, { document: doc('party') });
  await command(h, 'publishDecision', organ, { channels: ['政府公报'], adoptionExplanation: '说明', document: doc('decided-text') });
  await command(h, 'nameExecutingUnit', organ, { unit: UNITS.executor });
  await command(h, 'submitExecutionReport', executor, { kind: 'periodic', document: doc('exec') });
  // execution complete, so closing does not stop the decision.
  await command(h, 'submitExecutionReport', executor, { kind: 'final', document: doc('exec-final') });
  await command(h, 'archiveProcedure', organ, { archiveReference: 'DA-1' });
  await command(h, 'closeProcedure', organ, { reason: '执行完毕' });
  return h;
}
