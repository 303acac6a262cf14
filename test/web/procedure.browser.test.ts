import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startStack, type Stack } from '../../bench/stack';
import { defaultKeyPath, generateSigningKey, publicKeyPathOf } from '../../audit/archive/signing-key';
import { verifyArchive } from '../../audit/archive/verify';
import { tempDir } from '../foundation/helpers';
import { UNITS } from '../support/fixtures';
import { launchBrowser, newContext, PHONE, screenshot } from './browser';
import { act, apiGet, attempt, eventually, openProcedure, signInAs } from './walk';
import { fillForm, type Schema } from './fill-form';

/*
 * The web application against the real stack: the dev server, the worker, and the API serving
 * the built app (web/dist), in simulation mode (a statutory day lasts DAY_MS). The whole
 * procedure is clicked through by the right people in turn.
 */
const DAY_MS = 150;
const KEY = `WEB-${Date.now()}`;

const people: Record<string, { personId: string; name: string; unit: string; roles: string[]; head?: boolean }> & Record<'mayor' | 'sponsor' | 'office' | 'adviser' | 'expert' | 'executor' | 'evaluator' | 'auditor' | 'other', { personId: string; name: string; unit: string; roles: string[]; head?: boolean }> = {
  mayor: { personId: 'p-mayor', name: '王市长', unit: UNITS.organ, roles: ['decision_organ'], head: true },
  sponsor: { personId: 'p-sponsor', name: '李科长', unit: UNITS.sponsor, roles: ['sponsor'] },
  office: { personId: 'p-office', name: '张处长', unit: UNITS.office, roles: ['legality_office'] },
  adviser: { personId: 'p-lawyer', name: '赵律师', unit: '某律师事务所', roles: ['legal_adviser'] },
  expert: { personId: 'e-1', name: '陈教授', unit: '某大学', roles: ['expert'] },
  executor: { personId: 'p-exec', name: '周主任', unit: UNITS.executor, roles: ['executing_unit'] },
  evaluator: { personId: 'p-eval', name: '吴研究员', unit: UNITS.evaluator, roles: ['evaluator'] },
  auditor: { personId: 'p-audit', name: '钱审计', unit: '某市审计局', roles: ['auditor'] },
  other: { personId: 'p-x', name: '孙科长', unit: UNITS.other, roles: ['sponsor'] },
};

function writeDirectory(dataDir: string): void {
  const units: Record<string, { people: object[] }> = {};
  for (const p of Object.values(people)) (units[p.unit] ??= { people: [] }).people.push({ personId: p.personId, name: p.name, roles: p.roles, ...(p.head ? { head: true } : {}) });
  writeFileSync(path.join(dataDir, 'directory.json'), JSON.stringify({ units }, null, 2));
}

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;

