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
 * A query prepared once per call: its words, its characters for the fuzzy pass and the mask
 * `charMask` needs a name to cover, so the per-name work allocates nothing.
 */
export interface PreparedQuery {
  text: string;
  hasSpace: boolean;
  words: readonly string[];
  /** The code points the fuzzy pass walks, spaces left out (as `for…of` over `text` gives them). */
  chars: readonly string[];
  mask: number;
}

export function prepareQuery(query: string): PreparedQuery {
  const chars = [...query].filter((char) => char !== ' ');
  return {
    text: query,
    hasSpace: query.includes(' '),
    words: query.split(' '),
    chars,
    mask: charMask(chars.join('')),
  };
}

/**
 * Which characters a text holds, as 32 bits: a-z one bit each, the digits folded onto five,
 * everything else but the space on the last. Every tier needs each of the query's non-space
 * characters somewhere in the name, so a name whose mask lacks a bit of the query's cannot match
 * and is skipped before any ranking. Exact code units, as matching compares them.
 */
export function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) mask |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) mask |= 1 << (26 + ((code - 48) % 5));
    else if (code !== 32) mask |= 1 << 31;
  }
  return mask;
}

/** True when a name with `nameMask` may match the query: every bit of the query's is there. */
export function mayMatch(nameMask: number, query: PreparedQuery): boolean {
  return (nameMask & query.mask) === query.mask;
}

/** `rankName`'s "no match": every real score, however low a late word start puts it, is above it. */
export const NO_SCORE = -Infinity;

/**
 * The query's characters in order. Each one is taken at the next word start if there is one before
 * the next plain occurrence would end the run, which keeps "mn" on "My Notes" at M and N.
 * Scalars stand in for the ranges so ranking allocates nothing; `ranges`, when given, gets them.
 */
function fuzzyScore(name: string, query: PreparedQuery, ranges: [number, number][] | null): number {
  let pieces = 0;
  let first = 0;
  let end = -1;
  let from = 0;
  let boundaries = 0;
  for (const char of query.chars) {
    const plain = name.indexOf(char, from);
    if (plain === -1) return NO_SCORE;
    let at = plain;
    // Continuing a run beats jumping to a word start; otherwise prefer the word start.
    const continues = pieces > 0 && end === plain;
    if (!continues && !isWordStart(name, plain)) {
      for (let i = plain + 1; i < name.length; i += 1) {
        if (name[i] === char && isWordStart(name, i)) {
          at = i;
          break;
        }
      }
    }
    if (isWordStart(name, at)) boundaries += 1;
    if (pieces > 0 && end === at) {
      end = at + 1;
      if (ranges) ranges[ranges.length - 1]![1] = end;
    } else {
      if (pieces === 0) first = at;
      pieces += 1;
      end = at + 1;
      if (ranges) ranges.push([at, end]);
    }
    from = at + 1;
  }
  if (pieces === 0) return NO_SCORE;
  const span = end - first;
  // 1..~300: fewer pieces, word starts, an early start and a tight span are better.
  const score = Math.max(
    1,
    300 - (pieces - 1) * 25 + boundaries * 15 - first * 2 - (span - query.text.length),
  );
  return Math.min(score, TIER.substring - 1);
}

/**
 * `matchName`'s score without building its result: `NO_SCORE` when nothing matched. The ranges
 * go into `ranges` when one is given (empty), so the few shown are built by the same code.
 */
export function rankName(name: string, query: PreparedQuery, ranges: [number, number][] | null): number {
  const text = query.text;
  if (text.length > name.length && !query.hasSpace) return NO_SCORE;
  if (name === text) {
    ranges?.push([0, name.length]);
    return TIER.exact;
  }
  if (name.startsWith(text)) {
    ranges?.push([0, text.length]);
    return TIER.prefix;
  }
  if (query.words.length > 1) {
    const found = wordsMatch(name, query.words);
    if (found) {
      ranges?.push(...found);
      return TIER.words;
    }
  }
  const start = wordStartIndex(name, text);
  if (start !== -1) {
    ranges?.push([start, start + text.length]);
    return TIER.wordStart - start;
  }
  const inside = name.indexOf(text);
  if (inside !== -1) {
    ranges?.push([inside, inside + text.length]);
    return TIER.substring - inside;
  }
  return fuzzyScore(name, query, ranges);
}

/** `name` from `normalizeName`, `query` from `normalizeQuery` and not empty. */
export function matchName(name: string, query: string): NameMatch | null {
  const ranges: [number, number][] = [];
  const score = rankName(name, prepareQuery(query), ranges);
  return score === NO_SCORE ? null : { score, ranges };
}
