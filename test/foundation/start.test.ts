import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePorts, tempDir, waitFor } from './helpers';

/*
 * The run command as an operator uses it: scripts/start.ts with no TEMPORAL_ADDRESS brings up
 * the embedded dev server with its Web UI, the worker and the API; SIGINT (Ctrl-C) stops all
 * three and leaves no process behind.
 */
const ROOT = path.resolve(__dirname, '../..');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('starts dev server + UI, worker and API, and stops all three on SIGINT', async () => {
  const [temporalPort, uiPort, apiPort] = (await freePorts(3)) as [number, number, number];
  const dataDir = tempDir('start');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TEMPORAL_') || key.startsWith('JWT_')) delete env[key];
  Object.assign(env, {
    DATA_DIR: dataDir,
    EMBEDDED_TEMPORAL_PORT: String(temporalPort),
    EMBEDDED_TEMPORAL_UI_PORT: String(uiPort),
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  const output: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    output.push(line);
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* the installer's plain-text lines */
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));

  try {
    const api = `http://127.0.0.1:${apiPort}`;
    await waitFor(
      'the API to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`start exited early:\n${output.join('\n')}`);
        const res = await fetch(`${api}/readyz`).catch(() => undefined);
        return res?.status === 200 ? res : undefined;
      },
      90_000,
    );
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    expect(existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(true);
    const started = logs.find((l) => typeof l.msg === 'string' && l.msg.includes('service started'));
    expect(started).toMatchObject({ api, temporalUi: `http://127.0.0.1:${uiPort}` });

    const serverPid = logs.find((l) => l.component === 'temporal-dev-server' && typeof l.serverPid === 'number')
      ?.serverPid as number;
    expect(isAlive(serverPid)).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(isAlive(serverPid)).toBe(false);
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['API 已停止 / API stopped', 'Temporal 开发服务器已停止 / dev server stopped', '已全部停止 / all stopped']),
    );
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
