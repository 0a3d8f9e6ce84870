import { NOTE_LIMITS } from '../schema/note-limits';

/**
 * Inline `#tags` as Obsidian reads them, without a Markdown parser: one pass over the text that
 * skips what can hold a `#` that is not a tag (frontmatter is the caller's to strip; code
 * fences, indented code, code spans, wikilinks, link targets, HTML tags, URLs, entities).
 * The rules of a tag itself are exported so the editor and the preview agree with the host.
 */

/** Letters of any script (with their combining marks), digits, `_`, `-` and `/` (nesting). */
const TAG_RUN = /[\p{L}\p{M}\p{N}_\-/]+/uy;
/** Obsidian: a tag needs one character that is not a digit (`#1984` is not a tag). */
const HAS_NON_DIGIT = /[^\p{N}/]/u;
/**
 * What may stand right before the `#`: whitespace or punctuation, of any script (`（#タグ`).
 * Letters and digits (`foo#bar`), emoji, `=`, and these may not: `&` (`&#123;`), `#` (`##`),
 * `/` (`x/#frag`), `\\` (an escape), `.` (`page.html#frag`), `@`, `%`.
 */
const PUNCTUATION = /[\p{P}<>|~+]/u;
const NOT_BEFORE_TAG = new Set(['&', '#', '/', '\\', '.', '@', '%']);

/** Whether a `#` after this character (undefined: at the start of a line) may begin a tag. */
export function canPrecedeTag(char: string | undefined): boolean {
  if (char === undefined || char === '' || /\s/u.test(char)) return true;
  return !NOT_BEFORE_TAG.has(char) && PUNCTUATION.test(char);
}

export interface TagAt {
  /** The tag without `#`, trailing `/` dropped. */
  tag: string;
  /** Index just past the tag's last character in the text. */
  end: number;
}

/**
 * The tag whose `#` is at `hash`, or null. Only the tag's own characters are looked at; whether
 * it stands where a tag may (code, links…) is the caller's to know.
 */
export function readTagAt(text: string, hash: number): TagAt | null {
  if (text.charCodeAt(hash) !== 0x23 /* # */) return null;
  TAG_RUN.lastIndex = hash + 1;
  const match = TAG_RUN.exec(text);
  if (!match) return null;
  let run = match[0];
  let end = hash + 1 + run.length;
  while (run.endsWith('/')) {
    run = run.slice(0, -1);
    end -= 1;
  }
  // `#/x` and `#a//b` name no tag.
  if (run === '' || run.startsWith('/') || run.includes('//')) return null;
  if (!HAS_NON_DIGIT.test(run)) return null;
  if (run.length > NOTE_LIMITS.tagMaxLength) return null;
  return { tag: run, end };
}

export interface InlineTagMatch {
  tag: string;
  /** Index of the `#`. */
  from: number;
  /** Index just past the tag. */
  to: number;
}

// Any indent: indented code is recognised first, and list items nest fences deeper.
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const INDENTED = /^(?: {4}|\t| {1,3}\t)/;
const URL_SCHEME = /[a-z][a-z0-9+.-]*:\/\//i;

/** Where each line of `text` starts and ends (without its line break). */
function* lines(text: string): Generator<{ start: number; end: number }> {
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    yield { start, end: end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end };
    if (newline === -1) return;
    start = newline + 1;
  }
}

function runLength(text: string, at: number, char: number): number {
  let end = at;
  while (text.charCodeAt(end) === char) end++;
  return end - at;
}

/**
 * Every inline tag of a Markdown body (frontmatter already stripped), in order, with positions.
 * `offset` is added to the positions, for a body cut out of a longer text.
 */
