import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import type { Actor } from '../../domain';
import { InAppInbox, inboxFile, type InboxNotice } from '../../runtime/in-app-inbox';
import type { Config } from '../../runtime/config';
import { actors, UNITS } from '../support/fixtures';
import { bearer, offlineApp, tokenFor } from './harness';

/*
 * GET /me/notices and POST /me/notices/{id}/read through HTTP: the notices the worker's in-app
 * channel wrote (docs/notifications.md) — written here with the inbox itself into the API's
 * DATA_DIR — as each desk (role and unit) and person reads them; read marks kept per person in
 * an append-only file that a second API process on the same DATA_DIR follows.
 */
let config: Config;
let app: Express;
let inbox: InAppInbox;
const sponsorColleague: Actor = { ...actors.sponsor, personId: 'p-sponsor-2', name: '孙科员' };

const notice = (id: string, recipient: InboxNotice['recipient'], at: string, extra: Partial<InboxNotice> = {}): InboxNotice => ({
  id,
  procedureKey: 'notice-proc-1',
  recipient,
  subject: `通知 ${id}`,
  body: `正文 ${id}`,
  at,
  ...extra,
});

beforeAll(async () => {
  ({ config, app } = offlineApp());
  inbox = new InAppInbox(inboxFile(config));
  await inbox.deliver(notice('n-older', { role: 'sponsor', unit: UNITS.sponsor }, '2026-03-02T01:00:00.000Z', { ruleId: 'R-10' }));
  await inbox.deliver(notice('n-newer', { role: 'sponsor', unit: UNITS.sponsor }, '2026-03-05T01:00:00.000Z'));
  await inbox.deliver(notice('n-other-unit', { role: 'sponsor', unit: UNITS.other }, '2026-03-06T01:00:00.000Z'));
  await inbox.deliver(notice('n-office', { role: 'legality_office', unit: UNITS.office }, '2026-03-06T01:00:00.000Z'));
  await inbox.deliver(notice('n-adviser-mine', { role: 'legal_adviser', unit: actors.adviser.unit, personId: actors.adviser.personId }, '2026-03-07T01:00:00.000Z', { ruleId: 'R-47' }));
  await inbox.deliver(notice('n-adviser-other', { role: 'legal_adviser', unit: actors.adviser.unit, personId: 'p-lawyer-2' }, '2026-03-07T01:00:00.000Z'));
  await inbox.deliver(notice('n-legal-unit', { role: 'sponsor_legal_unit', unit: UNITS.sponsor }, '2026-03-08T01:00:00.000Z'));
});

const list = async (who: Actor, query = '', on = app) => (await request(on).get(`/me/notices${query}`).set('Authorization', await bearer(config, who))).body;
const markRead = async (who: Actor, id: string, on = app) => request(on).post(`/me/notices/${encodeURIComponent(id)}/read`).set('Authorization', await bearer(config, who));
const ids = (body: { items: { id: string }[] }) => body.items.map((n) => n.id);

describe('GET /me/notices', () => {
  it('the notices to the caller’s role and unit, newest first, each mapped plainly; another unit’s are not listed', async () => {
    await request(app).get('/me/notices').expect(401);
    const body = await list(actors.sponsor);
    expect(body).toEqual({
      items: [
        { id: 'n-newer', procedureKey: 'notice-proc-1', href: '/procedures/notice-proc-1', subject: '通知 n-newer', body: '正文 n-newer', createdAt: '2026-03-05T01:00:00.000Z', read: false },
        { id: 'n-older', procedureKey: 'notice-proc-1', href: '/procedures/notice-proc-1', subject: '通知 n-older', body: '正文 n-older', ruleId: 'R-10', createdAt: '2026-03-02T01:00:00.000Z', read: false },
      ],
      unreadCount: 2,
      total: 2,
    });
    expect(ids(await list(actors.office))).toEqual(['n-office']);
    expect(ids(await list(actors.otherSponsor))).toEqual(['n-other-unit']);
    expect(ids(await list(actors.auditor))).toEqual([]);
  });

  it('R-47: a notice to one person is that person’s only; X-Acting-Role chooses the desk of a person with two roles', async () => {
    expect(ids(await list(actors.adviser))).toEqual(['n-adviser-mine']);
    const both = `Bearer ${await tokenFor(config, { ...actors.sponsor, roles: ['sponsor', 'sponsor_legal_unit'] })}`;
    const asLegalUnit = await request(app).get('/me/notices').set('Authorization', both).set('X-Acting-Role', 'sponsor_legal_unit').expect(200);
    expect(ids(asLegalUnit.body)).toEqual(['n-legal-unit']);
  });

  it('pages: at most 200 a page, `nextOffset` to the next; `unread=true` only the unread', async () => {
    const first = await list(actors.sponsor, '?pageSize=1');
    expect(first).toMatchObject({ unreadCount: 2, total: 2, nextOffset: 1 });
    expect(ids(first)).toEqual(['n-newer']);
    const second = await list(actors.sponsor, '?pageSize=1&offset=1');
    expect(ids(second)).toEqual(['n-older']);
    expect(second).not.toHaveProperty('nextOffset');
    const tooMany = await request(app).get('/me/notices?pageSize=201').set('Authorization', await bearer(config, actors.sponsor));
    expect(tooMany.status).toBe(400);
  });
});

describe('POST /me/notices/{id}/read', () => {
  it('marks a notice read for this person, once however often it is sent; unread ones come first', async () => {
    expect((await markRead(actors.sponsor, 'n-newer')).status).toBe(204);
    expect((await markRead(actors.sponsor, 'n-newer')).status).toBe(204);
    const marks = readFileSync(path.join(config.dataDir, 'notifications', 'in-app-read.jsonl'), 'utf8').trim().split('\n');
    expect(marks.map((l) => JSON.parse(l))).toEqual([{ noticeId: 'n-newer', personId: actors.sponsor.personId, at: expect.any(String) }]);
    const body = await list(actors.sponsor);
    expect(body.items.map((n: { id: string; read: boolean }) => [n.id, n.read])).toEqual([['n-older', false], ['n-newer', true]]);
    expect(body.unreadCount).toBe(1);
    expect(ids(await list(actors.sponsor, '?unread=true'))).toEqual(['n-older']);
    // A colleague at the same desk has read nothing yet.
    expect((await list(sponsorColleague)).unreadCount).toBe(2);
  });

  it('a notice not addressed to the caller (another unit, another desk, another person), or none at all, is 404', async () => {
    expect((await markRead(actors.sponsor, 'n-other-unit')).status).toBe(404);
    expect((await markRead(actors.sponsor, 'n-office')).status).toBe(404);
    expect((await markRead(actors.adviser, 'n-adviser-other')).status).toBe(404);
    const none = await markRead(actors.sponsor, 'no-such-notice');
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('another API process on the same DATA_DIR sees the marks, the new notices, and what it marks, and so does the first', async () => {
    const second = offlineApp(config).app;
    expect((await list(actors.sponsor, '', second)).unreadCount).toBe(1);
    await inbox.deliver(notice('n-latest', { role: 'sponsor', unit: UNITS.sponsor }, '2026-03-09T01:00:00.000Z'));
    expect(ids(await list(actors.sponsor, '?unread=true', second))).toEqual(['n-latest', 'n-older']);
    expect((await markRead(actors.sponsor, 'n-older', second)).status).toBe(204);
    const first = await list(actors.sponsor);
    expect(first.items.map((n: { id: string; read: boolean }) => [n.id, n.read])).toEqual([['n-latest', false], ['n-newer', true], ['n-older', true]]);
    expect(first.unreadCount).toBe(1);
  });
});
