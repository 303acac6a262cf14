import { Router } from 'express';
import { z } from 'zod';
import { deliveryLogFile, deliveryMetrics } from '../runtime/delivery-log';
import type { RouteContext } from './context';
import type { RouteDoc } from './route-doc';

/**
 * For operators: the notice-delivery counters (delivered, failed, retried) as Prometheus
 * text, read from the delivery log. No token: scrapers reach it on the listen address,
 * which is loopback unless HOST says otherwise; it carries counts, never people.
 */
export function opsRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      res.type('text/plain; version=0.0.4; charset=utf-8').send(await deliveryMetrics(deliveryLogFile(ctx.config.dataDir)));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

export const opsDocs: RouteDoc[] = [
  {
    id: 'metrics',
    summary: '运行指标 / Metrics (Prometheus text)',
    description: '通知投递的计数（已投递、失败、重试），供运维监控。/ Notice-delivery counters for operators.',
    tags: ['operator'],
    responses: { 200: { description: 'Prometheus text', schema: z.string() } },
  },
];
