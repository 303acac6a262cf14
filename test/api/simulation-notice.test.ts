import express from 'express';
import request from 'supertest';
import { SIMULATION_NOTICE, healthRouter, withSimulationNotice, type ReadinessCheck } from '../../api/health.routes';

/*
 * Simulation mode (shortened statutory days) says so loudly: every /readyz answer carries the
 * notice, so nobody mistakes a demo or a benchmark stack for the service.
 */
const ready: ReadinessCheck = async () => ({ ready: true, checks: { temporal: 'ok' } });
const appWith = (check: ReadinessCheck) => express().use(healthRouter(check));

it('/readyz names simulation mode when it is on, and says nothing of it otherwise', async () => {
  const on = await request(appWith(withSimulationNotice(ready, true))).get('/readyz');
  expect(on.status).toBe(200);
  expect(on.body.checks).toMatchObject({ temporal: 'ok', simulation: SIMULATION_NOTICE });
  expect(SIMULATION_NOTICE).toMatch(/^模拟模式/);
  const off = await request(appWith(withSimulationNotice(ready, false))).get('/readyz');
  expect(off.body.checks).toEqual({ temporal: 'ok' });
});
