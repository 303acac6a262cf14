import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { freePorts, tempDir, waitFor } from '../foundation/helpers';
import { bashBlocks, isNumbered, numberedSteps } from './doc-blocks';

/*
 * docs/api.md and docs/audit.md, run as written: the service started with the demo command of
 * api.md (simulation: a statutory day lasts 2 seconds), then api.md's setup, its numbered walk
 * from the catalog to the close, the auditors' and the public's reads, and every command of
 * audit.md, each block as it stands, in one bash session in a project directory of its own
 * (links to this checkout; what the examples write — data/, the stand-in PDFs, archive/ — stays
 * there). The only additions are the test's: free ports instead of 3000/7233/8233, waiting out
 * the two statutory periods the text tells the reader to wait for, and a `curl` that reports
 * each response's status on stderr without changing what the examples print.
 */
const ROOT = path.resolve(__dirname, '../..');
const KEEP_OUT = new Set(['.git', 'data', 'archive', 'coverage', 'dist']);

let project: string;
let env: NodeJS.ProcessEnv;
let service: ChildProcess | undefined;
let serviceLog = '';

/** A project directory whose entries link to this checkout's, with no data of its own yet. */
function projectDir(): string {
  const dir = tempDir('docs-walk');
  for (const entry of readdirSync(ROOT)) {
    if (KEEP_OUT.has(entry) || entry.startsWith('data-') || entry.endsWith('.pdf')) continue;
    symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  mkdirSync(path.join(dir, 'home'));
  return dir;
}

interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bash(script: string, timeoutMs: number): Promise<ShellRun> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Test glue, not documentation: strict mode, and each response's status on stderr. */
const PRELUDE = String.raw`
set -eo pipefail
curl() { command curl -w '%{stderr}@@http %{http_code} %{method} %{url_effective}\n' "$@"; }
mark() { echo "@@mark $1"; echo "@@mark $1" >&2; }
# Until an ISO 8601 instant has passed, as a reader waits out a statutory period.
until_instant() { local end; end=$(date -d "$1" +%s%N); while [ "$(date +%s%N)" -le "$end" ]; do sleep 0.2; done; }
`;

/** What the reader is told to wait for before these steps (api.md: 征求意见期届满之后, 审查满 7 个工作日后). */
const WAITS: Record<number, string> = {
  14: String.raw`until_instant "$(command curl -sS "$API$P" -H "Authorization: Bearer $AUDITOR" | jq -r '.participation.period.endsAt')"`,
  20: String.raw`SUBMITTED=$(command curl -sS "$API$P" -H "Authorization: Bearer $AUDITOR" | jq -r '.legality.intervals[-1].submittedAt')
until_instant "$(command curl -sS "$API/planning/periods?from=$(uri "$SUBMITTED")&jurisdiction=demo-simulation" -H "Authorization: Bearer $AUDITOR" | jq -r '.periods[] | select(.ruleId == "R-42") | .endsAt')"`,
};

interface Http {
  status: number;
  method: string;
  url: string;
  section: string;
}

/** Every response the examples received, with the step or block it belongs to. */
function responses(stderr: string): Http[] {
  const out: Http[] = [];
  let section = '';
  for (const line of stderr.split('\n')) {
    const mark = /^@@mark (.+)$/.exec(line);
    if (mark) section = mark[1]!;
    const m = /^@@http (\d{3}) (\S+) (\S+)$/.exec(line);
    if (m) out.push({ status: Number(m[1]), method: m[2]!, url: m[3]!, section });
  }
  return out;
}

/** stdout of one marked section. */
function sectionOut(stdout: string, name: string): string {
  const parts = stdout.split(/^@@mark (.+)$/m);
  const i = parts.indexOf(name);
  return i < 0 ? '' : (parts[i + 1] ?? '');
}

beforeAll(async () => {
  project = projectDir();
  const [temporalPort, uiPort, apiPort] = (await freePorts(3)) as [number, number, number];
  env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(TEMPORAL_|JWT_|DATA_DIR|AUDIT_|DIRECTORY_FILE)/.test(key)) delete env[key];
  Object.assign(env, {
    EMBEDDED_TEMPORAL_PORT: String(temporalPort),
    EMBEDDED_TEMPORAL_UI_PORT: String(uiPort),
    PORT: String(apiPort),
    HOME: path.join(project, 'home'),
    LOG_LEVEL: 'warn',
  });
  // The demo start command, as api.md gives it.
  const start = bashBlocks('api.md').find((b) => /npm start\s*$/m.test(b.code));
  expect(start?.code).toContain('SIMULATION_MODE=true');
  service = spawn('bash', ['-c', start!.code], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  service.stdout!.on('data', (c: Buffer) => (serviceLog += c.toString('utf8')));
  service.stderr!.on('data', (c: Buffer) => (serviceLog += c.toString('utf8')));
  await waitFor(
    'the demo service to be ready',
    async () => {
      if (service!.exitCode !== null) throw new Error(`the service exited:\n${serviceLog}`);
      const res = await fetch(`http://127.0.0.1:${apiPort}/readyz`).catch(() => undefined);
      return res?.status === 200 ? res : undefined;
    },
    120_000,
  );
}, 180_000);

afterAll(async () => {
  if (!service?.pid || service.exitCode !== null) return;
  const exited = new Promise((resolve) => service!.once('exit', resolve));
  process.kill(-service.pid, 'SIGINT');
  await exited;
}, 60_000);

it('R-02…R-66: the walk of docs/api.md runs as written, from the catalog to the close, with the reads of the auditors and the public', async () => {
  const blocks = bashBlocks('api.md');
  const setup = blocks.find((b) => b.code.includes('tok()'))!;
  const steps = numberedSteps(blocks);
  // The walk numbers its commands 1 … 32 with no gap and no repeat (`# 28, 29` numbers two commands).
  const numbers = steps.flatMap((s) => s.numbers);
  expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  const reads = blocks.filter((b) => /审计机关|公众/.test(b.heading) && !isNumbered(b));
  expect(reads.length).toBe(2);

  const script = [
    PRELUDE,
    'mark setup',
    setup.code,
    ...steps.map((s) => [`mark step-${s.n}`, WAITS[s.n] ?? '', s.code].join('\n')),
    ...reads.map((b, i) => `mark reads-${i}\n${b.code}`),
    'mark end',
  ].join('\n');
  const run = await bash(script, 9 * 60_000);
  const http = responses(run.stderr);
  const context = `\n--- stderr ---\n${run.stderr.slice(-6000)}\n--- stdout ---\n${run.stdout.slice(-6000)}\n--- service ---\n${serviceLog.slice(-3000)}`;
  if (run.code !== 0) throw new Error(`bash exited ${run.code}${context}`);
  expect(sectionOut(run.stdout, 'end')).toBe('\n');

  // Every request succeeded but the one step 13 shows failing: submitting too early.
  const failed = http.filter((h) => h.status >= 400).map((h) => `${h.section} ${h.status} ${h.method} ${h.url}`);
  expect({ failed, context: failed.length === 1 ? '' : context }).toEqual({
    failed: [expect.stringMatching(/^step-13 409 POST .*\/procedures\/JT-2026-07\/submit-to-discussion$/)],
    context: '',
  });
  // Step 13 prints each missing item with its rule and the party responsible.
  expect(sectionOut(run.stdout, 'step-13')).toMatch(/"R-12",\s*"participation.closed",\s*"sponsor"/);
  // The close answered with the closed stage; the public reads the decision.
  expect(sectionOut(run.stdout, 'step-31')).toContain('"stage":"closed"');
  expect(sectionOut(run.stdout, 'reads-1')).toContain('"JT-2026-07"');
  expect(http.filter((h) => h.method === "POST").length).toBeGreaterThan(32);
}, 12 * 60_000);

it('R-62 R-66: every command of docs/audit.md runs as written on the procedure the walk closed', async () => {
  const blocks = bashBlocks('audit.md');
  const script = [PRELUDE, ...blocks.map((b, i) => `mark audit-${i}\n${b.code}`), 'mark end'].join('\n');
  const run = await bash(script, 8 * 60_000);
  const context = `\n--- stderr ---\n${run.stderr.slice(-6000)}\n--- stdout ---\n${run.stdout.slice(-6000)}`;
  if (run.code !== 0) throw new Error(`bash exited ${run.code}${context}`);
  const failed = responses(run.stderr).filter((h) => h.status >= 400);
  expect(failed).toEqual([]);
  const out = (pattern: RegExp) => blocks.findIndex((b) => pattern.test(b.code));
  // The person of the documented examples is the head who spoke last in the walk's meeting.
  const acts = sectionOut(run.stdout, `audit-${out(/acts --person p-mayor\b/)}`);
  expect(acts).toMatch(/JT-2026-07/);
  const httpActs = sectionOut(run.stdout, `audit-${out(/audit\/acts\?person=p-mayor\b/)}`);
  expect(httpActs).toMatch(/JT-2026-07/);
}, 10 * 60_000);
