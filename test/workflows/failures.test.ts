import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { DomainError } from '../../domain';
import { toFailure } from '../../workflows/failures';
import { FAILURE_TYPES } from '../../workflows/messages';

/*
 * What a workflow throws decides what happens to the procedure: an ApplicationFailure ends it
 * (or refuses the update), any other error only fails the workflow task, which the server
 * retries. A refusal must be the former, a bug the latter.
 */
describe('toFailure', () => {
  it('turns a schema error into a non-retryable InvalidInput naming each field', () => {
    const parsed = z.object({ days: z.number() }).safeParse({ days: 'x' });
    const f = toFailure(parsed.error);
    expect(f).toBeInstanceOf(ApplicationFailure);
    expect((f as ApplicationFailure).type).toBe(FAILURE_TYPES.invalidInput);
    expect((f as ApplicationFailure).nonRetryable).toBe(true);
    expect((f as ApplicationFailure).details?.[0]).toEqual({ issues: [{ path: ['days'], message: expect.any(String) }] });
  });

  it('turns a domain refusal into a non-retryable DomainError with its rule ids and missing steps', () => {
    const missing = [{ item: 'legality.review', ruleIds: ['R-46'], responsible: { role: 'legal_office' } }];
    const f = toFailure(new DomainError('STEP_MISSING', '缺少合法性审查', ['R-46'], missing as never));
    expect((f as ApplicationFailure).type).toBe(FAILURE_TYPES.domain);
    expect((f as ApplicationFailure).details?.[0]).toEqual({ code: 'STEP_MISSING', ruleIds: ['R-46'], missing });
  });

  it('leaves a bug as it is, so it fails the workflow task (retried) and never the procedure', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(toFailure(bug)).toBe(bug);
    expect(toFailure(bug)).not.toBeInstanceOf(ApplicationFailure);
    expect(toFailure('thrown string')).not.toBeInstanceOf(ApplicationFailure);
  });
});
