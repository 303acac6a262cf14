import { listFailedDeliveries } from '../../runtime/delivery-log';
import type { NoticeBatch } from '../../activities/notice-types';
import { startSmtpSink } from './mail';
import { enqueue, fastPolicy, notificationSuite, records, uniqueKey, UNITS, waitFor } from './harness';

// the legality office hears of a submission. A real SMTP server on loopback receives the
// mail for the party as the directory resolves it, and the test reads what a person would.
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const rig = notificationSuite(async () => {
  smtp = await startSmtpSink(0, ['nobody@jtj.example.gov.cn']);
  return {
    vars: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: '重大行政决策 <noreply@decisions.example.gov.cn>' },
    directory: {
      units: {
        [UNITS.office]: {
          people: [
            { personId: 'p-office', name: '张处长', roles: ['legality_office'], email: 'zhang@sfj.example.gov.cn', inApp: true },
            // The unit's head: only escalations of the unit's overdue duties reach them.
            { personId: 'p-office-head', name: '陈局长', head: true, email: 'chen@sfj.example.gov.cn' },
            // Same unit, another role: a legality notice is not theirs.
            { personId: 'p-other', name: '钱科长', roles: ['sponsor'], email: 'qian@sfj.example.gov.cn', inApp: true },
          ],
          webhooks: [],
        },
        [UNITS.sponsor]: {
          people: [{ personId: 'p-typo', name: '赵科员', roles: ['sponsor'], email: 'nobody@jtj.example.gov.cn', inApp: true }],
          webhooks: [],
        },
      },
    },
  };
});
afterAll(() => smtp.close());

const batch = (key: string): NoticeBatch => ({
  procedureKey: key,
  title: '某市停车收费调整方案',
  eventSeq: 7,
  at: '2025-05-06T02:00:00.000Z',
  notices: [
    {
      template: 'legalitySubmitted',
      ruleId: 'R-41',
      recipients: [{ role: 'legality_office', unit: UNITS.office }],
      data: { dueLastDay: '2025-05-20', dueAt: '2025-05-20T15:59:59.999Z' },
    },
  ],
});

it('R-41: the legality office reads a zh-CN-first email, with the notice id as Message-ID, and the same notice in its inbox', async () => {
  const key = uniqueKey('smtp');
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(30_000), batch(key));
  const mail = await waitFor('the mail', () => smtp.mails.find((m) => m.text.includes(key)));

  expect(mail.envelope.to).toEqual(['zhang@sfj.example.gov.cn']);
  expect(mail.header('from')).toContain('noreply@decisions.example.gov.cn');
  expect(mail.subject).toBe('【某市停车收费调整方案】决策草案已送请合法性审查 / Draft submitted for legality review');
  const lines = mail.text.split('\n');
  expect(lines[0]).toBe('张处长，您好：');
  expect(mail.text).toContain('「某市停车收费调整方案」已送请合法性审查，请于 2025-05-20 前出具审查意见。');
  expect(mail.text.indexOf('请于 2025-05-20')).toBeLessThan(mail.text.indexOf('the opinion is due by 2025-05-20'));
  const noticeId = mail.header('x-notice-id') as string;
  expect(noticeId).toMatch(/^n-[0-9a-f]{32}$/);
  expect(mail.header('message-id')).toBe(`<${noticeId}@decisions.example.gov.cn>`);
  expect(mail.text).toContain(`通知编号 / Notice: ${noticeId}`);

  const inbox = await waitFor('the inbox entry', async () => {
    const mine = (await rig.inbox.list({ role: 'legality_office', unit: UNITS.office })).filter((n) => n.procedureKey === key);
    return mine.length > 0 ? mine : undefined;
  });
  expect(inbox).toHaveLength(1);
  expect(inbox[0]?.subject).toBe(mail.subject);
  expect(smtp.mails.filter((m) => m.text.includes(key))).toHaveLength(1);
  expect(smtp.mails.some((m) => m.envelope.to.includes('qian@sfj.example.gov.cn'))).toBe(false);
});

