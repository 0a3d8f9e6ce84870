import type { SearchTerm } from '../../src-shared/search/search-query';
import { tokenize, type TextToken } from '../../src-shared/search/search-tokens';

type TextTerm = Extract<SearchTerm, { kind: 'text' }>;

/** A marked range, in UTF-16 offsets of the text it belongs to. */
export type Mark = [start: number, end: number];

/** About two lines of the list's row. */
const SNIPPET_CHARS = 150;
/** How much of the line before the first match is shown, so it is read in its context. */
const LEAD_CHARS = 40;
/** The part of a note looked at first; the rest only when no match is in it. */
const HEAD_CHARS = 2_000;
/** The part of a huge note that is looked at for a snippet. */
const SCAN_CHARS = 200_000;
const MAX_MARKS = 32;

/** Where the terms occur among `tokens`: a phrase as one range, whole tokens only. */
function findMatches(tokens: readonly TextToken[], terms: readonly TextTerm[]): Mark[] {
  const marks: Mark[] = [];
  for (let i = 0; i < tokens.length && marks.length < MAX_MARKS; i += 1) {
    let longest = 0;
    for (const term of terms) {
      const n = term.tokens.length;
      if (n <= longest || i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k += 1) {
        const key = tokens[i + k]!.key;
        const want = term.tokens[k]!;
        ok = key === want || (term.prefix && k === n - 1 && key.startsWith(want));
      }
      if (ok) longest = n;
    }
    if (longest > 0) {
      marks.push([tokens[i]!.start, tokens[i + longest - 1]!.end]);
      i += longest - 1;
    }
  }
  return marks;
}

/** The ranges of `title` that the query's text terms match. */
export function titleMarks(title: string, terms: readonly TextTerm[]): Mark[] {
  return terms.length === 0 ? [] : findMatches(tokenize(title), terms);
}

/**
 * A short plain-text excerpt around the first match: it starts and ends on whole words (or
 * the start of the match's line), never cuts a match, says `…` where text was left out, and
 * carries the matches' ranges in its own offsets. With no match in the text, its opening.
 */
export function buildSnippet(text: string, terms: readonly TextTerm[]): { snippet: string; marks: Mark[] } {
  // Most matches are near the top: a page of hits should not tokenize every note whole.
  if (text.length > HEAD_CHARS) {
    const head = text.slice(0, HEAD_CHARS);
    const tokens = tokenize(head);
    const marks = terms.length === 0 ? [] : findMatches(tokens, terms);
    const first = marks[0];
    // Far enough from the cut that the window (and any phrase in it) is whole.
    const safe = HEAD_CHARS - SNIPPET_CHARS - 50;
    if (first ? first[1] <= safe : terms.length === 0) return snippetAt(text, head, tokens, marks);
  }
  const scanned = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  const tokens = tokenize(scanned);
  return snippetAt(text, scanned, tokens, terms.length === 0 ? [] : findMatches(tokens, terms));
}

function snippetAt(
  text: string,
  scanned: string,
  tokens: readonly TextToken[],
  marks: readonly Mark[],
): { snippet: string; marks: Mark[] } {
  const first = marks[0];

  let start = 0;
  if (first) {
    const lineStart = scanned.lastIndexOf('\n', first[0] - 1) + 1;
    const from = Math.max(lineStart, first[0] - LEAD_CHARS);
    start = tokens.find((t) => t.start >= from)?.start ?? first[0];
  } else {
    start = tokens[0]?.start ?? 0;
  }
  let end = start;
  const limit = start + SNIPPET_CHARS;
  for (const token of tokens) {
    if (token.start < start) continue;
    if (token.end > limit && end > start) break;
    end = token.end;
  }
  // A match running past the limit is shown whole.
  for (const [s, e] of marks) if (s < end && e > end) end = e;
  if (first && end < first[1]) end = first[1];
  // Punctuation that closes the last word (a full stop, a bracket) belongs with it.
  const tail = /^[^\s\p{L}\p{N}]{1,3}/u.exec(scanned.slice(end, end + 3));
  if (tail) end += tail[0].length;

  const inside = marks.filter(([s, e]) => s >= start && e <= end);
  let out = start > 0 && scanned.slice(0, start).trim() !== '' ? '…' : '';
  const outMarks: Mark[] = [];
  const append = (piece: string): void => {
    let collapsed = piece.replace(/\s+/g, ' ');
    if ((out === '' || out.endsWith(' ') || out === '…') && collapsed.startsWith(' '))
      collapsed = collapsed.slice(1);
    out += collapsed;
  };
  let at = start;
  for (const [s, e] of inside) {
    append(scanned.slice(at, s));
    const markStart = out.length;
    append(scanned.slice(s, e));
    outMarks.push([markStart, out.length]);
    at = e;
  }
  append(scanned.slice(at, end));
  out = out.trimEnd();
  if (end < text.length && text.slice(end).trim() !== '') out += '…';
  return { snippet: out, marks: outMarks };
}
