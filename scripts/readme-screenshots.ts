/**
 * Copies the README's screenshots from the browser tests' output (screenshots/, git-ignored,
 * written by test/web/*.browser.test.ts) into docs/screenshots/, where README.md shows them.
 * Run the browser tests first: `npx jest test/web`, then `npm run -s readme-screenshots`.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const FROM = path.join(ROOT, 'screenshots');
const TO = path.join(ROOT, 'docs', 'screenshots');

/** The pages the README shows, in its order. */
export const README_SHOTS = ['tasks', 'procedure', 'procedure-missing-items', 'action-form', 'legality-queue', 'notices', 'audit', 'page-dashboard', 'public-consultation', 'phone-procedure'];

function main(): void {
  mkdirSync(TO, { recursive: true });
  const missing = README_SHOTS.filter((n) => !existsSync(path.join(FROM, `${n}.png`)));
  if (missing.length) {
    console.error(`缺少截图 / missing screenshots: ${missing.join(', ')} — 先运行 / run first: npx jest test/web`);
    process.exit(1);
  }
  for (const n of README_SHOTS) copyFileSync(path.join(FROM, `${n}.png`), path.join(TO, `${n}.png`));
  console.log(`已更新 ${README_SHOTS.length} 张截图 / updated ${README_SHOTS.length} screenshots in docs/screenshots/`);
}

if (require.main === module) main();
