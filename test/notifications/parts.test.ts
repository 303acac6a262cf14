import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webhookSignature } from '../../activities/channels/webhook';
import { DeliveryLog, listFailedDeliveries, deliveryMetrics } from '../../runtime/delivery-log';
import { DirectoryError, directorySchema, loadDirectory, resolveParty } from '../../activities/directory';
import { loadNotificationConfig, NotificationConfigError } from '../../activities/notification-config';
import { renderNotice, TEMPLATES } from '../../activities/templates';
import type { NoticeTemplate } from '../../domain';
import { documentedVerify } from './webhook-receiver';
import { jobKey, jobsOf } from '../../workflows/notification-dispatcher.workflow';
import type { NoticeBatch } from '../../activities/notice-types';
import { InAppInbox } from '../../activities/in-app-inbox';
import { InAppChannel } from '../../activities/channels/in-app';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'notif-parts-'));

/** Data as domain/notices.ts builds it for each template. */
const SAMPLE: Record<NoticeTemplate, Record<string, unknown>> = {
  stepAssigned: { step: 'drafting', requirements: ['publicParticipation', 'legalityReview'] },
  stepsMissing: {
    command: 'submitToDiscussion',
    items: [{ item: 'participation.period', ruleId: 'R-10', message: '尚未公开征求意见 / the draft has not been opened for public comment' }],
  },
  commentPeriodOpened: { lastDay: '2025-04-30', endsAt: '2025-04-30T15:59:59.999Z', provisional: true },
  commentPeriodClosed: { comments: 12, lateComments: 2 },
  hearingAnnounced: { hearingAt: '2025-05-10T01:30:00.000Z', place: '市政府第一会议室' },
  hearingMaterialsSent: { documents: ['决策草案.pdf', '起草说明.pdf'] },
  legalitySubmitted: { dueLastDay: '2025-05-20', dueAt: '2025-05-20T15:59:59.999Z' },
  legalityReturned: { missingItems: ['起草说明', '公众意见采纳情况'] },
  legalityOpinionGiven: { outcome: 'lawful_with_changes' },
  legalOpinionFeedback: { opinions: [{ summary: '明确调整周期', adopted: false, reason: '上位法已有规定' }] },
  discussionRequested: {},
  decisionTaken: { outcome: 'approve' },
  decisionPublished: { exempt: false },
  executionAssigned: {},
  postEvaluationOrdered: { ground: 'many_public_opinions' },
  executionSuspended: { reason: '上级机关要求暂停' },
  procedureDelayed: { limitDays: 365 },
  meetingScheduled: { meetingType: 'executive', scheduledAt: '2025-06-03T01:30:00.000Z' },
  deadlineReminder: { item: 'legality.reply', dueAt: '2025-05-20T16:00:00.000Z' },
  executionReportDue: { item: 'execution.report', dueAt: '2025-12-01T16:00:00.000Z' },
  deadlineEscalated: { item: 'legality.reply', dueAt: '2025-05-20T16:00:00.000Z', responsible: { role: 'legality_office', unit: '某市司法局' } },
};

