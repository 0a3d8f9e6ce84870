/**
 * How search sees text, shared by the index (what is stored), the query compiler (what is
 * asked) and the snippet builder (what is marked), so the three can never disagree.
 *
 * FTS5's unicode61 tokenizer splits on anything that is not a letter, number or private-use
 * character, folds case and (with `remove_diacritics 2`) accents. Two kinds of text it gets
 * wrong are rewritten before it sees them:
 * - CJK scripts have no spaces, so a whole sentence would be one token and `テキスト` would not
 *   find `日本語のテキスト`. Every Han, kana and Hangul character becomes its own token and a query
 *   run becomes a phrase of them, so any substring matches (1- and 2-character words included,
 *   which a trigram index cannot serve, and with no dictionary that segments the text one way
 *   and the query another, as Intl.Segmenter does).
 * - Emoji are symbols, which unicode61 drops. Each pictograph becomes its own token: a
 *   private-use character (a token character to unicode61) standing for it.
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const PICTOGRAPH = '\\p{Extended_Pictographic}';
/** One character that is a token on its own. */
const UNIGRAM = `[${CJK}${PICTOGRAPH}]`;
/** Characters unicode61 keeps inside a word (marks fold away with the diacritics). */
const WORD = `[[\\p{L}\\p{N}\\p{M}\\p{Co}]--[${CJK}]]+`;

// The `v` flag (set subtraction) is built from strings: the compiler's target predates it.
const TOKEN_RE = new RegExp(`${UNIGRAM}|${WORD}`, 'gv');
const UNIGRAM_RE = new RegExp(UNIGRAM, 'gv');
const PICTOGRAPH_ONLY_RE = new RegExp(`^${PICTOGRAPH}$`, 'v');
const CJK_ONLY_RE = new RegExp(`^[${CJK}]$`, 'v');
const ASCII_RE = /^[\x00-\x7f]*$/;
const MARKS_RE = /\p{M}/gu;

/** A pictograph's stand-in: plane 15 private use for the BMP ones, plane 16 for the rest. */
function pictographToken(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  return String.fromCodePoint(cp > 0xffff ? 0x100000 + (cp - 0x10000) : 0xf0000 + cp);
}

/**
 * The text FTS5 is given for `text`: unchanged except that each CJK character and pictograph
 * stands alone (pictographs as their stand-ins). Most notes have none and skip the rewrite.
 */
export function toIndexText(text: string): string {
  if (ASCII_RE.test(text)) return text;
  return text
    .replace(KEY_MARK_RE, ' ')
    .replace(UNIGRAM_RE, (char) => ` ${PICTOGRAPH_ONLY_RE.test(char) ? pictographToken(char) : char} `);
}

/**
 * The first character of every key token: private use, and never left in a note's text or a
 * query (both drop it), so no word typed or written can match a key, and a plain search term
 * needs no column filter to keep off the `keys` column (a filter costs FTS5 a position check).
 */
export const KEY_MARK = '\u{10FFFD}';
const KEY_MARK_RE = /\u{10FFFD}/gu;

/** Text as a query may use it: without NULs (they end FTS5's query string) or key marks. */
export function cleanQueryText(text: string): string {
  return text.replace(/\0/g, '').replace(KEY_MARK_RE, '');
}

/** One token of a text and where it is, in UTF-16 offsets of the original. */
export interface TextToken {
  start: number;
  end: number;
  /** Folded: lower case, no diacritics; a pictograph is its stand-in. */
  key: string;
  /** A CJK character or pictograph: a phrase's last one is never a prefix. */
  unigram: boolean;
}

/** Case and diacritics folded the way unicode61 with `remove_diacritics 2` folds them. */
export function foldToken(token: string): string {
  if (ASCII_RE.test(token)) return token.toLowerCase();
  return token.normalize('NFD').replace(MARKS_RE, '').toLowerCase().normalize('NFC');
}

/** The tokens of `text` in order, stopping after `max` of them. */
export function tokenize(text: string, max = Number.POSITIVE_INFINITY): TextToken[] {
  const tokens: TextToken[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m !== null && tokens.length < max; m = TOKEN_RE.exec(text)) {
    const raw = m[0];
    const start = m.index;
    if (PICTOGRAPH_ONLY_RE.test(raw)) {
      tokens.push({ start, end: start + raw.length, key: pictographToken(raw), unigram: true });
    } else {
      const unigram = CJK_ONLY_RE.test(raw);
      tokens.push({ start, end: start + raw.length, key: foldToken(raw), unigram });
    }
  }
  return tokens;
}

/**
 * A tag or folder path as one opaque token (`t…`, `f…`, `e…` for a folder alone), so `tag:project` matches exactly that
 * key and never a word of the text: 2 × 32-bit FNV-1a in base 36, letters and digits only.
 */
export function keyToken(kind: 't' | 'f' | 'e', key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return `${KEY_MARK}${kind}${(a >>> 0).toString(36)}x${(b >>> 0).toString(36)}`;
}

/** Every note carries this key, so a query of only exclusions has something to exclude from. */
export const ALL_NOTES_TOKEN = `${KEY_MARK}all`;
/** Trashed notes carry this key: excluding a few is cheaper than intersecting with all the rest. */
export const TRASHED_NOTES_TOKEN = `${KEY_MARK}trash`;

/** `Project/Quire` → `project`, `project/quire`: a nested key matches each of its ancestors. */
export function pathKeys(path: string): string[] {
  const segments = foldToken(path)
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}