beforeAll(async () => {
  stack = await startStack({ dayMs: DAY_MS, quietSdk: false });
  writeDirectory(stack.config.dataDir);
  // The archive's signing key, as an operator makes it (npm run audit -- keygen).
  generateSigningKey(defaultKeyPath(stack.config.dataDir));
  base = stack.url;
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** axe-core on the page as it stands: no serious or critical violation. */
async function accessible(p: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page: p }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: what, violations: bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`) }).toEqual({ page: what, violations: [] });
}

const file = (name: string) => ({ file: `${name}.pdf` });
const opinions = [{ summary: '建议增加公交专用道', adopted: true }, { summary: '建议取消限行', adopted: false, reason: '与治理目标不符' }];

it('a whole procedure, clicked through by the right people in turn', async () => {
  const wait = { waitMs: 5 * DAY_MS, tries: 40 };

  // The decision organ launches the procedure from the form built from the API's schema.
  await signInAs(page, base, people.mayor.personId);
  await screenshot(page, 'tasks-empty');
  await page.goto(`${base}/procedures/new`);
  await page.locator('form').waitFor();
  const { startProcedure } = await apiGet<{ startProcedure: Schema }>(page, '/forms');
  await fillForm(page, page.locator('form'), {
    procedureKey: KEY,
    title: '某市中心城区交通拥堵治理方案',
    category: 'public_policy',
    decisionOrgan: UNITS.organ,
    sponsorUnit: UNITS.sponsor,
    legalityOffice: UNITS.office,
    proposal: { source: 'department', proposer: UNITS.sponsor, summary: '治理中心城区交通拥堵' },
    catalog: { outsideReason: '年度目录编制后新增的事项' },
    attributes: { highlySpecialised: true, stabilityRisk: true, wideConcern: true },
    draft: file('draft'),
    jurisdiction: 'sim',
  }, startProcedure);
  await screenshot(page, 'procedure-new');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(new RegExp(`/procedures/${KEY}$`));
  await page.getByTestId('stage').waitFor();

  // The sponsor prepares: comment period, expert review, risk assessment.
  await signInAs(page, base, people.sponsor.personId);
  // 我的待办 says what is awaited from the sponsor, for which procedure.
  await page.getByRole('link', { name: KEY }).waitFor({ timeout: 30_000 });
  await expect(page.locator('.ant-table').innerText()).resolves.toContain('尚未公开征求意见');
  await screenshot(page, 'tasks');
  // 120 simulated days (18 s): long enough for the public to read it while it runs.
  await act(page, base, KEY, 'open-comment-period', { explanation: file('explanation'), channels: ['市政府网站'], days: 120 }, { shot: 'action-form' });
  // while the period runs, anyone, signed out, finds the draft open for comment and its explanation.
  await page.evaluate('sessionStorage.clear()');
  await page.goto(`${base}/public`);
  await page.getByTestId('consultations').getByRole('row', { name: /某市中心城区交通拥堵治理方案/ }).getByRole('button').click();
  await expect(page.getByTestId('public-consultation').innerText()).resolves.toMatch(/起草说明\s+explanation/);
  await screenshot(page, 'public-consultation');
  await accessible(page, 'public-consultation');
  const [explanation] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'explanation.pdf' }).click()]);
  expect(explanation.suggestedFilename()).toBe('explanation.pdf');
  await signInAs(page, base, people.sponsor.personId);
  await act(page, base, KEY, 'record-expert-panel', {
    members: [{ personId: people.expert.personId, name: people.expert.name, expertise: '交通工程', perspective: '支持', directInterest: false }],
    selectionRationale: '专业性、代表性、中立性',
  });
  await signInAs(page, base, people.expert.personId);
  await act(page, base, KEY, 'submit-expert-opinion', { personId: people.expert.personId, document: file('expert-opinion'), signed: true });
  await signInAs(page, base, people.sponsor.personId);
  await act(page, base, KEY, 'submit-expert-adoption-report', { opinions, document: file('expert-adoption') });
  await act(page, base, KEY, 'submit-risk-report', {
    assessor: '某社会稳定风险评估中心', thirdParty: true, departmentsHeard: ['公安局'], riskPoints: ['出租车停运'],
    measures: '分步实施', responsePlan: '应急预案', level: 'medium', document: file('risk'),
  });
  await signInAs(page, base, people.mayor.personId);
  await act(page, base, KEY, 'record-risk-controllability', { controllable: true });

  // too early for collective discussion: the page shows every missing item with its rule and party.
  await signInAs(page, base, people.sponsor.personId);
  const early = await attempt(page, base, KEY, 'submit-to-discussion', {});
  expect(early).toContain('须先完成下列各项');
  for (const rule of ['R-12', 'R-13', 'R-40']) expect(early).toContain(rule);
  await screenshot(page, 'procedure-missing-items');

  await act(page, base, KEY, 'close-comment-period', {}, { untilAccepted: wait });
  await act(page, base, KEY, 'submit-participation-adoption-report', { opinions, document: file('adoption') });
  await act(page, base, KEY, 'submit-legality-review', { legalBasis: '《道路交通安全法》', procedureAccount: '已完成公众参与、专家论证、风险评估' });

  // The legality office returns it once for supplement, then reviews it.
  await signInAs(page, base, people.office.personId);
  await page.goto(`${base}/legality`);
  await page.getByRole('link', { name: KEY }).waitFor();
  await screenshot(page, 'legality-queue');
  await act(page, base, KEY, 'return-for-supplement', { missingItems: ['社会稳定风险评估报告的附件'] });
  await signInAs(page, base, people.sponsor.personId);
  await act(page, base, KEY, 'submit-legality-review', { legalBasis: '《道路交通安全法》', procedureAccount: '已补充风险评估报告附件' });
  await signInAs(page, base, people.office.personId);
  await act(page, base, KEY, 'engage-legal-advisers', { advisers: [{ personId: people.adviser.personId, name: people.adviser.name, firm: people.adviser.unit }] });
  await signInAs(page, base, people.adviser.personId);
  await act(page, base, KEY, 'submit-legal-adviser-opinion', { adviser: people.adviser.name, document: file('adviser') });
  await signInAs(page, base, people.office.personId);
  await act(page, base, KEY, 'give-legality-opinion', { outcome: 'lawful', authority: '有权', procedure: '程序合法', substance: '内容合法', document: file('legality-opinion') });
  await signInAs(page, base, people.sponsor.personId);
  await act(page, base, KEY, 'record-legal-opinion-adoption', { opinions: [{ summary: '合法', adopted: true }] });
  await act(page, base, KEY, 'submit-to-discussion', {}, { untilAccepted: wait });

  // The meeting, with a dissent; the head speaks last.
  await signInAs(page, base, people.mayor.personId);
  const speeches = [
    { personId: 'm-0', name: '委员1', isHead: false, position: 'approve', statement: '同意' },
    { personId: 'm-1', name: '委员2', isHead: false, position: 'reject', statement: '不同意：应先试点' },
    { personId: people.mayor.personId, name: people.mayor.name, isHead: true, position: 'approve', statement: '同意，最后发言' },
  ];
  // Held now, after the submission: typed as 'YYYY-MM-DD HH:mm:ss' in Beijing time.
  await new Promise((r) => setTimeout(r, 1500));
  const heldAt = new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await act(page, base, KEY, 'record-meeting', { meetingType: 'executive', heldAt, membersTotal: 4, attendees: 3, speeches, outcome: 'approve', minutes: file('minutes') }, { shot: 'meeting-form' });
  await act(page, base, KEY, 'record-party-report', { document: file('party-report') });
  await act(page, base, KEY, 'publish-decision', { channels: ['政府公报'], adoptionExplanation: '见采纳情况说明', document: file('decided') });
  await act(page, base, KEY, 'name-executing-unit', { unit: UNITS.executor });
  await signInAs(page, base, people.executor.personId);
  await act(page, base, KEY, 'submit-execution-report', { kind: 'periodic', document: file('execution-1') });
  await signInAs(page, base, people.mayor.personId);
  await act(page, base, KEY, 'order-post-evaluation', { ground: 'organ_need', evaluatorUnit: UNITS.evaluator, thirdParty: true });
  await signInAs(page, base, people.evaluator.personId);
  await act(page, base, KEY, 'submit-evaluation-report', { document: file('evaluation') });
  await openProcedure(page, base, KEY);
  await screenshot(page, 'procedure');
  await signInAs(page, base, people.mayor.personId);
  await openProcedure(page, base, KEY);
  await expect(page.getByTestId('stage').innerText()).resolves.toMatch(/决策后评估|执行中/);
  // The timeline reads as acts with their rules, in Chinese; the English toggle switches the chrome.
  // (the events arrive after the page's first answer: waited for, not read at once)
  await page.getByTestId('timeline').getByText('出具合法性审查意见').first().waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Actions you may take').waitFor();
  await page.getByRole('button', { name: /^中\s?文$/ }).click();
  await page.getByText('可办理事项').waitFor();
  await accessible(page, 'procedure');
}, 900_000);

it('a notice is read and marked read', async () => {
  await signInAs(page, base, people.sponsor.personId);
  await page.goto(`${base}/notices`);
  const unread = page.locator('[data-testid=notice][data-read=false]');
  await unread.first().waitFor();
  const before = await unread.count();
  await screenshot(page, 'notices');
  await accessible(page, 'notices');
  await unread.first().getByRole('button').click();
  expect(await eventually(() => unread.count(), before - 1)).toBe(before - 1);
}, 120_000);

it('the auditor proves replay, reads the state before the legality opinion, and downloads the signed archive', async () => {
  await signInAs(page, base, people.auditor.personId);
  await page.goto(`${base}/audit`);
  await page.getByRole('textbox', { name: '程序' }).fill(KEY);
  await page.getByRole('button', { name: '重放验证' }).click();
  await page.getByTestId('replay-result').waitFor();
  // The instant just before the office gave its opinion, typed in Beijing time.
  const { events } = await apiGet<{ events: { type: string; at: string }[] }>(page, `/procedures/${KEY}/events`);
  const opinion = events.find((e) => e.type === 'LegalityOpinionGiven');
  expect(opinion).toBeDefined();
  const before = new Date(Date.parse(opinion?.at ?? '') - 1000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const picker = page.getByPlaceholder('时刻（北京时间）');
  await picker.click();
  await picker.fill(before);
  await picker.press('Enter');
  await page.getByRole('button', { name: '某一时刻的状态' }).click();
  const asOf = page.getByTestId('as-of-result');
  await asOf.waitFor();
  await expect(asOf.innerText()).resolves.toContain('合法性审查');
  // the signed archive, downloaded and verified offline with the public key alone.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载签名归档' }).click()]);
  expect(saved.suggestedFilename()).toBe(`${KEY}-archive.tar.gz`);
  const dir = tempDir('browser-archive');
  await saved.saveAs(path.join(dir, saved.suggestedFilename()));
  execFileSync('tar', ['-xzf', saved.suggestedFilename()], { cwd: dir });
  const check = await verifyArchive(path.join(dir, KEY), readFileSync(publicKeyPathOf(defaultKeyPath(stack.config.dataDir)), 'utf8'));
  expect(check).toMatchObject({ ok: true, procedureKey: KEY });
  await screenshot(page, 'audit');
  await accessible(page, 'audit');
  // the mayor's acts, found by his person id: his decision at the meeting, in this procedure.
  await page.getByRole('tab', { name: '责任追溯' }).click();
  await page.getByRole('textbox', { name: '人员' }).fill(people.mayor.personId);
  await page.getByRole('button', { name: /^查\s?询$/ }).click();
  const acts = page.getByTestId('acts');
  await acts.getByText('决定', { exact: true }).first().waitFor();
  await expect(acts.innerText()).resolves.toContain(people.mayor.name);
  await accessible(page, 'audit-acts');
}, 120_000);

it('a person of another unit cannot see the procedure: the page says what to do instead', async () => {
  await signInAs(page, base, people.other.personId);
  await page.goto(`${base}/procedures/${KEY}`);
  const problem = page.getByTestId('problem');
  await problem.waitFor();
  await expect(problem.innerText()).resolves.toContain('您当前的身份或单位不能办理此事项');
});

it('every page is usable on a 390-px phone screen', async () => {
  const phone = await newContext(browser, PHONE);
  const p = await phone.newPage();
  await signInAs(p, base, people.sponsor.personId);
  for (const route of ['/tasks', '/notices', '/procedures', `/procedures/${KEY}`, '/public']) {
    await p.goto(`${base}${route}`);
    await p.locator('main').waitFor();
    // Nothing wider than the screen: the page does not scroll sideways.
    const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect({ route, overflow }).toEqual({ route, overflow: 0 });
    if (route === `/procedures/${KEY}`) await screenshot(p, 'phone-procedure');
  }
  await phone.close();
});

it('axe-core finds no serious or critical violation on the other pages, for the people who use them', async () => {
  const visits: [keyof typeof people | undefined, string][] = [
    [undefined, '/signin'],
    [undefined, '/public'],
    ['sponsor', '/tasks'],
    ['sponsor', '/procedures'],
    ['sponsor', '/procedures/new'],
    ['office', '/legality'],
    ['mayor', '/catalogs'],
    ['mayor', '/dashboard'],
  ];
  for (const [who, route] of visits) {
    if (who) await signInAs(page, base, people[who]?.personId ?? '');
    else {
      await page.goto(`${base}/public`);
      await page.evaluate('sessionStorage.clear()');
    }
    await page.goto(`${base}${route}`);
    await page.waitForLoadState('networkidle');
    if (route === '/dashboard') {
      // 看板: the walked procedure's stays, by stage; its legality review ended, so it has a median.
      const times = page.getByTestId('stage-times');
      await times.getByText('合法性审查', { exact: true }).first().waitFor();
      await expect(times.locator('svg').count()).resolves.toBeGreaterThan(0);
    }
    await screenshot(page, `page${route.replaceAll('/', '-')}`);
    await accessible(page, route);
  }
}, 180_000);

it('R-02: the decision organ keeps its yearly catalog (created, an entry, consent, published) and the public reads it', async () => {
  await signInAs(page, base, people.mayor.personId);
  await page.goto(`${base}/catalogs`);
  await page.getByRole('spinbutton', { name: '年度' }).fill('2027');
  const { catalog } = await apiGet<{ catalog: Record<string, { title: string; schema: Schema }> }>(page, '/forms');
  const steps: [string, unknown][] = [
    ['createCatalog', { decisionOrgan: UNITS.organ, year: 2027 }],
    ['addCatalogEntry', { entryId: '2027-01', title: '城市更新三年行动计划', category: 'development_plan', sponsorUnit: UNITS.sponsor }],
    ['recordCatalogPartyConsent', { document: file('party-consent') }],
    ['publishCatalog', { channels: ['市政府网站'] }],
  ];
  for (const [name, payload] of steps) {
    const form = catalog[name];
    if (!form) throw new Error(`no catalog form ${name}`);
    await page.locator('.ant-collapse-header', { hasText: form.title }).first().click();
    const panel = page.getByTestId(`catalog-${name}`);
    await panel.locator('form').waitFor();
    await fillForm(page, panel, payload, form.schema);
    await panel.locator('button[type=submit]').click();
    const done = page.getByText(/^已办理$/).first();
    await done.waitFor();
    await done.waitFor({ state: 'detached' });
  }
  await screenshot(page, 'catalogs');
  await page.goto(`${base}/public`);
  await page.getByRole('textbox', { name: '决策机关' }).fill(UNITS.organ);
  await page.getByRole('spinbutton', { name: '年度' }).fill('2027');
  await page.getByRole('button', { name: /^查\s?询$/ }).click();
  await page.getByText('城市更新三年行动计划').waitFor();
}, 120_000);
