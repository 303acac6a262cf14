import { driveStandardProcedure } from '../support/standard-procedure';
import { timeSkippingSuite } from '../support/temporal-env';

const suite = timeSkippingSuite();

it('history budget: a standard full procedure uses at most 150 history events', async () => {
  const h = await driveStandardProcedure(suite.env, `budget-${Date.now()}`);
  await h.result();
  const history = await h.fetchHistory();
  expect(history.events?.length).toBeLessThanOrEqual(150);
});
