import { z } from 'zod';

/*
 * `.meta()` here and in the command schemas is for people, never data: a title a form shows
 * (zh-CN), an `x-widget` a form renders the field with, `x-enumNames` for an enum's values. It
 * flows into the JSON Schema of GET /forms and /openapi.json; parsing is unchanged by it.
 */

/** A document by hash (ARCHITECTURE decision 4): the store refuses bytes whose hash differs. */
const documentRef = () =>
  z
    .object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, '必须是64位小写十六进制 SHA-256').meta({ title: 'SHA-256 摘要' }),
      size: z.number().int().nonnegative().meta({ title: '大小（字节）' }),
      mediaType: z.string().min(1).max(128).meta({ title: '文件类型' }),
      name: z.string().min(1).max(256).meta({ title: '文件名' }),
    })
    // A form renders it as an upload (POST /documents, then the reference it answers).
    .meta({ title: '文件 / Document', 'x-widget': 'document' });
export const documentRefSchema = documentRef();
export type DocumentRef = z.infer<typeof documentRefSchema>;

/**
 * A document field of a form, with the title people see (e.g. 会议纪要). Built afresh rather than
 * derived from `documentRefSchema`: in a workflow, domain/'s schemas are preloaded and deep-frozen
 * (runtime/workflow-bundle.ts), and deriving a schema clones its frozen definition, which throws.
 */
export const documentField = (title: string) => documentRef().meta({ title });

/** ISO-8601 instant with offset, as every payload carries it. */
export const instantSchema = z.iso.datetime({ offset: true });

/** Free text a person writes: bounded, trimmed, never blank. */
export const text = (max = 4000) => z.string().trim().min(1).max(max);

/** An enum a form shows by the names given (zh-CN), in the order of its values (`x-enumNames`). */
export function namedEnum<const V extends readonly [string, ...string[]]>(values: V, names: Record<V[number], string>) {
  return z.enum(values).meta({ 'x-enumNames': values.map((v: V[number]) => names[v]) });
}