describe('templates: texts people read, zh-CN first then English', () => {
  it.each(Object.keys(TEMPLATES) as NoticeTemplate[])('%s renders zh-CN first, English second, from its data', (template) => {
    const r = renderNotice(
      { procedureKey: 'p-1', title: '某市停车收费调整方案', template, ruleId: 'R-00', data: SAMPLE[template] },
      { noticeId: 'n-1' },
    );
    expect(r.subject).toBe(`【某市停车收费调整方案】${r.zh.subject} / ${r.en.subject}`);
    expect(r.zh.subject).toMatch(/[\u4e00-\u9fff]/);
    expect(r.en.subject).not.toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.indexOf(r.zh.body)).toBeLessThan(r.body.indexOf(r.en.body));
    expect(r.body).toContain('通知编号 / Notice: n-1');
    expect(`${r.subject}\n${r.body}`).not.toMatch(/undefined|NaN|\[object/);
  });

  it('shows what the data carries: labels for codes, Beijing time for instants, the greeting for a person', () => {
    const r = (template: NoticeTemplate, name?: string) =>
      renderNotice({ procedureKey: 'p', title: 'T', template, ruleId: 'R', data: SAMPLE[template] }, { noticeId: 'n', ...(name ? { name } : {}) });
    expect(r('legalityOpinionGiven').zh.body).toContain('修改后合法');
    expect(r('hearingAnnounced').zh.body).toContain('2025-05-10 09:30');
    expect(r('stepsMissing').zh.body).toContain('- 尚未公开征求意见（R-10）');
    expect(r('stepsMissing').zh.subject).toBe('「提请集体讨论」未能办理：缺少前置步骤');
    expect(r('commentPeriodOpened').zh.body).toContain('暂定');
    expect(r('legalitySubmitted', '张处长').body.startsWith('张处长，您好：\n')).toBe(true);
  });

  it('R-50 stepsMissing: each language reads its own half of a missing item\'s message, not the item code', () => {
    const r = (items: unknown[]) =>
      renderNotice({ procedureKey: 'p', title: 'T', template: 'stepsMissing', ruleId: 'R-50', data: { command: 'submitToDiscussion', items } }, { noticeId: 'n' });
    const now = r(SAMPLE.stepsMissing.items as unknown[]);
    expect(now.zh.body).toContain('- 尚未公开征求意见（R-10）');
    expect(now.zh.body).not.toContain('the draft has not been opened');
    expect(now.en.body).toContain('- the draft has not been opened for public comment (R-10)');
    expect(now.en.body).not.toMatch(/participation\.period|[\u4e00-\u9fff]/);
    // Split on the first ' / ' only (the Chinese half never holds one): the English half keeps its own.
    const named = r([{ item: 'after.archiveComplete', ruleId: 'R-62', message: '尚有1份材料未归档：纪要/附件.pdf / 1 document is not yet archived: 纪要 / 附件.pdf' }]);
    expect(named.zh.body).toContain('- 尚有1份材料未归档：纪要/附件.pdf（R-62）');
    expect(named.en.body).toContain('- 1 document is not yet archived: 纪要 / 附件.pdf (R-62)');
    // A message recorded before messages were bilingual shows as it is in both, as does one whose English sat inside the brackets.
    const olderChain = '本稿尚未经合法性审查（须先完成：本稿尚未送请合法性审查 / waits on legality.submission）';
    const older = r([{ item: 'participation.period', ruleId: 'R-10', message: '尚未公开征求意见' }, { item: 'legality.opinion', ruleId: 'R-40', message: olderChain }]);
    expect(older.zh.body).toContain('- 尚未公开征求意见（R-10）');
    expect(older.en.body).toContain('- 尚未公开征求意见 (R-10)');
    expect(older.zh.body).toContain(`- ${olderChain}（R-40）`);
    expect(older.en.body).toContain(`- ${olderChain} (R-40)`);
  });

  it('the README table lists every template', () => {
    const doc = readFileSync(path.join(__dirname, '../../docs/notifications.md'), 'utf8');
    for (const t of Object.keys(TEMPLATES)) expect(doc).toContain(`| \`${t}\` |`);
  });
});

