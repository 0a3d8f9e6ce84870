/**
 * How well `query` matches `name` as a fuzzy subsequence (case-insensitive), higher is better;
 * null when it does not. A prefix beats a word start, which beats letters scattered about.
 */
export function fuzzyScore(query: string, name: string): number | null {
  const q = query.trim().toLowerCase();
  const n = name.toLowerCase();
  if (q === '') return 0;
  // Among equal matches the caller's order decides (the catalog's: most used first).
  if (n.startsWith(q)) return 1_000;
  const at = n.indexOf(q);
  if (at !== -1) return 500 - at;
  let score = 0;
  let from = 0;
  for (const char of q) {
    const found = n.indexOf(char, from);
    if (found === -1) return null;
    // Consecutive letters and letters at a word start count more.
    score += found === from ? 3 : /[\s_\-.]/.test(n[found - 1] ?? ' ') ? 2 : 1;
    from = found + 1;
  }
  return score;
}

/** `items` whose name matches `query`, best first (ties keep their order). */
export function fuzzyFilter<T>(items: readonly T[], query: string, nameOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, nameOf(item)) }))
    .filter((entry): entry is { item: T; index: number; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.item);
}
