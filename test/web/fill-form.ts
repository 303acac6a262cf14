import path from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Locator, Page } from 'playwright-core';

/*
 * Fills a form rendered by react-jsonschema-form from the command's JSON Schema, as a person
 * would: typing into text fields, choosing in selects, ticking boxes, adding array items with
 * the add button, choosing one of several shapes, uploading files. rjsf names each field after
 * its path (`root_a_0_b`); the schema (the one the page rendered, from the API) says which
 * option of a select or of an anyOf a value is. A value `{ file: 'name.pdf' }` is a document
 * to upload into that field.
 */

export interface FileValue { file: string }
export type Schema = { [k: string]: unknown; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[]; $ref?: string };
const isFile = (v: unknown): v is FileValue => !!v && typeof v === 'object' && typeof (v as FileValue).file === 'string';

const filesDir = mkdtempSync(path.join(tmpdir(), 'web-files-'));
function fileOf(name: string): string {
  const p = path.join(filesDir, name);
  writeFileSync(p, `示例文件 ${name}\n`);
  return p;
}

function resolve(s: Schema | undefined, root: Schema): Schema | undefined {
  if (!s?.$ref) return s;
  const parts = s.$ref.replace(/^#\//, '').split('/');
  return resolve(parts.reduce<Schema | undefined>((o, k) => o?.[k] as Schema | undefined, root), root);
}

/** The values a select offers, in order (enum, or oneOf/anyOf of consts). */
function optionValues(s: Schema | undefined): unknown[] | undefined {
  if (!s) return undefined;
  if (Array.isArray(s.enum)) return s.enum;
  const alts = s.oneOf ?? s.anyOf;
  if (alts?.every((a) => 'const' in a)) return alts.map((a) => a.const);
  return undefined;
}

/** Opens the select `id` and picks the option shown as `label`, in the dropdown that select owns. */
async function pick(page: Page, scope: Locator, id: string, label: string): Promise<void> {
  await scope.locator(`[id="${id}"]`).click();
  const dropdown = page.locator(`.ant-select-dropdown:has([id="${id}_list"])`);
  await dropdown.locator(`.ant-select-item-option[title="${label}"]`).click();
  // The choice shows in the field; a dropdown that stays open is closed as a person would.
  const field = scope.locator(`.ant-select:has([id="${id}"])`);
  await field.filter({ hasText: label }).waitFor();
  if (await dropdown.isVisible()) await page.keyboard.press('Escape');
}

export async function fillForm(page: Page, scope: Locator, value: unknown, schema: Schema, id = 'root', root: Schema = schema): Promise<void> {
  if (value === undefined || value === null) return;
  const s = resolve(schema, root);
  if (isFile(value)) {
    const box = scope.locator(`[id="${id}__upload"]`);
    await box.locator('input[type=file]').setInputFiles(fileOf(value.file));
    await box.locator('[data-testid=uploaded]').waitFor();
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if ((await scope.locator(`[id^="${id}_${i}"]`).count()) === 0) await scope.locator(`[id="${id}__add"]`).click();
      await fillForm(page, scope, value[i], (s?.items ?? {}) as Schema, `${id}_${i}`, root);
    }
    return;
  }
  if (typeof value === 'object') {
    let shape = s;
    const alts = s?.anyOf ?? s?.oneOf;
    if (alts && !optionValues(s)) {
      // One of several shapes: choose the one whose fields the value has.
      const keys = Object.keys(value);
      const index = alts.findIndex((a) => keys.every((k) => k in (resolve(a, root)?.properties ?? {})));
      if (index < 0) throw new Error(`${id}: no option has the fields ${keys.join(', ')}`);
      shape = resolve(alts[index], root);
      await pick(page, scope, `${id}__${s?.anyOf ? 'anyof' : 'oneof'}_select`, String(shape?.title ?? `Option ${index + 1}`));
    }
    for (const [k, v] of Object.entries(value)) await fillForm(page, scope, v, (shape?.properties?.[k] ?? {}) as Schema, `${id}_${k}`, root);
    return;
  }
  const field = scope.locator(`[id="${id}"]`);
  if (typeof value === 'boolean') {
    if (value !== (await field.isChecked())) await field.click();
    return;
  }
  const options = optionValues(s);
  if (options) {
    const index = options.indexOf(value);
    if (index < 0) throw new Error(`${id}: ${String(value)} is not one of ${options.join(', ')}`);
    const names = s?.['x-enumNames'] as string[] | undefined;
    await pick(page, scope, id, names?.[index] ?? String(value));
    return;
  }
  // A date and time: Ant Design's picker, typed in Beijing time and confirmed.
  if (s?.format === 'date-time' || s?.format === 'date') {
    await field.click();
    await field.fill(String(value));
    await field.press('Enter');
    return;
  }
  await field.fill(String(value));
}