export function findInlineTags(body: string, offset = 0): InlineTagMatch[] {
  const found: InlineTagMatch[] = [];
  let fence: { char: string; length: number } | null = null;
  let previousBlank = true;
  let inList = false;
  let inIndentedCode = false;
  // A code span may run over the lines of one paragraph: the backtick run still open, if any.
  let openTicks = 0;
  // Per paragraph: backtick run lengths known to have no closer (no rescans on unmatched ones).
  let unclosedTicks = new Set<number>();

  for (const { start, end } of lines(body)) {
    const line = body.slice(start, end);
    const blank = line.trim() === '';
    if (fence) {
      const close = FENCE_OPEN.exec(line);
      if (
        close?.[1] &&
        close[1][0] === fence.char &&
        close[1].length >= fence.length &&
        line.slice(close[0].length).trim() === ''
      ) {
        fence = null;
      }
      previousBlank = false;
      continue;
    }
    if (blank) {
      previousBlank = true;
      openTicks = 0;
      unclosedTicks = new Set();
      continue;
    }
    const indented = INDENTED.test(line);
    // Indented code starts after a blank line and cannot interrupt a paragraph or a list.
    if (indented && (inIndentedCode || (previousBlank && !inList && openTicks === 0))) {
      inIndentedCode = true;
      previousBlank = false;
      continue;
    }
    inIndentedCode = false;
    if (openTicks === 0) {
      const open = FENCE_OPEN.exec(line);
      if (open?.[1] && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
        fence = { char: open[1][0] ?? '`', length: open[1].length };
        previousBlank = false;
        continue;
      }
    }
    if (LIST_ITEM.test(line)) inList = true;
    else if (!indented && previousBlank) inList = false;
    previousBlank = false;
    scanInline(body, start, end);
  }
  return found;

  function scanInline(text: string, start: number, end: number): void {
    let i = start;
    if (openTicks > 0) {
      i = closeTicks(text, start, end, openTicks);
      if (i < 0) return;
      openTicks = 0;
    }
    let wordStart = start;
    while (i < end) {
      const code = text.charCodeAt(i);
      if (code === 0x20 || code === 0x09) {
        wordStart = i + 1;
        i++;
      } else if (code === 0x60 /* ` */) {
        const length = runLength(text, i, 0x60);
        const after = unclosedTicks.has(length) ? -1 : closeTicks(text, i + length, end, length);
        if (after >= 0) {
          i = after;
        } else if (!unclosedTicks.has(length) && hasCloserLater(text, end, length)) {
          // The span closes on a later line of this paragraph: nothing more on this one.
          openTicks = length;
          return;
        } else {
          unclosedTicks.add(length);
          i += length;
        }
      } else if (code === 0x5c /* \ */) {
        i += 2;
      } else if (code === 0x5b /* [ */ && text.charCodeAt(i + 1) === 0x5b) {
        const close = text.indexOf(']]', i + 2);
        i = close === -1 || close > end ? i + 2 : close + 2;
      } else if (code === 0x5d /* ] */ && text.charCodeAt(i + 1) === 0x28 /* ( */) {
        const close = text.indexOf(')', i + 2);
        i = close === -1 || close > end ? i + 2 : close + 1;
      } else if (code === 0x3c /* < */ && /[A-Za-z/!]/.test(text[i + 1] ?? '')) {
        // An HTML tag or an autolink: its attributes and address hold no tags.
        const close = text.indexOf('>', i + 1);
        i = close === -1 || close > end ? i + 1 : close + 1;
      } else if (code === 0x23 /* # */) {
        const tag = tagHere(text, i, start, wordStart);
        if (tag) {
          found.push({ tag: tag.tag, from: offset + i, to: offset + tag.end });
          i = tag.end;
        } else {
          i += runLength(text, i, 0x23);
        }
      } else {
        i++;
      }
    }
  }

  function tagHere(text: string, hash: number, lineStart: number, wordStart: number): TagAt | null {
    if (!canPrecedeTag(hash === lineStart ? undefined : text[hash - 1])) return null;
    // A bare URL's fragment: `https://x.org/a?b=(#c)`.
    if (wordStart < hash && URL_SCHEME.test(text.slice(wordStart, hash))) return null;
    return readTagAt(text, hash);
  }

  /** Index past the closing run of exactly `length` backticks on this line, or -1. */
  function closeTicks(text: string, from: number, end: number, length: number): number {
    let at = text.indexOf('`', from);
    while (at !== -1 && at < end) {
      const run = runLength(text, at, 0x60);
      if (run === length) return at + run;
      at = text.indexOf('`', at + run);
    }
    return -1;
  }

  /** Whether a run of exactly `length` backticks follows in this paragraph, after this line. */
  function hasCloserLater(text: string, lineEnd: number, length: number): boolean {
    let newline = text.indexOf('\n', lineEnd);
    while (newline !== -1) {
      const lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
      const lineStop = newline === -1 ? text.length : newline;
      if (text.slice(lineStart, lineStop).trim() === '') return false;
      if (closeTicks(text, lineStart, lineStop, length) >= 0) return true;
    }
    return false;
  }
}

/** Case-insensitive identity of a tag: Obsidian treats `#Tag` and `#tag` as one. */
export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

/**
 * Tags in order, duplicates by `tagKey` dropped (the first spelling kept), at most `max`.
 */
export function mergeTags(
  lists: readonly (readonly string[])[],
  max: number = NOTE_LIMITS.tagsMax,
): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const list of lists) {
    for (const tag of list) {
      if (merged.length >= max) return merged;
      const key = tagKey(tag);
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(tag);
    }
  }
  return merged;
}

/** The distinct inline tags of a body (frontmatter already stripped), in order of appearance. */
export function extractInlineTags(body: string): string[] {
  return mergeTags([findInlineTags(body).map((match) => match.tag)]);
}

/**
 * A tag filter as users type it (`#Project/`, ` project `) in the form tags are stored:
 * no `#`, no surrounding spaces or trailing `/`. '' when nothing is left.
 */
export function normalizeTagFilter(value: string): string {
  return value.trim().replace(/^#+/, '').replace(/\/+$/, '').slice(0, NOTE_LIMITS.tagMaxLength);
}

/** `project` matches `project` and nested `project/quire`, ignoring case (Obsidian's tag pane). */
export function tagMatches(tag: string, filter: string): boolean {
  const key = tagKey(tag);
  const wanted = tagKey(filter);
  return key === wanted || (key.startsWith(wanted) && key.charCodeAt(wanted.length) === 0x2f); /* / */
}
