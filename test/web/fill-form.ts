import path from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Locator, Page } from 'playwright-core';

/*
 * Fills a form rendered by react-jsonschema-form from the command's JSON Schema, as a person
 * would: typing into text fields, choosing in selects, ticking boxes, adding array items with
 * the add button and uploading files. rjsf names each field after its path (`root_a_0_b`).
 * A value `{ file: 'name.pdf' }` is a document to upload into that field.
 */

export interface FileValue { file: string }
const isFile = (v: unknown): v is FileValue => !!v && typeof v === 'object' && typeof (v as FileValue).file === 'string';

const filesDir = mkdtempSync(path.join(tmpdir(), 'web-files-'));
function fileOf(name: string): string {
  const p = path.join(filesDir, name);
  writeFileSync(p, `示例文件 ${name}\n`);
  return p;
}

export async function fillForm(page: Page, scope: Locator, value: unknown, id = 'root'): Promise<void> {
  if (value === undefined || value === null) return;
  if (isFile(value)) {
    const before = await scope.locator(`[id="${id}__upload"] [data-testid=uploaded]`).count();
    await scope.locator(`[id="${id}__upload"] input[type=file]`).setInputFiles(fileOf(value.file));
    if (before === 0) await scope.locator(`[id="${id}__upload"] [data-testid=uploaded]`).waitFor();
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if ((await scope.locator(`[id="${id}_${i}"]`).count()) === 0) await scope.locator(`[id="${id}__add"]`).click();
      await fillForm(page, scope, value[i], `${id}_${i}`);
    }
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) await fillForm(page, scope, v, `${id}_${k}`);
    return;
  }
  const field = scope.locator(`[id="${id}"]`);
  if (typeof value === 'boolean') {
    if (value !== (await field.isChecked())) await field.click();
    return;
  }
  // An Ant Design select: open it and pick the option whose value this is.
  if ((await field.getAttribute('role')) === 'combobox') {
    await field.click();
    const option = page.locator(`.ant-select-dropdown:visible [data-value="${String(value)}"], .ant-select-dropdown:visible .ant-select-item-option[title="${String(value)}"]`).first();
    await option.click();
    return;
  }
  // An Ant Design date picker: type the Beijing time and confirm.
  if ((await field.locator('xpath=ancestor::*[contains(@class,"ant-picker")]').count()) > 0) {
    await field.click();
    await field.fill(String(value));
    await field.press('Enter');
    return;
  }
  await field.fill(String(value));
}
