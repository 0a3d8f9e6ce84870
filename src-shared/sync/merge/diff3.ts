import { diff3Merge } from 'node-diff3';

/**
 * Three-way merge of sequences of strings by diff3 (docs/sync-protocol.md M6), cut at anchors
 * so it stays fast on long texts: the line merge of merge-lines.ts runs on it, and the word
 * merge of merge-words.ts resolves the stretches it found conflicting.
 */

export type Region = { kind: 'ok'; items: string[] } | { kind: 'conflict'; ours: string[]; theirs: string[] };

/** A second merge of a stretch diff3 found conflicts in: the merged items, or null if it conflicts too. */
export type Resolver = (base: string[], ours: string[], theirs: string[]) => string[] | null;
/**
 * diff3, one stretch between anchors at a time. node-diff3's LCS is quadratic and much worse on
 * repeated items (Markdown is full of blank lines, text full of spaces): a 4,000-line note took
 * 20 s in one call. Items that occur exactly once in each version, in the same order, are
 * unchanged by both sides (the idea of patience diff), so the stretches between them merge
 * independently and are short.
 */
export function diff3Regions(ours: string[], base: string[], theirs: string[], resolve?: Resolver): Region[] {
  const regions: Region[] = [];
  let [b0, o0, t0] = [0, 0, 0];
  const ends = [base.length, ours.length, theirs.length];
  for (const [b1, o1, t1] of [...uniqueAnchors([base, ours, theirs]), ends] as number[][]) {
    if (b1 === undefined || o1 === undefined || t1 === undefined) continue;
    const [o, b, t] = [ours.slice(o0, o1), base.slice(b0, b1), theirs.slice(t0, t1)];
    const stretch = diff3Stretch(o, b, t);
    // The whole stretch, not each conflict region: diff3 may have cut a hunk at the wrong line
    // (blank lines align anywhere), and only the second merge runs on conflicts, so a clean
    // merge costs nothing more.
    const resolved =
      resolve && stretch.some((region) => region.kind === 'conflict') ? resolve(b, o, t) : null;
    regions.push(...(resolved ? [{ kind: 'ok' as const, items: resolved }] : stretch));
    if (b1 < base.length) regions.push({ kind: 'ok', items: [base[b1] ?? ''] });
    [b0, o0, t0] = [b1 + 1, o1 + 1, t1 + 1];
  }
  return regions;
}

function diff3Stretch(ours: string[], base: string[], theirs: string[]): Region[] {
  if (sameItems(ours, theirs) || sameItems(theirs, base)) return [{ kind: 'ok', items: ours }];
  if (sameItems(ours, base)) return [{ kind: 'ok', items: theirs }];
  // Too costly to align: the whole stretch counts as changed on both sides (kept, marked).
  if (lcsCost(base, ours) + lcsCost(base, theirs) > LCS_BUDGET) {
    return [{ kind: 'conflict', ours, theirs }];
  }
  return (diff3Merge(ours, base, theirs) as Diff3Region[]).map((region): Region =>
    region.conflict
      ? { kind: 'conflict', ours: region.conflict.a, theirs: region.conflict.b }
      : { kind: 'ok', items: region.ok ?? [] },
  );
}

interface Diff3Region {
  ok?: string[];
  conflict?: { a: string[]; b: string[] };
}

/** Roughly the steps of node-diff3's LCS: matching item pairs times the candidate list it scans. */
export const LCS_BUDGET = 20_000_000;

export function lcsCost(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const item of b) counts.set(item, (counts.get(item) ?? 0) + 1);
  let pairs = 0;
  for (const item of a) pairs += counts.get(item) ?? 0;
  return pairs * (Math.min(a.length, b.length) + 1);
}

export function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * Index tuples (one index per sequence) of items that occur exactly once in every sequence,
 * keeping a chain that is in order in all of them (an item moved on one side is not an anchor).
 */
export function uniqueAnchors(seqs: string[][]): number[][] {
  const once = seqs.map((seq) => {
    const index = new Map<string, number>();
    seq.forEach((item, i) => index.set(item, index.has(item) ? -1 : i));
    return index;
  });
  const [first, ...others] = once;
  if (!first) return [];
  const tuples: number[][] = [];
  for (const [item, i] of first) {
    if (i < 0) continue;
    const tuple = [i];
    for (const other of others) tuple.push(other.get(item) ?? -1);
    if (tuple.every((j) => j >= 0)) tuples.push(tuple);
  }
  tuples.sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
  let chain = tuples;
  for (let dim = 1; dim < seqs.length; dim++) chain = longestIncreasing(chain, dim);
  return chain;
}

/** The longest subsequence strictly increasing in tuple[dim] (patience sorting, O(n log n)). */
function longestIncreasing(items: number[][], dim: number): number[][] {
  const key = (i: number): number => items[i]?.[dim] ?? 0;
  const tails: number[] = [];
  const previous: number[] = [];
  for (let i = 0; i < items.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(tails[mid] ?? 0) < key(i)) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1;
    tails[lo] = i;
  }
  const result: number[][] = [];
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] ?? -1) result.push(items[i] ?? []);
  return result.reverse();
}
