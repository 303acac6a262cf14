import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { TemporalConfig } from '../runtime/config';
import { connectionOptions } from '../runtime/temporal';

/*
 * Issue #6 §6: auditors see everything and change nothing. The audit CLI talks to Temporal
 * through a connection that lets only reading RPCs leave the process: histories, descriptions,
 * lists and server information. Starting, signalling, updating, cancelling, terminating,
 * resetting or deleting a workflow — anything not on the list — fails before it is sent.
 */

/** The WorkflowService / OperatorService methods the audit reads with. Nothing else is sent. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'GetSystemInfo',
  'GetClusterInfo',
  'DescribeNamespace',
  'ListNamespaces',
  'GetSearchAttributes',
  'ListSearchAttributes',
  'DescribeWorkflowExecution',
  'GetWorkflowExecutionHistory',
  'GetWorkflowExecutionHistoryReverse',
  'ListWorkflowExecutions',
  'ListOpenWorkflowExecutions',
  'ListClosedWorkflowExecutions',
  'ListArchivedWorkflowExecutions',
  'ScanWorkflowExecutions',
  'CountWorkflowExecutions',
]);

export class ReadOnlyViolationError extends Error {
  constructor(readonly method: string) {
    super(`审计连接只读，拒绝 ${method} / the audit connection is read-only: ${method} refused`);
    this.name = 'ReadOnlyViolationError';
  }
}

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** A gRPC interceptor that refuses, before sending, every method not on READ_ONLY_METHODS. */
export const readOnlyInterceptor: Interceptor = (options, nextCall) => {
  const method = options.method_definition.path.split('/').pop() ?? '';
  if (!READ_ONLY_METHODS.has(method)) throw new ReadOnlyViolationError(method);
  // grpc-js types the interceptor's result as its class while nextCall returns the interface.
  return nextCall(options) as ReturnType<Interceptor>;
};

/** A client whose connection can only read (see READ_ONLY_METHODS). */
export async function readOnlyClient(opts: ConnectionOptions & { namespace: string }): Promise<Client> {
  const { namespace, interceptors, ...rest } = opts;
  const connection = await Connection.connect({
    ...rest,
    interceptors: [readOnlyInterceptor, ...(interceptors ?? [makeGrpcRetryInterceptor(defaultGrpcRetryOptions())])],
  });
  return new Client({ connection, namespace });
}

/** The configured Temporal (runtime/config.ts), read-only. */
export const readOnlyClientFor = (t: TemporalConfig): Promise<Client> => readOnlyClient({ ...connectionOptions(t), namespace: t.namespace });
