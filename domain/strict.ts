import { z, ZodError } from 'zod';

/*
 * Commands are strict: a field the schema does not know is refused, not silently dropped. The
 * schemas themselves keep stripping unknown keys, because the workflow's update handler parses
 * recorded payloads with them and must replay histories whose payloads carry such fields; the
 * check below runs where a new command is admitted (the update validator, the API).
 */

type Path = (string | number)[];
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Paths of the keys present in an input object but absent from the object the schema made of
 * it: the fields the schema does not know. Descends only where both sides are objects (or
 * arrays), so the walk is bounded by the parsed output's shape.
 */
export function unknownFields(input: unknown, output: unknown): Path[] {
  const found: Path[] = [];
  const stack: [unknown, unknown, Path][] = [[input, output, []]];
  while (stack.length > 0) {
    const [i, o, path] = stack.pop() as [unknown, unknown, Path];
    if (Array.isArray(i) && Array.isArray(o)) {
      for (let n = Math.min(i.length, o.length) - 1; n >= 0; n--) stack.push([i[n], o[n], [...path, n]]);
    } else if (isPlainObject(i) && isPlainObject(o)) {
      for (const k of Object.keys(i).reverse()) {
        if (has(o, k)) stack.push([i[k], o[k], [...path, k]]);
        else found.push([...path, k]);
      }
    }
  }
  return found;
}

export const UNKNOWN_FIELD_MESSAGE = '不允许的字段：此处没有该字段，请删除 / unknown field: not part of this request, remove it';

/** A ZodError naming each unknown field by its full path, as a schema's own refusal would. */
export function unknownFieldsError(paths: Path[]): ZodError {
  return new ZodError(
    paths.map((path) => ({ code: 'unrecognized_keys' as const, keys: [String(path.at(-1))], path, message: UNKNOWN_FIELD_MESSAGE, input: undefined })),
  );
}

/** Parses `input` with `schema` and refuses any field the schema does not know (ZodError). */
export function parseStrict<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.parse(input);
  const unknown = unknownFields(input, parsed);
  if (unknown.length > 0) throw unknownFieldsError(unknown);
  return parsed;
}

/** `safeParse` with the strict check: unknown fields come back as issues. */
export function safeParseStrict<S extends z.ZodType>(schema: S, input: unknown): { success: true; data: z.infer<S> } | { success: false; error: ZodError } {
  try {
    return { success: true, data: parseStrict(schema, input) };
  } catch (err) {
    if (err instanceof ZodError) return { success: false, error: err };
    throw err;
  }
}

/*
 * zod's own messages, Chinese first then English, like every other message of the service
 * ("无效输入：期望 string，实际接收 数字 / Invalid input: expected string, received number"). Messages a
 * schema sets itself are kept as written. Where zod's text does not say what is expected (a
 * union, a date or instant format, an enum, a missing field), `issueMessage` says it.
 */
const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;
const text = (m: ReturnType<typeof zh>): string | undefined => (typeof m === 'string' ? m : m?.message);
type RawIssue = Parameters<typeof zh>[0];

const FORMATS: Record<string, { zh: string; en: string }> = {
  datetime: {
    zh: '应为带时区的 ISO 8601 时刻，如 2026-03-01T09:00:00+08:00',
    en: 'expected an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00+08:00',
  },
  date: { zh: '应为 ISO 8601 日期 YYYY-MM-DD，如 2026-03-01', en: 'expected an ISO 8601 date YYYY-MM-DD, e.g. 2026-03-01' },
};

/** One alternative of a union, as the fields its issues name ("{ year, entryId }") or the type it expects. */
function alternative(issues: readonly { path: readonly PropertyKey[]; code: string; expected?: unknown }[]): string | undefined {
  const keys = [...new Set(issues.filter((i) => i.path.length > 0).map((i) => String(i.path[0])))];
  if (keys.length > 0 && keys.length === new Set(issues.map((i) => (i.path.length > 0 ? String(i.path[0]) : ''))).size) return `{ ${keys.join(', ')} }`;
  const expected = issues.find((i) => i.code === 'invalid_type' && i.path.length === 0)?.expected;
  return typeof expected === 'string' ? expected : undefined;
}

const bilingual = (zhText: string, enText: string): string => `${zhText} / ${enText}`;

/** What the service says for an issue whose schema set no message of its own. */
export function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_union': {
      if (issue.discriminator !== undefined || !Array.isArray(issue.errors)) break;
      const alts = issue.errors.map(alternative);
      if (alts.length < 2 || alts.some((a) => a === undefined)) break;
      if (new Set(alts).size === 1) return bilingual(`应为 ${alts[0]}`, `expected ${alts[0]}`);
      return bilingual(`应为以下形式之一：${alts.join(' 或 ')}`, `expected one of: ${alts.join(' or ')}`);
    }
    case 'invalid_format': {
      const f = FORMATS[issue.format];
      if (f) return bilingual(f.zh, f.en);
      break;
    }
    case 'invalid_value': {
      if (issue.values.length === 0) break;
      const values = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
      return values.length === 1
        ? bilingual(`应为 ${values[0]}`, `expected ${values[0]}`)
        : bilingual(`应为以下值之一：${values.join('、')}`, `expected one of: ${values.join(', ')}`);
    }
    case 'invalid_type':
      if (issue.input === undefined) return `缺少必填字段（应为 ${issue.expected}）/ required field missing (expected ${issue.expected})`;
      break;
  }
  const [a, b] = [text(zh(issue)), text(en(issue))];
  return a && b && a !== b ? `${a} / ${b}` : (a ?? b);
}

z.config({ localeError: issueMessage });
