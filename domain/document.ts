import { z } from 'zod';

/** A document by hash (ARCHITECTURE decision 4): the store refuses bytes whose hash differs. */
export const documentRefSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '必须是64位小写十六进制 SHA-256'),
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1).max(128),
  name: z.string().min(1).max(256),
});
export type DocumentRef = z.infer<typeof documentRefSchema>;

/** ISO-8601 instant with offset, as every payload carries it. */
export const instantSchema = z.iso.datetime({ offset: true });

/** Free text a person writes: bounded, trimmed, never blank. */
export const text = (max = 4000) => z.string().trim().min(1).max(max);
