import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { toProblem } from '../../api/problem';

/*
 * Temporal not answering in time is not an internal error: nothing is known to have happened, and
 * the same request with the same Idempotency-Key has one effect at most. The client is told to
 * retry (503 with Retry-After); anything unknown stays a 500 without details.
 */
const grpcError = (code: number) => Object.assign(new Error('grpc'), { code, details: 'deadline', metadata: {} });

it('an update that timed out waiting for the worker, or a busy or restarting server, is a 503 with Retry-After', () => {
  for (const err of [
    new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out or cancelled waiting for response', { cause: grpcError(4) }),
    grpcError(4), // DEADLINE_EXCEEDED
    grpcError(8), // RESOURCE_EXHAUSTED
    grpcError(14), // UNAVAILABLE
    Object.assign(new Error('query failed'), { cause: grpcError(14) }),
  ]) {
    const p = toProblem(err);
    expect(p.status).toBe(503);
    expect(p.type).toBe('temporarily-unavailable');
    expect(Number(p.headers['Retry-After'])).toBeGreaterThan(0);
  }
});

it('any other failure is still a 500 that says nothing of the internals', () => {
  for (const err of [new TypeError('x is undefined'), grpcError(13), grpcError(3)]) {
    const p = toProblem(err);
    expect(p.status).toBe(500);
    expect(p.detail).toBeUndefined();
  }
});
