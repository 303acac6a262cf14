import type { Page } from 'playwright-core';
import { fillForm, type Schema } from './fill-form';
import { screenshot } from './browser';

/*
 * What a person does in the application, click by click: sign in through the embedded-mode
 * picker, open a procedure, open one of the actions it offers and submit its form.
 */

export async function signInAs(page: Page, base: string, personId: string, role?: string): Promise<void> {
  await page.goto(`${base}/signin`);
  // Signing in as someone else starts from a clean session.
  await page.evaluate('sessionStorage.clear()');
  await page.goto(`${base}/signin`);
  await page.getByTestId(`sign-in-${personId}`).click();
  await page.waitForURL(/\/tasks$/);
  if (role) {
    await page.getByRole('group', { name: /办理身份/ }).getByText(role, { exact: true }).click();
  }
}

/** A GET of the API as the signed-in person (the page's own token), for the schemas the page renders. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const script = `(async () => {
    const s = JSON.parse(sessionStorage.getItem('session'));
    const r = await fetch(${JSON.stringify(path)}, { headers: { Authorization: 'Bearer ' + s.token, 'X-Acting-Role': s.role, Accept: 'application/json' } });
    return r.json();
  })()`;
  return page.evaluate<T>(script);
}

export async function openProcedure(page: Page, base: string, key: string): Promise<void> {
  await page.goto(`${base}/procedures/${encodeURIComponent(key)}`);
  await page.getByTestId('actions').waitFor();
}

/** The text of the problem shown after a refused submit, or undefined when it was accepted. */
async function outcome(page: Page, panel: ReturnType<Page['locator']>): Promise<string | undefined> {
  const done = page.getByText(/^(已办理|Done)$/);
  const problem = panel.getByTestId('problem');
  const fieldErrors = panel.locator('.ant-form-item-explain-error:visible').filter({ hasText: /\S/ });
  const seen = await Promise.race([
    done.first().waitFor({ timeout: 20_000 }).then(() => 'done'),
    problem.first().waitFor({ timeout: 20_000 }).then(() => 'problem'),
  ]).catch(() => 'nothing');
  if ((await problem.count()) > 0) return (await problem.first().innerText()).trim();
  if (seen === 'nothing') {
    await screenshot(page, 'failed-step');
    throw new Error(`the form was neither accepted nor refused; its fields say: ${(await fieldErrors.allTextContents()).join('; ')}`);
  }
  return undefined;
}

/**
 * Opens the action `command` on the procedure's page, fills its form with `payload` and submits.
 * With `untilAccepted`, a refusal because a statutory period is still running (409) is
 * submitted again after `waitMs`, as a person would come back the next day.
 */
export async function act(page: Page, base: string, key: string, command: string, payload: unknown, opts: { untilAccepted?: { waitMs: number; tries: number }; shot?: string } = {}): Promise<void> {
  const problem = await attempt(page, base, key, command, payload, opts);
  if (problem !== undefined) throw new Error(`${command} was refused: ${problem}`);
}

/** Submits like `act` and returns the refusal the page shows (undefined if it was accepted). */
export async function attempt(page: Page, base: string, key: string, command: string, payload: unknown, opts: { untilAccepted?: { waitMs: number; tries: number }; shot?: string } = {}): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    await openProcedure(page, base, key);
    const header = page.getByTestId(`action-${command}`);
    await header.click();
    const panel = page.locator('.ant-collapse-item-active');
    await panel.locator('form').waitFor();
    const { actions } = await apiGet<{ actions: { command: string; schema: Schema }[] }>(page, `/procedures/${encodeURIComponent(key)}/actions`);
    const schema = actions.find((a) => a.command === command)?.schema;
    if (!schema) throw new Error(`${command} is not among the actions offered`);
    await fillForm(page, panel, payload, schema);
    if (opts.shot) await screenshot(page, opts.shot);
    await panel.locator('button[type=submit]').click();
    const problem = await outcome(page, panel);
    if (problem === undefined) return undefined;
    if (!opts.untilAccepted || attempt >= opts.untilAccepted.tries) return problem;
    await new Promise((r) => setTimeout(r, opts.untilAccepted?.waitMs));
  }
}

/** Polls `fn` until it returns `want` (a page updates after its request answers); returns the last value. */
export async function eventually<T>(fn: () => Promise<T>, want: T, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await fn();
  while (last !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}
