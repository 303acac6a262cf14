import { spawnSync } from 'node:child_process';
import path from 'node:path';

/*
 * The ESLint import fence (eslint.config.mjs) really keeps Node built-ins and I/O out of
 * domain/ and workflows/, and the folders apart. ESLint's config is an ES module, which jest's
 * CommonJS sandbox cannot load, so one child process lints every sample and reports back.
 */
const ROOT = path.resolve(__dirname, '../..');

type Case = { file: string; code: string; allowed: boolean };
const cases: Case[] = [
  { file: 'domain/_fence.ts', code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", allowed: false },
  { file: 'domain/_fence.ts', code: "import fs from 'fs';\nexport const f = fs;", allowed: false },
  { file: 'domain/_fence.ts', code: "import { Client } from '@temporalio/client';\nexport const c = Client;", allowed: false },
  { file: 'domain/_fence.ts', code: "import { sleep } from '../workflows/self-check.workflow';\nexport const s = sleep;", allowed: false },
  { file: 'domain/_fence.ts', code: 'export const now = () => Date.now();', allowed: false },
  { file: 'domain/_fence.ts', code: 'export const now = () => new Date();', allowed: false },
  { file: 'domain/_fence.ts', code: 'export const r = () => Math.random();', allowed: false },
  { file: 'domain/_fence.ts', code: "import { z } from 'zod';\nimport { DomainError } from './errors';\nexport const s = z.string();\nexport const e = DomainError;\nexport const at = (ms: number) => new Date(ms);", allowed: true },
  { file: 'workflows/_fence.ts', code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", allowed: false },
  { file: 'workflows/_fence.ts', code: "import { createActivities } from '../activities';\nexport const a = createActivities;", allowed: false },
  { file: 'workflows/_fence.ts', code: "import { loadConfig } from '../runtime/config';\nexport const l = loadConfig;", allowed: false },
  { file: 'workflows/_fence.ts', code: 'export const r = () => Math.random();', allowed: false },
  { file: 'workflows/_fence.ts', code: 'export const p = () => process.env;', allowed: false },
  {
    file: 'workflows/_fence.ts',
    code: "import type { Activities } from '../activities';\nimport { proxyActivities } from '@temporalio/workflow';\nimport { SEARCH_ATTRIBUTES } from '../runtime/search-attributes';\nimport { DomainError } from '../domain/errors';\nexport const a = proxyActivities<Activities>({ startToCloseTimeout: '1m' });\nexport const k = [SEARCH_ATTRIBUTES, DomainError, Date.now()];",
    allowed: true,
  },
  { file: 'api/_fence.ts', code: "import { createActivities } from '../activities';\nexport const a = createActivities;", allowed: false },
  { file: 'api/_fence.ts', code: "import { Worker } from '@temporalio/worker';\nexport const w = Worker;", allowed: false },
  { file: 'activities/_fence.ts', code: "import { selfCheck } from '../workflows';\nexport const s = selfCheck;", allowed: false },
];

const script = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const c of cases) {
    const [r] = await eslint.lintText(c.code, { filePath: c.file });
    out.push(r.messages.filter((m) => m.severity === 2).map((m) => m.ruleId + ': ' + m.message));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

it('keeps built-ins and I/O out of domain/ and workflows/, and the folders apart', () => {
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const results = JSON.parse(run.stdout) as string[][];
  const verdicts = cases.map((c, i) => ({ file: c.file, code: c.code, errors: results[i] }));
  for (const v of verdicts.filter((_, i) => cases[i]!.allowed)) expect(v.errors).toEqual([]);
  for (const v of verdicts.filter((_, i) => !cases[i]!.allowed)) expect(v.errors?.length ?? 0).toBeGreaterThan(0);
}, 60_000);
