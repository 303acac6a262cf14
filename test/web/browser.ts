import { execFileSync } from 'node:child_process';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/*
 * Browser tests drive a real Chromium: the one @sparticuz/chromium carries inside its npm
 * package (nothing is downloaded at run time), under playwright-core. It has no CJK fonts;
 * the application self-hosts Noto Sans SC, so screenshots show Chinese as people see it.
 */

/** Where the tests write a screenshot of each page (git-ignored; scripts/readme-screenshots.ts copies some into docs/). */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'screenshots');

/**
 * The package's flags are made for serverless functions; three of them would make these tests
 * lie or break: `--disable-web-security` (the app's security headers must hold), its companion
 * `--allow-running-insecure-content`, and `--single-process` (closing one context closes the
 * whole browser).
 */
const DROPPED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

/**
 * The package is an ES module that finds its binary through import.meta.url, which jest's
 * CommonJS loader cannot give it: a child Node process asks it for the path (it unpacks the
 * binary to /tmp the first time) and the flags.
 */
function packagedChromium(): { executablePath: string; args: string[] } {
  const script = "import('@sparticuz/chromium').then(async ({ default: c }) => console.log(JSON.stringify({ executablePath: await c.executablePath(), args: c.args })))";
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8' })) as { executablePath: string; args: string[] };
}

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = packagedChromium();
  return playwright.launch({ executablePath, args: args.filter((a) => !DROPPED.has(a)), headless: true });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile in Beijing time and Chinese, as an office's machine would be. */
export function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The page as people see it once its reads have answered: no spinner, no skeleton.
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
