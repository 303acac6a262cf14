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
 * ("应为 string，收到 number / Invalid input: expected string, received number"). Messages a
 * schema sets itself are kept as written.
 */
const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;
const text = (m: ReturnType<typeof zh>): string | undefined => (typeof m === 'string' ? m : m?.message);
z.config({
  localeError: (issue) => {
    const [a, b] = [text(zh(issue)), text(en(issue))];
    return a && b && a !== b ? `${a} / ${b}` : (a ?? b);
  },
});
