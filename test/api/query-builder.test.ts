import { IdempotencyStore } from '../../api/idempotency';
import { ApiProblem } from '../../api/problem';
import { buildQuery, literal, procedureClauses, procedureFilterSchema } from '../../api/visibility';

/*
 * The pieces of issue #4 that need no server: the visibility query builder (whitelisted
 * fields, escaped values) and the idempotency store's behaviour under concurrency.
 */
describe('visibility query builder', () => {
  it('escapes string values so they cannot leave their literal', () => {
    expect(literal("x' OR 1=1 OR a='")).toBe("'x'' OR 1=1 OR a='''");
    expect(literal('a\\')).toBe("'a\\\\'");
    expect(literal(2026)).toBe('2026');
    expect(literal(true)).toBe('true');
    expect(literal(new Date('2026-12-01T00:00:00+08:00'))).toBe("'2026-11-30T16:00:00.000Z'");
    expect(() => literal(Number.NaN)).toThrow();
  });

  it('names only whitelisted fields, with typed values from the parsed filter', () => {
    const f = procedureFilterSchema.parse({ stage: 'preparation', catalogYear: '2026', delayed: 'true', deadlineBefore: '2026-12-01T00:00:00+08:00' });
    expect(buildQuery(procedureClauses(f))).toBe(
      "`WorkflowType` = 'decisionProcedure' AND `ExecutionStatus` != 'ContinuedAsNew' AND `ProcedureStage` = 'preparation' AND `NextDeadline` < '2026-11-30T16:00:00.000Z' AND `CatalogYear` = 2026 AND `Delayed` = true",
    );
    expect(() => buildQuery([{ field: 'RunId' as never, op: '=', value: 'x' }])).toThrow(/not queryable/);
    expect(procedureFilterSchema.safeParse({ stage: "preparation' OR '1'='1" }).success).toBe(false);
    expect(procedureFilterSchema.safeParse({ catalogYear: '2026 OR 1=1' }).success).toBe(false);
  });
});

describe('idempotency store', () => {
  it('runs one producer for concurrent repeats, and refuses the key for another body', async () => {
    const store = new IdempotencyStore();
    let runs = 0;
    const produce = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return { status: 201, body: { n: runs } };
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => store.run('k', 'f', produce)));
    expect(runs).toBe(1);
    expect(results.filter((r) => r.replayed)).toHaveLength(19);
    expect(new Set(results.map((r) => JSON.stringify(r.result))).size).toBe(1);
    await expect(store.run('k', 'other', produce)).rejects.toBeInstanceOf(ApiProblem);
  });

  it('forgets 5xx answers (a retry tries again) and expired keys', async () => {
    let now = 0;
    const store = new IdempotencyStore({ ttlMs: 1000, now: () => now });
    let runs = 0;
    await store.run('a', 'f', async () => ({ status: 500, body: (runs++, {}) }));
    await store.run('a', 'f', async () => ({ status: 200, body: (runs++, {}) }));
    await store.run('a', 'f', async () => ({ status: 200, body: (runs++, {}) }));
    expect(runs).toBe(2);
    now = 5000;
    await store.run('a', 'f', async () => ({ status: 200, body: (runs++, {}) }));
    expect(runs).toBe(3);
  });
});

it('keeps the store within its byte budget, dropping the oldest answers first', async () => {
  const store = new IdempotencyStore({ maxBytes: 1000 });
  const big = { status: 200, body: { text: 'x'.repeat(400) } };
  for (const k of ['a', 'b', 'c', 'd']) await store.run(k, 'f', async () => big);
  let runs = 0;
  await store.run('a', 'f', async () => (runs++, big));
  await store.run('d', 'f', async () => (runs++, big));
  expect(runs).toBe(1);
});
