import { z } from 'zod';
import { instantSchema, startProcedureSchema } from '../../domain';

/*
 * docs/rules.md §3: a malformed request names every invalid field and what it expects, Chinese
 * first then English — never only "Invalid input" (zod's messages, set in domain/strict.ts).
 */
const messages = (schema: z.ZodType, input: unknown): Record<string, string> => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('parsed');
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('zod issue messages a person can act on', () => {
  it('a catalog that is neither an entry nor a reason says which two forms are expected', () => {
    for (const catalog of [{ foo: 1 }, { year: 2026 }, 'none']) {
      const m = messages(startProcedureSchema.shape.catalog, catalog)[''];
      expect(m).toMatch(/^[\u4e00-\u9fff][^/]*\/ [a-z]/);
      expect(m).toContain('outsideReason');
      expect(m).toContain('entryId');
      expect(m).not.toMatch(/^无效输入 \/ Invalid input$/);
    }
  });

  it('another union without a message of its own lists its alternatives', () => {
    const m = messages(z.object({ x: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) }), { x: {} }).x;
    expect(m).toBe('应为以下形式之一：{ a } 或 { b } / expected one of: { a } or { b }');
  });

  it('an instant or a date that is not ISO 8601 says what the format is, with an example', () => {
    expect(messages(instantSchema, '2026-03-01 09:00')['']).toBe(
      '应为带时区的 ISO 8601 时刻，如 2026-03-01T09:00:00+08:00 / expected an ISO 8601 instant with its offset, e.g. 2026-03-01T09:00:00+08:00',
    );
    expect(messages(z.iso.date(), '01/03/2026')['']).toBe('应为 ISO 8601 日期 YYYY-MM-DD，如 2026-03-01 / expected an ISO 8601 date YYYY-MM-DD, e.g. 2026-03-01');
  });

  it('a value outside an enum lists the allowed values', () => {
    expect(messages(z.enum(['leader', 'public']), 'mayor')['']).toBe('应为以下值之一：leader、public / expected one of: leader, public');
  });

  it('a missing field says it is required and what it holds', () => {
    expect(messages(z.object({ title: z.string() }), {}).title).toBe('缺少必填字段（应为 string）/ required field missing (expected string)');
  });

  it('keeps zod’s bilingual text for the rest, and a schema’s own message as written', () => {
    expect(messages(z.string(), 3)['']).toBe('无效输入：期望 string，实际接收 数字 / Invalid input: expected string, received number');
    expect(messages(z.string().min(2, '太短'), 'a')['']).toBe('太短');
  });
});
