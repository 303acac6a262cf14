import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runAuditCli } from '../../audit/cli';
import { publicKeyPathOf, defaultKeyPath } from '../../audit/archive/signing-key';
import { readOnlyClientFor, ReadOnlyViolationError } from '../../audit/read-only-client';
import { commandUpdates, reportRefusalSignal } from '../../workflows/messages';
import { procedureWorkflowId } from '../../workflows/ids';
import { tempDir, waitFor } from '../foundation/helpers';
import { actors } from '../support/fixtures';
import { devAudit, type DevAudit } from './dev-audit';

/*
 * Issue #6: everything an auditor does from the README, through the CLI against a real dev
 * server — and the CLI cannot change anything: its Temporal connection refuses every RPC that
 * is not a read before it leaves the process.
 */
let d: DevAudit;
let env: Record<string, string>;
beforeAll(async () => {
  d = await devAudit();
  env = { TEMPORAL_ADDRESS: d.server.address, DATA_DIR: d.config.dataDir, JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' };
  // The bulk cases need the visibility listing to have caught up with the three procedures.
  await waitFor('listed', async () => {
    const out: string[] = [];
    await runAuditCli(['delayed'], { out: (t) => out.push(t), err: () => undefined, env });
    return out.join('').includes(d.keys.delayed) ? true : undefined;
  });
}, 180_000);
afterAll(async () => {
  await d?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('timeline, as-of, acts, delayed and the refusal log, as an auditor types them', async () => {
  const t = await cli('timeline', d.keys.decided);
  expect(t.code).toBe(0);
  expect(t.out).toContain('集体讨论决定（MeetingRecorded）');
  expect(t.out).toContain('委员2(m-1) reject');
  const json = JSON.parse((await cli('timeline', d.keys.live, '--json')).out) as { entries: { eventType: string }[] };
  expect(json.entries.map((e) => e.eventType)).toEqual(['ProcedureStarted', 'CommentPeriodOpened']);

  const asOf = await cli('as-of', d.keys.decided, '2026-04-27');
  expect(asOf.code).toBe(0);
  expect(JSON.parse(asOf.out)).toMatchObject({ stage: 'awaiting_discussion', procedureKey: d.keys.decided });
  expect((await cli('as-of', d.keys.decided, 'someday')).code).toBe(2);
  expect((await cli('as-of', d.keys.decided, '2020-01-01')).code).toBe(1);

  const acts = JSON.parse((await cli('acts', '--person', 'm-1', '--json')).out) as { kind: string; procedureKey: string }[];
  expect(acts.map((a) => [a.kind, a.procedureKey])).toEqual([['dissented', d.keys.decided]]);
  expect((await cli('acts')).code).toBe(2);
  expect((await cli('delayed')).out).toContain(d.keys.delayed);
  expect((await cli('refusals', '--verify')).code).toBe(0);
  expect((await cli('timeline', 'no-such-procedure')).code).toBe(1);
}, 60_000);

it('R-62: replay proof of one procedure and of all, with a summary', async () => {
  const one = await cli('replay', d.keys.decided);
  expect(one).toMatchObject({ code: 0 });
  expect(one.out).toContain('重放通过 / replay OK');
  const all = await cli('replay', '--all');
  expect(all.code).toBe(0);
  expect(all.out).toMatch(/通过 \/ OK: 3\n\s+失败 \/ failed: 0/);
  const some = await cli('replay', '--all', '--stage', 'suspended', '--json');
  expect(JSON.parse(some.out)).toMatchObject({ total: 1, ok: 1 });
  expect((await cli('replay', '--all', '--stage', 'nowhere')).code).toBe(2);
}, 120_000);

it('R-62: export a signed archive, verify it offline with the public key, replay it offline; a changed byte fails verification', async () => {
  const dir = path.join(tempDir('cli-archive'), 'bundle');
  const exported = await cli('export', d.keys.live, dir);
  expect(exported.code).toBe(0);
  expect(exported.out).toContain('事件链头 / chain head');
  const publicKey = publicKeyPathOf(defaultKeyPath(d.config.dataDir));
  const ok = await cli('verify', dir, publicKey);
  expect(ok.out).toContain('归档完整、签名有效');
  expect(ok.code).toBe(0);
  expect((await cli('replay', '--bundle', dir)).code).toBe(0);
  // The draft and the explanation were uploaded through the API: both are in the bundle.
  expect(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toContain('"missingDocuments": []');
  const timeline = path.join(dir, 'timeline.txt');
  writeFileSync(timeline, readFileSync(timeline, 'utf8').replace('公开征求意见', '公开征求意兄'));
  const bad = await cli('verify', dir, publicKey);
  expect(bad.code).toBe(1);
  expect(bad.out).toContain('[changed] timeline.txt');
  expect((await cli('export', d.keys.live, dir)).code).toBe(1);
}, 60_000);

it('R-62: keygen makes a signing key once; run again, it keeps the key archives were signed with and names it', async () => {
  const file = path.join(tempDir('cli-keygen'), 'keys', 'archive.pem');
  const first = await cli('keygen', '--out', file);
  expect(first.code).toBe(0);
  expect(first.out).toContain('已生成 / generated');
  const pem = readFileSync(file, 'utf8');
  const again = await cli('keygen', '--out', file);
  expect(again).toMatchObject({ code: 0, err: '' });
  expect(again.out).toContain('已存在，保留原密钥 / a key exists there and is kept');
  expect(again.out.split('\n').at(-1)).toBe(first.out.split('\n').at(-1)); // the same fingerprint
  expect(readFileSync(file, 'utf8')).toBe(pem);
});

it('issue #6 §6: read-only by construction — the CLI has no command that acts, and its connection refuses every write', async () => {
  const unknown = await cli('submitToDiscussion', d.keys.live);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('read-only');

  const client = await readOnlyClientFor({ mode: 'external', address: d.server.address, namespace: 'default', taskQueue: 'audit-dev' });
  try {
    const handle = client.workflow.getHandle(procedureWorkflowId(d.keys.live));
    const before = (await handle.fetchHistory()).events?.length;
    const refused = [
      client.workflow.start('decisionProcedure', { taskQueue: 'audit-dev', workflowId: 'decision-procedure/by-auditor', args: [{}] }),
      handle.signal(reportRefusalSignal, { actor: actors.auditor, command: 'submitToDiscussion', missing: [] }),
      handle.executeUpdate(commandUpdates.closeProcedure, { args: [{ actor: actors.auditor, payload: { reason: '审计' } }] }),
      handle.cancel(),
      handle.terminate('审计'),
    ];
    const methods: string[] = [];
    for (const p of refused) {
      // The client wraps the interceptor's error (ServiceError); the refusal is its cause.
      const err = await p.then(() => undefined, (e: unknown) => e as Error & { cause?: unknown });
      const cause = err instanceof ReadOnlyViolationError ? err : err?.cause;
      expect(cause).toBeInstanceOf(ReadOnlyViolationError);
      methods.push((cause as ReadOnlyViolationError).method);
    }
    expect(methods).toEqual(['StartWorkflowExecution', 'SignalWorkflowExecution', 'UpdateWorkflowExecution', 'RequestCancelWorkflowExecution', 'TerminateWorkflowExecution']);
    expect((await handle.fetchHistory()).events?.length).toBe(before);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  } finally {
    await client.connection.close();
  }
}, 60_000);

it('the npm script runs the CLI', async () => {
  const run = promisify(execFile);
  const { stdout } = await run('npm', ['run', '-s', 'audit', '--', 'timeline', d.keys.live], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, ...env },
  });
  expect(stdout).toContain(`决策程序 / procedure ${d.keys.live}`);
}, 60_000);
