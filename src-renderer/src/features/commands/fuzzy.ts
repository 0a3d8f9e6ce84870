/** [from, to) ranges of a text that a query matched, for highlighting. */
export type MatchRanges = [number, number][];

export interface FuzzyMatch {
  /** How it matched, best first: 0 exact, 1 prefix, 2 word-start substring, 3 substring, 4 words, 5 letters. */
  tier: number;
  /** Within a tier, higher is better (earlier, shorter, less scattered). */
  score: number;
  ranges: MatchRanges;
}

const isWordStart = (text: string, at: number): boolean => at === 0 || /[\s\-_/.:(]/.test(text[at - 1]!);

function mergeRanges(ranges: MatchRanges): MatchRanges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: MatchRanges = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Every query word at the start of some word of the text, in any order ("prev tog"). */
function wordsMatch(text: string, lower: string, words: string[]): MatchRanges | null {
  const ranges: MatchRanges = [];
  for (const word of words) {
    let at = lower.indexOf(word);
    while (at >= 0 && !isWordStart(text, at)) at = lower.indexOf(word, at + 1);
    if (at < 0) return null;
    ranges.push([at, at + word.length]);
  }
  return mergeRanges(ranges);
}

/** The query's letters in order, preferring word starts; scored by how scattered they are. */
function lettersMatch(text: string, lower: string, query: string): FuzzyMatch | null {
  const ranges: MatchRanges = [];
  let score = 0;
  let from = 0;
  for (const letter of query) {
    if (letter === ' ') continue;
    // A later word start with the letter beats the next plain occurrence ("tp" → "Toggle preview").
    let at = lower.indexOf(letter, from);
    if (at < 0) return null;
    const last = ranges[ranges.length - 1];
    if (!(last && last[1] === at) && !isWordStart(text, at)) {
      for (let probe = lower.indexOf(letter, at + 1); probe >= 0; probe = lower.indexOf(letter, probe + 1)) {
        if (isWordStart(text, probe)) {
          at = probe;
          break;
        }
      }
    }
    if (last && last[1] === at) {
      last[1] = at + 1;
      score += 3;
    } else {
      ranges.push([at, at + 1]);
      score += isWordStart(text, at) ? 2 : 0;
    }
    from = at + 1;
  }
  return { tier: 5, score: score - ranges.length - text.length / 100, ranges };
}

/** How well `query` matches `text`, case-insensitively; null when it does not. */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (q === '') return { tier: 0, score: 0, ranges: [] };
  const lower = text.toLowerCase();
  if (lower === q) return { tier: 0, score: 0, ranges: [[0, text.length]] };
  if (lower.startsWith(q)) return { tier: 1, score: -text.length, ranges: [[0, q.length]] };
  let at = lower.indexOf(q);
  let fallback = -1;
  while (at >= 0 && !isWordStart(text, at)) {
    if (fallback < 0) fallback = at;
    at = lower.indexOf(q, at + 1);
  }
  if (at >= 0) return { tier: 2, score: -at, ranges: [[at, at + q.length]] };
  if (fallback >= 0) return { tier: 3, score: -fallback, ranges: [[fallback, fallback + q.length]] };
  const words = q.split(' ');
  if (words.length > 1) {
    const ranges = wordsMatch(text, lower, words);
    if (ranges) return { tier: 4, score: -text.length, ranges };
  }
  return lettersMatch(text, lower, q);
}