it('the same notice enqueued again, even to a fresh dispatcher, is not mailed twice', async () => {
  const key = uniqueKey('smtp-again');
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(30_000), batch(key));
  await waitFor('the first mail', () => smtp.mails.find((m) => m.text.includes(key)));
  // A second dispatcher has no memory of the first: only the delivery log stops the repeat.
  await enqueue(rig.env, `dispatcher-${key}-2`, fastPolicy(30_000), batch(key));
  await waitFor('the second job to finish', async () => {
    const h = rig.env.client.workflow.getHandle(`dispatcher-${key}-2`);
    const s = await h.query<{ delivered: number }>('notificationDispatcherStatus');
    return s.delivered === 1 || undefined;
  });
  expect(smtp.mails.filter((m) => m.text.includes(key))).toHaveLength(1);
  const delivered = (await records(rig)).filter((r) => r.kind === 'delivered' && r.job.procedureKey === key);
  expect(delivered.map((r) => r.channel).sort()).toEqual(['email', 'in_app']);
});

it('a mailbox the server refuses (550) is a permanent failure: one attempt, then listed, while the inbox has the notice', async () => {
  const key = uniqueKey('smtp-550');
  const b = batch(key);
  b.notices[0] = { template: 'legalityReturned', ruleId: 'R-41', recipients: [{ role: 'sponsor', unit: UNITS.sponsor }], data: { missingItems: ['起草说明'] } };
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(60_000), b);
  const [failure] = await waitFor('the failure in the listing', async () => {
    const f = await listFailedDeliveries(rig.notifications.deliveryLogFile, { procedureKey: key });
    return f.length > 0 ? f : undefined;
  });
  expect(failure?.undelivered).toEqual([expect.objectContaining({ channel: 'email', error: expect.stringMatching(/550/) })]);
  const attempts = (await records(rig)).filter((r) => r.kind === 'attempt_error' && r.job.procedureKey === key);
  expect(attempts).toHaveLength(1);
  expect(await rig.inbox.list({ role: 'sponsor', unit: UNITS.sponsor })).toEqual([expect.objectContaining({ procedureKey: key })]);
});

it('an overdue duty is escalated: the office and its head each read one mail, the office inbox holds one entry', async () => {
  const key = uniqueKey('smtp-escalated');
  const office = { role: 'legality_office' as const, unit: UNITS.office };
  const escalation: NoticeBatch = {
    procedureKey: key,
    title: '某市停车收费调整方案',
    eventSeq: 12,
    at: '2025-05-21T00:00:00.000Z',
    notices: [
      {
        template: 'deadlineEscalated',
        ruleId: 'R-48',
        recipients: [office, { ...office, head: true }],
        data: { item: 'legality.reply', dueAt: '2025-05-20T16:00:00.000Z', responsible: office },
      },
    ],
  };
  await enqueue(rig.env, `dispatcher-${key}`, fastPolicy(30_000), escalation);
  const toHead = await waitFor('the head’s mail', () => smtp.mails.find((m) => m.text.includes(key) && m.envelope.to.includes('chen@sfj.example.gov.cn')));
  const toStaff = await waitFor('the office’s mail', () => smtp.mails.find((m) => m.text.includes(key) && m.envelope.to.includes('zhang@sfj.example.gov.cn')));
  expect(toHead.subject).toBe('【某市停车收费调整方案】逾期督办：出具合法性审查意见 / Overdue: giving the legality opinion');
  expect(toHead.text.split('\n')[0]).toBe('陈局长，您好：');
  expect(toHead.text).toContain(`${UNITS.office}（合法性审查部门）尚未办理`);
  expect(toStaff.subject).toBe(toHead.subject);
  // Three deliveries: the office in-app and by mail, the head by mail.
  await waitFor('the deliveries logged', async () => ((await records(rig)).filter((r) => r.job.procedureKey === key && r.kind === 'delivered').length >= 3 ? true : undefined));
  expect(smtp.mails.filter((m) => m.text.includes(key))).toHaveLength(2);
  expect((await rig.inbox.list(office)).filter((n) => n.procedureKey === key)).toHaveLength(1);
});
