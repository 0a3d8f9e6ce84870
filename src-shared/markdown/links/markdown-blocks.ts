/**
 * The line-level structure links care about, in one linear pass: the frontmatter block, fenced
 * and indented code (where nothing is a link, as in Obsidian) and ordinary text. Deliberately
 * not a full CommonMark parser: it only has to agree with Obsidian on where code is.
 */

export type LineKind = 'frontmatter' | 'code' | 'text';

export interface LineVisitor {
  /** `from`/`to`: the line's span without its `\n` (and without a `\r` before it). */
  (from: number, to: number, kind: LineKind, line: number): void;
}

const SPACE = 32;
const TAB = 9;

/** Columns of leading whitespace (a tab counts to the next multiple of 4), and where text starts. */
function indentOf(text: string, from: number, to: number): { columns: number; start: number } {
  let columns = 0;
  let i = from;
  for (; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === SPACE) columns += 1;
    else if (code === TAB) columns += 4 - (columns % 4);
    else break;
  }
  return { columns, start: i };
}

/** A fence opener or closer at `start`: its character and length, or null. */
function fenceAt(text: string, start: number, to: number): { char: number; length: number } | null {
  const char = text.charCodeAt(start);
  if (char !== 96 /* ` */ && char !== 126 /* ~ */) return null;
  let i = start;
  while (i < to && text.charCodeAt(i) === char) i += 1;
  const length = i - start;
  if (length < 3) return null;
  // A backtick fence's info string may not contain a backtick (that is inline code).
  if (char === 96 && text.indexOf('`', i) !== -1 && text.indexOf('`', i) < to) return null;
  return { char, length };
}

/** `- `, `* `, `+ `, `1. `, `1) ` at `start`. */
export function listMarkerEnd(text: string, start: number, to: number): number {
  const code = text.charCodeAt(start);
  if (code === 45 || code === 42 || code === 43) {
    const next = text.charCodeAt(start + 1);
    return start + 1 === to || next === SPACE || next === TAB ? start + 1 : -1;
  }
  let i = start;
  while (i < to && i - start < 9 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i += 1;
  if (i === start || i >= to) return -1;
  const mark = text.charCodeAt(i);
  if (mark !== 46 && mark !== 41) return -1;
  const next = text.charCodeAt(i + 1);
  return i + 1 === to || next === SPACE || next === TAB ? i + 1 : -1;
}

/** The end of the frontmatter block (after its closing line's `\n`), or 0 when there is none. */
export function frontmatterEnd(text: string): number {
  if (!text.startsWith('---')) return 0;
  let end = text.indexOf('\n');
  if (end === -1 || text.slice(3, end).trim() !== '') return 0;
  for (;;) {
    const from = end + 1;
    if (from > text.length) return 0;
    const next = text.indexOf('\n', from);
    const to = next === -1 ? text.length : next;
    const line = text.slice(from, to).trimEnd();
    if (line === '---' || line === '...') return next === -1 ? text.length : next + 1;
    if (next === -1) return 0;
    end = next;
  }
}

/** Calls `visit` for every line of `text`, in order, with what kind of line it is. */
export function scanLines(text: string, visit: LineVisitor): void {
  const fmEnd = frontmatterEnd(text);
  let fence: { char: number; length: number } | null = null;
  let indentedCode = false;
  let previousBlank = true;
  let inList = false;
  let line = 0;
  for (let from = 0; from <= text.length; line += 1) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    const to = end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (from < fmEnd) {
      visit(from, to, 'frontmatter', line);
    } else {
      const { columns, start } = indentOf(text, from, to);
      const blank = start >= to;
      let kind: LineKind = 'text';
      if (fence !== null) {
        kind = 'code';
        const closer = columns < 4 || inList ? fenceAt(text, start, to) : null;
        if (
          closer &&
          closer.char === fence.char &&
          closer.length >= fence.length &&
          text.slice(start + closer.length, to).trim() === ''
        ) {
          fence = null;
        }
      } else if (indentedCode && (blank || columns >= 4)) {
        kind = 'code';
      } else {
        indentedCode = false;
        const opener = columns < 4 || inList ? fenceAt(text, start, to) : null;
        if (opener) {
          fence = opener;
          kind = 'code';
        } else if (!blank && columns >= 4 && previousBlank && !inList) {
          indentedCode = true;
          kind = 'code';
        } else if (!blank) {
          if (listMarkerEnd(text, start, to) !== -1) inList = true;
          // An unindented paragraph after a blank line ends the list; a lazy line does not.
          else if (columns < 2 && previousBlank) inList = false;
        }
      }
      previousBlank = blank;
      visit(from, to, kind, line);
    }
    if (newline === -1) break;
    from = newline + 1;
  }
}

/** `[from, to)` ranges of code blocks (merged), and the frontmatter's end. */
export function codeBlockRanges(text: string): { frontmatterEnd: number; ranges: number[] } {
  const ranges: number[] = [];
  scanLines(text, (from, to, kind) => {
    if (kind !== 'code') return;
    const last = ranges.length - 1;
    // Adjacent code lines (one `\n` or `\r\n` apart) become one range.
    if (last > 0 && from - ranges[last]! <= 2) ranges[last] = to;
    else ranges.push(from, to);
  });
  return { frontmatterEnd: frontmatterEnd(text), ranges };
}