describe('directory: parties to people and webhooks', () => {
  it('the committed example is valid', async () => {
    const d = await loadDirectory(path.join(__dirname, '../../config/directory.example.json'));
    expect(d && Object.keys(d.units)).toContain('某市司法局');
  });

  it('resolves a party to the people of its unit holding its role, and the webhooks for that role', () => {
    const d = directorySchema.parse({
      units: {
        U: {
          people: [
            { personId: 'a', name: '甲', roles: ['sponsor'], email: 'a@u.cn', inApp: false },
            { personId: 'b', name: '乙', roles: ['sponsor'] },
            { personId: 'c', name: '丙', roles: ['legality_office'], email: 'c@u.cn' },
          ],
          webhooks: [
            { url: 'https://u.cn/all', secret: 's'.repeat(16) },
            { id: 'legal', url: 'https://u.cn/legal', secret: 's'.repeat(16), roles: ['legality_office'] },
          ],
        },
      },
    });
    const sponsor = resolveParty(d, { role: 'sponsor', unit: 'U' });
    expect(sponsor.email.map((p) => p.personId)).toEqual(['a']);
    expect(sponsor.inApp).toBe(true); // 乙 keeps in-app on
    expect(sponsor.webhooks.map((w) => w.id)).toEqual(['https://u.cn/all']);
    expect(resolveParty(d, { role: 'legality_office', unit: 'U' }).webhooks.map((w) => w.id)).toEqual(['https://u.cn/all', 'legal']);
    expect(resolveParty(d, { role: 'sponsor', unit: 'elsewhere' })).toEqual({ known: false, inApp: true, email: [], webhooks: [] });
    expect(resolveParty(undefined, { role: 'sponsor', unit: 'U' }).known).toBe(false);
  });

  it('an escalation to the unit head reaches the people marked head by email only: the unit itself has the in-app and webhook copy', () => {
    const d = directorySchema.parse({
      units: {
        U: {
          people: [
            { personId: 'h', name: '局长', head: true, email: 'h@u.cn' },
            { personId: 'd', name: '副局长', roles: ['legality_office'], head: true, email: 'd@u.cn' },
            { personId: 'c', name: '丙', roles: ['legality_office'], email: 'c@u.cn' },
          ],
          webhooks: [{ url: 'https://u.cn/all', secret: 's'.repeat(16) }],
        },
      },
    });
    const head = resolveParty(d, { role: 'legality_office', unit: 'U', head: true });
    expect(head).toEqual({ known: true, inApp: false, email: [expect.objectContaining({ personId: 'h' })], webhooks: [] });
    // 副局长 holds the role: the unit's copy reaches them, so the head's copy does not repeat it.
    expect(resolveParty(d, { role: 'legality_office', unit: 'U' }).email.map((p) => p.personId)).toEqual(['d', 'c']);
    expect(() => directorySchema.parse({ units: { U: { people: [{ personId: 'x', name: '某', email: 'x@u.cn' }] } } })).toThrow(/至少一个角色/);
    // No head listed: nothing extra is sent, and the delivery says so in the log.
    expect(resolveParty(d, { role: 'sponsor', unit: 'elsewhere', head: true })).toEqual({ known: false, inApp: false, email: [], webhooks: [] });
    // The party and its head are two recipients of one escalation: two job keys.
    const b = { procedureKey: 'p', eventSeq: 3, template: 'deadlineEscalated' };
    expect(jobKey(b, { role: 'legality_office', unit: 'U' })).not.toBe(jobKey(b, { role: 'legality_office', unit: 'U', head: true }));
  });

  it('R-47: a notice for one adviser (personId) reaches that person only, not the firm\'s other advisers nor its webhooks', async () => {
    const d = directorySchema.parse({
      units: {
        F: {
          people: [
            { personId: 'a1', name: '赵律师', roles: ['legal_adviser'], email: 'a1@f.cn' },
            { personId: 'a2', name: '钱律师', roles: ['legal_adviser'], email: 'a2@f.cn' },
          ],
          webhooks: [{ url: 'https://f.cn/all', secret: 's'.repeat(16) }],
        },
      },
    });
    const one = resolveParty(d, { role: 'legal_adviser', unit: 'F', personId: 'a2' });
    expect(one).toEqual({ known: true, inApp: true, email: [expect.objectContaining({ personId: 'a2' })], webhooks: [] });
    // The firm as a whole still reaches both.
    expect(resolveParty(d, { role: 'legal_adviser', unit: 'F' }).email.map((p) => p.personId)).toEqual(['a1', 'a2']);
    // An adviser the directory does not list: in-app only, for that person.
    expect(resolveParty(d, { role: 'legal_adviser', unit: 'F', personId: 'a9' })).toEqual({ known: false, inApp: true, email: [], webhooks: [] });
    // Two advisers of one firm are two recipients of the same notice: two job keys, each keeping its person.
    const b = { procedureKey: 'p', eventSeq: 7, template: 'legalOpinionFeedback' };
    expect(jobKey(b, { role: 'legal_adviser', unit: 'F', personId: 'a1' })).not.toBe(jobKey(b, { role: 'legal_adviser', unit: 'F', personId: 'a2' }));
    const jobs = jobsOf({
      procedureKey: 'p', title: 't', eventSeq: 7, at: '2026-01-01T00:00:00.000Z',
      notices: [{ template: 'legalOpinionFeedback', ruleId: 'R-47', recipients: [{ role: 'legal_adviser', unit: 'F', personId: 'a1' }, { role: 'legal_adviser', unit: 'F', personId: 'a2' }], data: {} }],
    } as unknown as NoticeBatch);
    expect(jobs.map((j) => j.party)).toEqual([{ role: 'legal_adviser', unit: 'F', personId: 'a1' }, { role: 'legal_adviser', unit: 'F', personId: 'a2' }]);
    // The in-app entry is the person's: another adviser of the firm does not see it.
    const inbox = new InAppInbox(path.join(tmp(), 'inbox.jsonl'));
    await new InAppChannel(inbox).send({ id: 'n-1', procedureKey: 'p', party: { role: 'legal_adviser', unit: 'F', personId: 'a2' }, subject: 's', body: 'b', at: '2026-01-01T00:00:00.000Z' });
    expect(await inbox.list({ role: 'legal_adviser', unit: 'F', personId: 'a2' })).toHaveLength(1);
    expect(await inbox.list({ role: 'legal_adviser', unit: 'F', personId: 'a1' })).toHaveLength(0);
  });

  it('an invalid file names each problem; a missing file means in-app only', async () => {
    const dir = tmp();
    const file = path.join(dir, 'directory.json');
    writeFileSync(
      file,
      JSON.stringify({
        units: {
          U: { people: [{ personId: 'x', name: 'X', roles: ['mayor'] }], webhooks: [{ url: 'ftp://u', secret: 'short' }] },
        },
      }),
    );
    const err = (await loadDirectory(file).catch((e: unknown) => e)) as DirectoryError;
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err.issues.join('\n')).toMatch(/units\.U\.people\.0\.roles/);
    expect(err.issues.join('\n')).toMatch(/units\.U\.webhooks\.0\.url/);
    expect(err.issues.join('\n')).toMatch(/units\.U\.webhooks\.0\.secret/);
    const twice = { people: [{ personId: 'x', name: 'X', roles: ['sponsor'] }] };
    expect(directorySchema.safeParse({ units: { U: twice, V: twice } }).error?.issues[0]?.message).toMatch(/duplicate personId x/);
    expect(await loadDirectory(path.join(dir, 'none.json'))).toBeUndefined();
  });
});

