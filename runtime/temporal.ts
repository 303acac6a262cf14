import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { TemporalConfig } from './config';

/**
 * Connection settings shared by the client (API, scripts) and the worker, so TLS and API-key
 * handling cannot drift between the two processes.
 */
export function connectionOptions(t: TemporalConfig): ConnectionOptions & NativeConnectionOptions {
  if (t.mode === 'embedded') return { address: t.address };
  return {
    address: t.address,
    ...(t.tls !== undefined ? { tls: t.tls } : {}),
    ...(t.apiKey !== undefined ? { apiKey: t.apiKey } : {}),
  };
}

/**
 * A client whose connection opens on first use: the API starts (and /healthz answers) even
 * while Temporal is down, and /readyz reports why it is not ready instead of the process dying.
 */
export function createLazyClient(t: TemporalConfig): Client {
  const connection = Connection.lazy(connectionOptions(t));
  return new Client({ connection, namespace: t.namespace });
}
