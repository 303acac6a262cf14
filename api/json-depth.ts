/*
 * Valid JSON can still be hostile: `[[[[…]]]]` ten thousand levels deep is 20 KB and parses,
 * but every recursive walk after the parser (zod, JSON.stringify, the data converter) then
 * overflows the stack. The depth is checked on the raw bytes, before anything parses them.
 */

/** Deepest nesting of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether the JSON text nests objects and arrays deeper than `max` (brackets inside strings do
 * not count). One pass, no recursion; bytes of multi-byte UTF-8 characters are all ≥ 0x80, so
 * they are never mistaken for the ASCII punctuation looked for.
 */
export function exceedsJsonDepth(buf: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
  return false;
}

/** body-parser's error `type` for a body nested too deeply (api/problem.ts answers 400). */
export const TOO_DEEP = 'entity.too.deep';

/** For express.json's `verify`: throws before parsing when the body nests too deeply. */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (exceedsJsonDepth(buf)) throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { type: TOO_DEEP });
}
