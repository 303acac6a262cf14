import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A client the test issuer knows. */
export interface IssuerClient {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

export interface IssuerOptions {
  clients: IssuerClient[];
  resource: string;
  audience: string;
  people: Record<string, { name: string; unit?: string; roles?: string[] }>;
}

/**
 * A real OpenID provider on loopback (oidc-provider, test/api/oidc-issuer.mjs, its own Node
 * process: it is an ES module): its issuer URL once it listens, and the process to kill.
 */
export async function startIssuer(opts: IssuerOptions): Promise<{ issuer: string; process: ChildProcess }> {
  const script = path.join(__dirname, '..', 'api', 'oidc-issuer.mjs');
  const child = spawn(process.execPath, [script, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const issuer = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`the issuer exited (${code}): ${stderr}`)));
  });
  return { issuer, process: child };
}
