import { Router } from 'express';
import { z } from 'zod';
import { actorOf, guard } from './authorization';
import type { RouteContext } from './context';
import { handle, parseWith } from './http';
import { NoticeBoard } from './notice-board';
import { ApiProblem } from './problem';
import { procedureLocation } from './procedure-calls';
import type { RouteDoc } from './route-doc';

/*
 * In-app notices (站内通知): what the procedures told the caller's desk — the acting role and
 * unit — and, for a notice to one person, that person. Written by the worker's in-app
 * channel (docs/notifications.md); read and marked read here.
 */

const noticesQuery = z.object({
  /** Only the notices this person has not read. */
  unread: z.enum(['true', 'false']).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** How many of the (sorted) notices to skip: the previous page's `nextOffset`. */
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
const noticeParams = z.object({ id: z.string().min(1).max(1000) });

export const noticeSchema = z.object({
  id: z.string(),
  procedureKey: z.string(),
  href: z.string().meta({ description: '程序地址 / the procedure’s location' }),
  subject: z.string(),
  body: z.string().optional(),
  ruleId: z.string().optional(),
  createdAt: z.string(),
  read: z.boolean(),
});

export function noticesRouter(ctx: RouteContext): Router {
  const router = Router();
  const board = NoticeBoard.inDataDir(ctx.config.dataDir);

  router.get(
    '/me/notices',
    guard(ctx.verify, 'myNotices'),
    handle(null, async ({ req, res }) => {
      const q = parseWith(noticesQuery, req.query, 'query');
      const page = await board.page(actorOf(res), { unreadOnly: q.unread === 'true', offset: q.offset, limit: q.pageSize });
      const items = page.items.map((n) => ({
        id: n.id,
        procedureKey: n.procedureKey,
        href: procedureLocation(n.procedureKey),
        subject: n.subject,
        ...(n.body ? { body: n.body } : {}),
        ...(n.ruleId ? { ruleId: n.ruleId } : {}),
        createdAt: n.at,
        read: n.read,
      }));
      const next = q.offset + items.length;
      return { status: 200, body: { items, unreadCount: page.unreadCount, total: page.total, ...(next < page.total ? { nextOffset: next } : {}) } };
    }),
  );

  router.post(
    '/me/notices/:id/read',
    guard(ctx.verify, 'markNoticeRead'),
    // Idempotent by nature: a second mark changes nothing.
    handle(null, async ({ req, res }) => {
      const { id } = parseWith(noticeParams, req.params, 'path');
      if (!(await board.markRead(actorOf(res), id, new Date().toISOString()))) {
        throw new ApiProblem('not-found', '您没有这条通知 / no such notice for you');
      }
      return { status: 204, body: undefined };
    }),
  );
  return router;
}

export const noticeDocs: RouteDoc[] = [
  {
    id: 'myNotices',
    summary: '我的通知 / My in-app notices',
    description:
      '发给本人角色与单位（及发给本人）的站内通知：未读在前，再按时间由新到旧；`unreadCount` 为未读总数，`nextOffset` 取下一页。/ ' +
      'The in-app notices to the caller’s role and unit (and to the caller in person): unread first, then newest first; `unreadCount` counts the unread, `nextOffset` fetches the next page.',
    tags: ['sponsor', 'legality_office', 'decision_organ', 'executing_unit', 'evaluator'],
    query: noticesQuery,
    responses: {
      200: {
        description: '一页通知 / one page of notices',
        schema: z.object({ items: z.array(noticeSchema), unreadCount: z.number().int(), total: z.number().int(), nextOffset: z.number().int().optional() }),
      },
    },
  },
  {
    id: 'markNoticeRead',
    summary: '标记通知为已读 / Mark a notice read',
    description: '只对本人生效；重复标记无影响。不是发给本人的通知答 404。/ For the caller only; a repeat changes nothing. A notice not addressed to the caller is 404.',
    tags: ['sponsor', 'legality_office', 'decision_organ', 'executing_unit', 'evaluator'],
    params: noticeParams,
    responses: { 204: { description: '已标记 / marked' } },
    problems: [401, 403, 404, 500],
  },
];
