import { ApplicationFailure } from '@temporalio/workflow';
import { ZodError } from 'zod';
import { DomainError } from '../domain';
import { FAILURE_TYPES } from './messages';

/**
 * A validator's refusal as a typed, non-retryable failure: the update is
 * rejected synchronously and never enters history (STYLE: errors).
 */
export function toFailure(err: unknown): ApplicationFailure {
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
      details: [{ code: err.code, ruleIds: err.ruleIds, missing: err.missing }],
    });
  }
  if (err instanceof ApplicationFailure) return err;
  return ApplicationFailure.create({ type: 'InternalError', message: String(err), nonRetryable: true });
}
