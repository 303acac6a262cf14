/*
 * "Did you mean": the nearest names to a mistyped one, by edit distance (insertions, deletions,
 * substitutions and transpositions of adjacent characters each cost 1).
 */

/** Optimal-string-alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Up to `limit` candidates within a fifth of the name's length (at least 2 edits), nearest
 * first, ties in the candidates' order. Compared without regard to case.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const max = Math.max(2, Math.floor(wanted.length / 5));
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(wanted, c.toLowerCase()) }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.c);
}
