/**
 * `fn` over `items` with at most `limit` calls in flight, results in the items' order. For
 * fan-outs a request makes to Temporal (one query per row of a page), so one page cannot crowd
 * out everyone else's calls.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
