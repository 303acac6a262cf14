import { ApplicationFailure } from '@temporalio/workflow';
import { ZodError } from 'zod';
import { DomainError } from '../domain';
import { FAILURE_TYPES } from './messages';

/**
 * A validator's refusal as a typed, non-retryable failure: the update is
 * rejected synchronously and never enters history (STYLE: errors).
 *
 * Anything else (a TypeError: a bug) is returned as it is. Thrown from the workflow, the SDK
 * then fails the workflow task, which is retried until a fixed worker is deployed; wrapped in
 * an ApplicationFailure it would fail the procedure itself, for good.
 */
export function toFailure(err: unknown): ApplicationFailure | Error {
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    return ApplicationFailure.create({
      type: FAILURE_TYPES.invalidInput,
      message: '请求内容不合法',
      nonRetryable: true,
      details: [{ issues }],
    });
  }
  if (err instanceof DomainError) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.domain,
      message: err.message,
      nonRetryable: true,
      details: [{ code: err.code, ruleIds: err.ruleIds, missing: err.missing, ...(err.actorResponsible === undefined ? {} : { actorResponsible: err.actorResponsible }) }],
    });
  }
  if (err instanceof Error) return err;
  return new Error(String(err));
}