describe('notification configuration', () => {
  it('defaults: email off, 24 h limit, directory under DATA_DIR', () => {
    const c = loadNotificationConfig('/data', {});
    expect(c.smtp).toBeUndefined();
    expect(c.directoryFile).toBe('/data/directory.json');
    expect(c.deliveryLogFile).toBe('/data/notifications/deliveries.jsonl');
    expect(c.policy).toEqual({ initialIntervalMs: 10_000, backoffCoefficient: 2, maximumIntervalMs: 3_600_000, limitMs: 86_400_000, maximumAttempts: 0 });
  });

  it('names every bad variable', () => {
    const err = (() => {
      try {
        loadNotificationConfig('/data', { SMTP_URL: 'http://mail', DELIVERY_RETRY_LIMIT: 'soon', DELIVERY_MAX_ATTEMPTS: '-1' });
      } catch (e) {
        return e as NotificationConfigError;
      }
    })();
    expect(err?.problems.map((p) => p.variable).sort()).toEqual(['DELIVERY_MAX_ATTEMPTS', 'DELIVERY_RETRY_LIMIT', 'SMTP_URL']);
    expect(() => loadNotificationConfig('/data', { SMTP_URL: 'smtp://mail:25' })).toThrow(/SMTP_FROM/);
  });
});

