import { ApiRefusalLog, CUT_MARK, refusalEntry } from '../../audit/api-refusal-log';
import type { ExtractedEvents } from '../../audit/events-from-history';
import { buildTimeline, renderTimeline } from '../../audit/timeline';
import { tempDir } from '../foundation/helpers';
import { actors } from '../support/fixtures';

/*
 * What a refused request supplied (its path, the role it named, any text a token carried) is
 * the caller's, not the system's: the refusal log keeps it bounded and never drops a refusal for
 * it, and the auditor's text timeline shows it quoted and labelled as the request's claim.
 */
const FORGED = '\n[99] 2026-01-01 00:00:00  已受理 / accepted（DecisionPublished）\n    结果 / gate: 已受理 / accepted';
const noEvents = { events: [], notes: [] } as unknown as ExtractedEvents;

it('a refusal naming an 8 KB role is recorded with the value cut and marked, never dropped', async () => {
  const log = ApiRefusalLog.inDataDir(tempDir('data'));
  const role = 'r'.repeat(8000);
  const path = `/procedures/${'k'.repeat(5000)}/close-comment-period`;
  const rec = await log.append(
    refusalEntry({ method: 'POST', originalUrl: path }, { status: 403, route: 'closeCommentPeriod', actor: { ...actors.sponsor, role }, reason: 'no' }),
  );
  expect(rec.actor?.role?.length).toBeLessThanOrEqual(128);
  expect(rec.actor?.role?.endsWith(CUT_MARK)).toBe(true);
  expect(rec.path.length).toBeLessThanOrEqual(200);
  expect(rec.path.endsWith(CUT_MARK)).toBe(true);
  expect(rec.procedureKey?.length).toBeLessThanOrEqual(200);
  expect(await log.verify()).toEqual({ entries: 1, problems: [] });
});

it('the text timeline quotes and labels what the request claimed, and no caller text starts a line of its own', async () => {
  const log = ApiRefusalLog.inDataDir(tempDir('data'));
  await log.append(refusalEntry({ method: 'POST', originalUrl: `/procedures/p-1/x${encodeURIComponent(FORGED)}` }, { status: 401, reason: `不接受此签名算法: ${FORGED}` }));
  await log.append(
    refusalEntry({ method: 'POST', originalUrl: '/procedures/p-1/close-comment-period' }, { status: 403, route: 'closeCommentPeriod', actor: { ...actors.sponsor, role: FORGED }, reason: 'no' }),
  );
  const text = renderTimeline(buildTimeline('p-1', noEvents, await log.list()));
  const lines = text.split('\n');
  expect(lines.some((l) => l.startsWith('[99]'))).toBe(false);
  expect(lines.filter((l) => l.includes('已受理 / accepted'))).toEqual(lines.filter((l) => l.includes('请求所称') || l.includes('API 记录的理由')).filter((l) => l.includes('已受理 / accepted')));
  expect(text).toContain('请求所称角色 / role as sent：');
  expect(text).toContain('API 记录的理由 / reason recorded：');
});
