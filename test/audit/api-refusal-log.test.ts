import { readFileSync, writeFileSync } from 'node:fs';
import { ApiRefusalLog, procedureKeyOfPath, refusalEntry, refusalLogPath } from '../../audit/api-refusal-log';
import type { Actor } from '../../domain';
import { tempDir } from '../foundation/helpers';
import { actors } from '../support/fixtures';

/*
 * docs/rules.md §3: a request outside the actor's role or unit is refused (403) and recorded. The
 * API's refusals go to an append-only, hash-chained JSON-lines log under DATA_DIR/audit.
 */
const entry = (n: number, key = 'proc-1', who: Actor = actors.otherSponsor) =>
  refusalEntry(
    { method: 'POST', originalUrl: `/procedures/${key}/record-expert-panel`, id: `req-${n}` },
    { status: 403, route: 'recordExpertPanel', actor: who, reason: `refusal ${n}` },
  );

it('R-66: appends in order, lists by procedure and by person, and the chain verifies', async () => {
  const log = ApiRefusalLog.inDataDir(tempDir('data'));
  await log.append(entry(1));
  await log.append(entry(2, 'proc-2'));
  await log.append(entry(3, 'proc-1', actors.auditor));
  await log.append(refusalEntry({ method: 'GET', originalUrl: '/procedures' }, { status: 401, reason: 'missing token' }));
  expect((await log.list()).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  expect((await log.list({ procedureKey: 'proc-1' })).map((r) => r.reason)).toEqual(['refusal 1', 'refusal 3']);
  expect((await log.list({ personId: actors.auditor.personId })).map((r) => r.seq)).toEqual([3]);
  expect((await log.list())[0]).toMatchObject({ status: 403, route: 'recordExpertPanel', procedureKey: 'proc-1', requestId: 'req-1', actor: actors.otherSponsor });
  expect(await log.verify()).toEqual({ entries: 4, problems: [] });
});

it('concurrent appends from two writers on the same file keep one unbroken chain', async () => {
  const dir = tempDir('data');
  const [a, b] = [ApiRefusalLog.inDataDir(dir), ApiRefusalLog.inDataDir(dir)];
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(entry(i))));
  expect((await a.list()).map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect((await a.verify()).problems).toEqual([]);
});

it('an edited, a removed and a torn line are each reported by verify, and appending goes on after a torn line', async () => {
  const dir = tempDir('data');
  const log = ApiRefusalLog.inDataDir(dir);
  for (let i = 1; i <= 4; i++) await log.append(entry(i));
  const file = refusalLogPath(dir);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');

  writeFileSync(file, `${[lines[0], (lines[1] ?? '').replace('refusal 2', 'refusal X'), lines[2], lines[3]].join('\n')}\n`);
  expect((await log.verify()).problems).toEqual([{ line: 2, message: expect.stringContaining('hash') }]);

  writeFileSync(file, `${[lines[0], lines[2], lines[3]].join('\n')}\n`);
  expect((await log.verify()).problems.map((p) => p.line)).toEqual([2, 2]);

  writeFileSync(file, `${lines.join('\n')}\n${(lines[3] ?? '').slice(0, 30)}`);
  await log.append(entry(5));
  const check = await log.verify();
  expect(check.problems).toEqual([{ line: 5, message: expect.stringContaining('unreadable') }]);
  expect((await log.list()).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
});

it('the procedure a refused URL concerns', () => {
  expect(procedureKeyOfPath('/procedures/p-1/submit-to-discussion?x=1')).toBe('p-1');
  expect(procedureKeyOfPath('/audit/procedures/p%2D2/timeline')).toBe('p-2');
  expect(procedureKeyOfPath('/documents')).toBeUndefined();
});