describe('webhook signature: the documented snippet accepts what the service signs', () => {
  const verify = documentedVerify();

  it('the README gives the same snippet and the three headers', () => {
    const snippet = (file: string) => /```js\n(\/\/ verify-notice\.js[\s\S]*?)```/.exec(readFileSync(path.join(__dirname, '../..', file), 'utf8'))?.[1];
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(snippet('README.md')).toBeDefined();
    expect(snippet('README.md')).toBe(snippet('docs/notifications.md'));
    for (const h of ['X-Notice-Id', 'X-Notice-Timestamp', 'X-Notice-Signature']) expect(readme).toContain(`\`${h}\``);
  });
  const body = JSON.stringify({ id: 'n-1', subject: '【标题】通知 / Notice' });
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = (secret: string, t = ts) => ({ 'x-notice-timestamp': t, 'x-notice-signature': webhookSignature(secret, t, body) });

  it('accepts the right secret over the raw bytes, string or Buffer', () => {
    expect(verify('s'.repeat(16), headers('s'.repeat(16)), body)).toBe(true);
    expect(verify('s'.repeat(16), headers('s'.repeat(16)), Buffer.from(body, 'utf8'))).toBe(true);
  });

  it('refuses another secret, a changed body, and a timestamp older than five minutes', () => {
    expect(verify('s'.repeat(16), headers('t'.repeat(16)), body)).toBe(false);
    expect(verify('s'.repeat(16), headers('s'.repeat(16)), body.replace('通知', '通告'))).toBe(false);
    const old = String(Number(ts) - 301);
    expect(verify('s'.repeat(16), headers('s'.repeat(16), old), body)).toBe(false);
  });
});

describe('delivery log: what operators see', () => {
  it('counts deliveries and failures per channel, lists failures with their undelivered ids, reads appends of other writers', async () => {
    const file = path.join(tmp(), 'deliveries.jsonl');
    const writer = new DeliveryLog(file);
    const job = { key: 'k', procedureKey: 'p', eventSeq: 3, template: 'decisionTaken', party: { role: 'sponsor' as const, unit: 'U' } };
    await writer.recordDelivered({ at: 't1', id: 'n-a', job, channel: 'in_app', recipient: 'sponsor:U' });
    await writer.recordAttemptError({ at: 't2', id: 'n-b', job, channel: 'email', recipient: 'x <x@u.cn>', error: 'ECONNREFUSED', retryable: true, attempt: 1 });
    expect(await writer.isDelivered('n-a')).toBe(true);
    expect(await writer.isDelivered('n-b')).toBe(false);
    expect((await writer.retrying()).map((e) => e.id)).toEqual(['n-b']);
    await writer.recordFailed(job, 'limit', 't3');
    expect(await writer.retrying()).toEqual([]);

    const failed = await listFailedDeliveries(file, { procedureKey: 'p' });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.undelivered).toEqual([{ id: 'n-b', channel: 'email', recipient: 'x <x@u.cn>', error: 'ECONNREFUSED' }]);
    expect(await listFailedDeliveries(file, { procedureKey: 'other' })).toEqual([]);

    const metrics = await deliveryMetrics(file);
    expect(metrics).toContain('notice_deliveries_total{channel="in_app"} 1');
    expect(metrics).toContain('notice_delivery_attempt_errors_total{channel="email",retryable="true"} 1');
    expect(metrics).toContain('notice_delivery_failures_total 1');
    // A reader that already read the file sees lines another instance appends afterwards.
    await new DeliveryLog(file).recordDelivered({ at: 't4', id: 'n-c', job, channel: 'webhook', recipient: 'hook' });
    expect(await deliveryMetrics(file)).toContain('notice_deliveries_total{channel="webhook"} 1');
  });
});
