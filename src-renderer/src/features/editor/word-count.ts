/**
 * Words and characters as a writer counts them: the text a reader sees, so Markdown syntax
 * (`**`, `#`, link targets, fences) and the frontmatter are not counted. Each Han, Hiragana,
 * Katakana or Hangul character is one word, as in Obsidian and Word; other scripts are split by
 * `Intl.Segmenter` (words of Thai and the like), with a regular-expression fallback where it is
 * missing. Counting is per line and memoised by the line's text, so a keystroke in a huge note
 * recounts one line.
 */

export interface TextCount {
  words: number;
  characters: number;
}

const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
// A word of a script written with spaces: "don't", "well-known", "3.14" and "1,000" are one each.
const SPACED_WORD = /[\p{L}\p{N}\p{M}]+(?:(?:['’\-_.]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}\p{M}]+)*/gu;
// Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer…): only a dictionary
// segmenter finds their words. Everything else is split by the expression above, which is far
// cheaper than `Intl.Segmenter` (about 100 µs a line).
const UNSPACED =
  /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u1950-\u19DF\u1A20-\u1AAF\uA9E0-\uA9FF\uAA60-\uAADF]/;
// Text in which each UTF-16 unit is one user-perceived character: no combining marks, joiners,
// variation selectors or astral characters (emoji), so its length is its character count.
const SIMPLE_CHARACTERS =
  /^[\u0000-\u02FF\u0370-\u0482\u048A-\u058F\u1E00-\u200C\u200E-\u20CF\u2100-\u2BFF\u3000-\u3098\u309B-\uD7FF\uFF00-\uFFEF]*$/;
const JOINERS = new Set(["'", '’', '-', '_']);
// Any character some Markdown construct below starts with (a digit may start a numbered list).
const MARKUP = /[#>*_`~=|[\]!%<+-]|^\s*\d/;

const wordSegmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'word' })
    : null;
const graphemeSegmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

/** One line of Markdown as the reader sees it. Constructs are line-local, so lines count alone. */
export function plainLine(line: string): string {
  // Most prose lines hold no syntax at all: nothing to take out.
  if (!MARKUP.test(line)) return line;
  return (
    line
      // Fence lines, thematic breaks, setext underlines and table rules are all syntax.
      .replace(/^\s{0,3}(`{3,}|~{3,}).*$/, '')
      .replace(/^\s{0,3}([-*_=])(\s*\1){2,}\s*$/, '')
      .replace(/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/, '')
      // Block markers: quotes, headings, list bullets and task boxes.
      .replace(/^(\s*>)+\s?/, '')
      .replace(/^\s{0,3}#{1,6}(\s+|$)/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '')
      // Obsidian comments and embeds show nothing; links show their text.
      .replace(/%%.*?%%/g, ' ')
      .replace(/!\[\[[^\]]*\]\]/g, ' ')
      .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
      .replace(/\[\[([^\]]*)\]\]/g, '$1')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[\^[^\]]+\]:?/g, ' ')
      .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
      // Emphasis, highlight, strike and code marks; table pipes.
      .replace(/(\*{1,3}|_{2,3}|~~|==|`+)/g, '')
      .replace(/(^|\s)_(?=\S)|(?<=\S)_(?=\s|$)/g, '$1')
      .replace(/\s*\|\s*/g, ' ')
  );
}

function countWords(text: string): number {
  let words = 0;
  // CJK characters are words each; what is left is split by the segmenter or the fallback.
  const rest = text.replace(CJK_ALL, () => {
    words += 1;
    return ' ';
  });
  if (!wordSegmenter || !UNSPACED.test(rest)) return words + (rest.match(SPACED_WORD)?.length ?? 0);
  // "well-known" and "don't" are one word: a joiner between two word parts does not split.
  let previousWord = false;
  let joined = false;
  for (const segment of wordSegmenter.segment(rest)) {
    if (segment.isWordLike) {
      if (!(previousWord && joined)) words += 1;
      previousWord = true;
      joined = false;
    } else {
      joined = previousWord && !joined && JOINERS.has(segment.segment);
      if (!joined) previousWord = false;
    }
  }
  return words;
}

function countCharacters(text: string): number {
  if (SIMPLE_CHARACTERS.test(text)) return text.length;
  if (!graphemeSegmenter) return Array.from(text).length;
  let characters = 0;
  for (const _ of graphemeSegmenter.segment(text)) characters += 1;
  return characters;
}

/** Counts one line of Markdown (no line break). */
export function countLine(line: string): TextCount {
  const plain = plainLine(line).trim();
  if (plain === '') return { words: 0, characters: 0 };
  return { words: countWords(plain), characters: countCharacters(plain.replace(/\s+/g, ' ')) };
}

/** How many lines at the top are frontmatter (`---` … `---` or `...`); 0 when there is none. */
export function frontmatterLines(lines: readonly string[]): number {
  if (lines[0]?.trimEnd() !== '---') return 0;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i]?.trimEnd();
    if (line === '---' || line === '...') return i + 1;
  }
  return 0;
}

/**
 * A counter that remembers each line's count from its previous pass: only lines it has not seen
 * are counted again, and lines no longer in the note are forgotten.
 */
export function createWordCounter(): { count(lines: Iterable<string>): TextCount } {
  let known = new Map<string, TextCount>();
  return {
    count(lines) {
      const seen = new Map<string, TextCount>();
      let words = 0;
      let characters = 0;
      for (const line of lines) {
        let counted = seen.get(line) ?? known.get(line);
        if (!counted) counted = countLine(line);
        seen.set(line, counted);
        words += counted.words;
        characters += counted.characters;
      }
      known = seen;
      return { words, characters };
    },
  };
}

/** Counts a whole note's text, frontmatter excluded. */
export function countNote(text: string): TextCount {
  const lines = text.split(/\r\n|\r|\n/);
  return createWordCounter().count(lines.slice(frontmatterLines(lines)));
}

const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** "12 words · 64 characters", or "3 of 120 words selected" while there is a selection. */
export function describeCount(note: TextCount, selection: TextCount | null): string {
  if (selection)
    return `${selection.words.toLocaleString()} of ${plural(note.words, 'word', 'words')} selected`;
  return `${plural(note.words, 'word', 'words')} · ${plural(note.characters, 'character', 'characters')}`;
}
