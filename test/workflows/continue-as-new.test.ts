import { defaultCalendar, defaultPolicy } from '../../domain';
import { procedureWorkflowId } from '../../workflows/ids';
import { actors, doc, minimalStart } from '../support/fixtures';
import { toExecution } from '../support/minimal-procedure';
import { command, stateOf } from '../support/procedure-client';
import { timeSkippingSuite, TASK_QUEUE } from '../support/temporal-env';

const suite = timeSkippingSuite();

// Its own server: other files' long sleeps leave many timers that slow time skipping.

const { organ, executor } = actors;
const key = (name: string) => `${name}-${Date.now()}`;

it('execution lasting years keeps the history bounded: continue-as-new carries every event', async () => {
  const k = key('long');
  const h = await suite.env.client.workflow.start('decisionProcedure', {
    taskQueue: TASK_QUEUE,
    workflowId: procedureWorkflowId(k),
    args: [{ start: minimalStart(k), actor: organ, policy: defaultPolicy, calendar: defaultCalendar.toData(), continueAsNewAfterEvents: 80 }],
  });
  await toExecution(suite.env, h);
  for (let i = 0; i < 12; i++) {
    await command(h, 'submitExecutionReport', executor, { kind: 'periodic', document: doc(`report-${i}`) });
  }
  const latest = suite.env.client.workflow.getHandle(h.workflowId);
  const first = await suite.env.client.workflow.getHandle(h.workflowId, h.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');
  const s = await stateOf(latest);
  expect(s.after.executionReports).toHaveLength(12);
  expect(s.legality.opinion?.outcome).toBe('lawful');
});

