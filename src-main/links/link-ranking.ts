/**
 * How well a note's name matches what was typed after `[[`. Pure and allocation-light: it runs
 * once per name per keystroke over the whole vault.
 *
 * Tiers, best first: the whole name, a prefix, every typed word starting a word of the name, the
 * text at a word start, anywhere, then the letters in order (fuzzy). Inside a tier a tighter
 * match ranks higher; the caller adds recency and length.
 */

export interface NameMatch {
  score: number;
  /** [from, to) ranges of `name` the query matched, in order. */
  ranges: [number, number][];
}

export const TIER = {
  exact: 1000,
  prefix: 800,
  words: 650,
  wordStart: 600,
  substring: 450,
  fuzzy: 0,
} as const;

/**
 * A name in the form it is compared in: lower case, position for position (a character whose
 * lower case is longer keeps the name as it is), so matched ranges point into the name shown.
 */
export function normalizeName(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/** What was typed, compared against names: lower case, runs of white space as one space. */
export function normalizeQuery(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  // ASCII without the regular expression: this runs for every character of every name.
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(char);
}

function isWordStart(name: string, index: number): boolean {
  return index === 0 || !isWordChar(name[index - 1]);
}

function wordStartIndex(name: string, query: string): number {
  let index = name.indexOf(query, 1);
  while (index !== -1) {
    if (isWordStart(name, index)) return index;
    index = name.indexOf(query, index + 1);
  }
  return -1;
}

/** Each typed word at the start of a different word of the name, in any order. */
function wordsMatch(name: string, words: readonly string[]): [number, number][] | null {
  const ranges: [number, number][] = [];
  for (const word of words) {
    let index = name.indexOf(word);
    while (index !== -1) {
      const at = index;
      if (isWordStart(name, at) && !ranges.some(([from, to]) => at < to && at + word.length > from)) break;
      index = name.indexOf(word, index + 1);
    }
    if (index === -1) return null;
    ranges.push([index, index + word.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * The query's characters in order. Each one is taken at the next word start if there is one before
 * the next plain occurrence would end the run, which keeps "mn" on "My Notes" at M and N.
 */
function fuzzyMatch(name: string, query: string): NameMatch | null {
  const ranges: [number, number][] = [];
  let from = 0;
  let boundaries = 0;
  for (const char of query) {
    if (char === ' ') continue;
    const plain = name.indexOf(char, from);
    if (plain === -1) return null;
    let at = plain;
    // Continuing a run beats jumping to a word start; otherwise prefer the word start.
    const continues = ranges.length > 0 && ranges[ranges.length - 1]![1] === plain;
    if (!continues && !isWordStart(name, plain)) {
      for (let i = plain + 1; i < name.length; i += 1) {
        if (name[i] === char && isWordStart(name, i)) {
          at = i;
          break;
        }
      }
    }
    if (isWordStart(name, at)) boundaries += 1;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === at) last[1] = at + 1;
    else ranges.push([at, at + 1]);
    from = at + 1;
  }
  if (ranges.length === 0) return null;
  const span = ranges[ranges.length - 1]![1] - ranges[0]![0];
  // 1..~300: fewer pieces, word starts, an early start and a tight span are better.
  const score = Math.max(
    1,
    300 - (ranges.length - 1) * 25 + boundaries * 15 - ranges[0]![0] * 2 - (span - query.length),
  );
  return { score: Math.min(score, TIER.substring - 1), ranges };
}

/** `name` from `normalizeName`, `query` from `normalizeQuery` and not empty. */
export function matchName(name: string, query: string): NameMatch | null {
  if (query.length > name.length && !query.includes(' ')) return null;
  if (name === query) return { score: TIER.exact, ranges: [[0, name.length]] };
  if (name.startsWith(query)) return { score: TIER.prefix, ranges: [[0, query.length]] };
  const words = query.split(' ');
  if (words.length > 1) {
    const ranges = wordsMatch(name, words);
    if (ranges) return { score: TIER.words, ranges };
  }
  const start = wordStartIndex(name, query);
  if (start !== -1) return { score: TIER.wordStart - start, ranges: [[start, start + query.length]] };
  const inside = name.indexOf(query);
  if (inside !== -1) return { score: TIER.substring - inside, ranges: [[inside, inside + query.length]] };
  return fuzzyMatch(name, query);
}
