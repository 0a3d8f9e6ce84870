/**
 * Over 400 lines because it is one scanner: the states of a single pass (code, comments, the
 * three link forms) share its position and cannot be split without a second pass.
 *
 * Links between notes as Obsidian writes and indexes them, found in one linear pass:
 * `[[Target]]`, `[[Target|shown]]`, `[[Target#Heading]]`, `[[Target#^block-id]]`, `[[#Heading]]`,
 * the same with `!` (embeds), and Markdown links to notes: `[text](folder/My%20Note.md#Heading)`,
 * `[text](<../My Note.md>)`. Frontmatter is included (Obsidian indexes `related: "[[X]]"`, only
 * wikilinks there); fenced and indented code, inline code and HTML comments are skipped; URLs are
 * never links to notes. Runtime-neutral: the link index, rename, the preview and the editor use it.
 */
import { codeBlockRanges, listMarkerEnd, scanLines } from './markdown-blocks';

export type LinkKind = 'wikilink' | 'embed' | 'markdown';

export interface LinkRef {
  /** `[[…]]`, `![[…]]`, or `[text](path.md)` / `![text](path.md)` (see `embedded`). */
  kind: LinkKind;
  /** `[from, to)` of the whole link in the text, `!` included. */
  from: number;
  to: number;
  /**
   * The note part: as written (trimmed) for wikilinks ('Title', 'folder/Title', 'Title.md');
   * for Markdown links the percent-decoded path as written, `.md` included
   * ('../folder/My Note.md'). '' for `[[#Heading]]` (the same note).
   */
  target: string;
  /** The target's span in the raw text (encoded, inside `<…>` when angled); empty when ''. */
  targetFrom: number;
  targetTo: number;
  /** After `#`, when not a block id (decoded for Markdown links). */
  heading: string | null;
  /** After `#^`. */
  blockId: string | null;
  /** The span of what follows `#` (heading, or `^id`), trimmed, raw; both -1 when there is none. */
  subFrom: number;
  subTo: number;
  /** After `|` in a wikilink; the `[text]` of a Markdown link. */
  display: string | null;
  /** 0-based line of `from`. */
  line: number;
  /** `![[…]]` or `![…](…)`: shown inline rather than linked. */
  embedded: boolean;
}

const BANG = 33;
const OPEN = 91; // [
const CLOSE = 93; // ]
const BACKSLASH = 92;
const NEWLINE = 10;
const SPECIAL = /[[`<\\]/g;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const BLANK_LINE = /\n[ \t]*\r?\n/g;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 160 || code === 0x3000;
}

export function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits `Note#Heading` / `Note#^id` (wikilink subpaths) into its parts. */
function subpath(raw: string): { heading: string | null; blockId: string | null } {
  if (raw.startsWith('^')) {
    const id = raw.slice(1).trim();
    return { heading: null, blockId: id === '' ? null : id };
  }
  const heading = raw.trim();
  return { heading: heading === '' ? null : heading, blockId: null };
}

/** The `]]` closing a wikilink opened at `open`, or -1 (another `[[` first restarts it there). */
function wikiClose(text: string, open: number): { close: number; restart: number } {
  for (let i = open + 2; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE) return { close: -1, restart: -1 };
    if (code === CLOSE && text.charCodeAt(i + 1) === CLOSE) return { close: i, restart: -1 };
    if (code === OPEN && text.charCodeAt(i + 1) === OPEN) return { close: -1, restart: i };
  }
  return { close: -1, restart: -1 };
}

function wikiLink(text: string, open: number, close: number, line: number): LinkRef | null {
  const embedded = open > 0 && text.charCodeAt(open - 1) === BANG && text.charCodeAt(open - 2) !== BACKSLASH;
  const start = open + 2;
  const pipe = indexIn(text, 124 /* | */, start, close);
  // In a table a pipe is written `\|`: the backslash belongs to neither side.
  let partEnd = pipe === -1 ? close : pipe;
  if (pipe !== -1 && text.charCodeAt(pipe - 1) === BACKSLASH) partEnd = pipe - 1;
  const hash = indexIn(text, 35 /* # */, start, partEnd);
  const nameEnd = hash === -1 ? partEnd : hash;
  let targetFrom = start;
  let targetTo = nameEnd;
  while (targetFrom < targetTo && isSpace(text.charCodeAt(targetFrom))) targetFrom += 1;
  while (targetTo > targetFrom && isSpace(text.charCodeAt(targetTo - 1))) targetTo -= 1;
  const target = text.slice(targetFrom, targetTo);
  const { heading, blockId } =
    hash === -1 ? { heading: null, blockId: null } : subpath(text.slice(hash + 1, partEnd));
  if (target === '' && heading === null && blockId === null) return null;
  let subFrom = -1;
  let subTo = -1;
  if (heading !== null || blockId !== null) {
    subFrom = hash + 1;
    subTo = partEnd;
    while (subFrom < subTo && isSpace(text.charCodeAt(subFrom))) subFrom += 1;
    while (subTo > subFrom && isSpace(text.charCodeAt(subTo - 1))) subTo -= 1;
  }
  if (target === '') targetFrom = targetTo = start;
  return {
    kind: embedded ? 'embed' : 'wikilink',
    from: embedded ? open - 1 : open,
    to: close + 2,
    target,
    targetFrom,
    targetTo,
    heading,
    blockId,
    subFrom,
    subTo,
    display: pipe === -1 ? null : text.slice(pipe + 1, close),
    line,
    embedded,
  };
}

/** The first `char` in `[from, to)`, or -1: `indexOf` without running past `to`. */
function indexIn(text: string, char: number, from: number, to: number): number {
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === char) return i;
  return -1;
}

/** A longer destination is not a note path (and the bound keeps odd text linear). */
const DEST_MAX = 4096;

/**
 * The `]` matching each `[` of a line's rest, found with one stack pass per line and kept, so
 * a line of unmatched `[` costs one pass rather than one per bracket.
 */
function createBracketMatcher(text: string): (open: number) => number {
  const matches = new Map<number, number>();
  let until = -1;
  return (open) => {
    if (open < until) return matches.get(open) ?? -1;
    matches.clear();
    const newline = text.indexOf('\n', open);
    until = newline === -1 ? text.length : newline;
    const stack: number[] = [];
    for (let i = open; i < until; i += 1) {
      const code = text.charCodeAt(i);
      if (code === BACKSLASH) i += 1;
      else if (code === OPEN) stack.push(i);
      else if (code === CLOSE && stack.length > 0) matches.set(stack.pop()!, i);
    }
    return matches.get(open) ?? -1;
  };
}

/**
 * The last plain destination scanned: a later one starting inside it stops where it stopped
 * and ends the same way when no `)` lies between (only a `)` can end one early), so
 * `[x]([x]([x](…` stays linear.
 */
interface DestMemo {
  from: number;
  stop: number;
  closes: boolean;
  end: number | null;
}

/** `[text](dest "title")` at `open` (its `]` at `textEnd`): its parts, or null when not a link. */
function markdownLink(
  text: string,
  textEnd: number,
  memo: DestMemo,
): { textEnd: number; destFrom: number; destTo: number; angled: boolean; end: number } | null {
  if (textEnd === -1 || text.charCodeAt(textEnd + 1) !== 40 /* ( */) return null;
  let i = textEnd + 2;
  if (
    !memo.closes &&
    i > memo.from &&
    i < memo.stop &&
    text.charCodeAt(i) !== 32 &&
    text.charCodeAt(i) !== 60
  ) {
    return memo.end === null
      ? null
      : { textEnd, destFrom: i, destTo: memo.stop, angled: false, end: memo.end };
  }
  const newline = text.indexOf('\n', i);
  const lineEnd = Math.min(newline === -1 ? text.length : newline, i + DEST_MAX);
  while (text.charCodeAt(i) === 32) i += 1;
  let destFrom = i;
  let destTo: number;
  let angled = false;
  if (text.charCodeAt(i) === 60 /* < */) {
    const close = indexIn(text, 62 /* > */, i + 1, lineEnd);
    if (close === -1) return null;
    angled = true;
    destFrom = i + 1;
    destTo = close;
    i = close + 1;
  } else {
    let parens = 0;
    let sawClose = false;
    for (; i < lineEnd; i += 1) {
      const code = text.charCodeAt(i);
      if (code <= 32) break;
      if (code === BACKSLASH) i += 1;
      else if (code === 40) parens += 1;
      else if (code === 41) {
        sawClose = true;
        if (parens === 0) break;
        parens -= 1;
      }
    }
    destTo = i;
    memo.from = destFrom;
    memo.stop = destTo;
    memo.closes = sawClose;
    memo.end = null;
  }
  const end = linkEnd(text, i, lineEnd);
  if (!angled) memo.end = end;
  return end === null ? null : { textEnd, destFrom, destTo, angled, end };
}

/** After a destination: an optional title, then `)`; where the link ends, or null. */
function linkEnd(text: string, at: number, lineEnd: number): number | null {
  let i = at;
  while (text.charCodeAt(i) === 32) i += 1;
  const quote = text.charCodeAt(i);
  if (quote === 34 || quote === 39) {
    const close = indexIn(text, quote, i + 1, lineEnd);
    if (close === -1) return null;
    i = close + 1;
    while (text.charCodeAt(i) === 32) i += 1;
  }
  return text.charCodeAt(i) === 41 /* ) */ ? i + 1 : null;
}

function noteLink(
  text: string,
  open: number,
  line: number,
  parts: NonNullable<ReturnType<typeof markdownLink>>,
): LinkRef | null {
  const dest = text.slice(parts.destFrom, parts.destTo);
  if (dest === '' || dest.startsWith('#') || dest.startsWith('//') || URL_SCHEME.test(dest)) return null;
  const hash = dest.indexOf('#');
  const rawPath = hash === -1 ? dest : dest.slice(0, hash);
  const path = safeDecode(rawPath);
  if (!/\.md$/i.test(path) || path.length <= 3) return null;
  const fragment = hash === -1 ? '' : safeDecode(dest.slice(hash + 1));
  const { heading, blockId } = hash === -1 ? { heading: null, blockId: null } : subpath(fragment);
  const embedded = open > 0 && text.charCodeAt(open - 1) === BANG && text.charCodeAt(open - 2) !== BACKSLASH;
  return {
    kind: 'markdown',
    from: embedded ? open - 1 : open,
    to: parts.end,
    target: path,
    targetFrom: parts.destFrom,
    targetTo: parts.destFrom + rawPath.length,
    heading,
    blockId,
    subFrom: heading === null && blockId === null ? -1 : parts.destFrom + hash + 1,
    subTo: heading === null && blockId === null ? -1 : parts.destTo,
    display: text.slice(open + 1, parts.textEnd),
    line,
    embedded,
  };
}

/**
 * The wikilink or wikilink embed starting exactly at `at` (`[[` or `![[`), or null: for
 * tokenizers (marked) that are handed text which must begin with the link.
 */
export function wikiLinkAt(text: string, at = 0): LinkRef | null {
  const open = text.charCodeAt(at) === BANG ? at + 1 : at;
  if (text.charCodeAt(open) !== OPEN || text.charCodeAt(open + 1) !== OPEN) return null;
  const { close } = wikiClose(text, open);
  if (close === -1) return null;
  const link = wikiLink(text, open, close, 0);
  // `\![[x]]` or a `!` the caller did not include: only what starts at `at` counts.
  return link && link.from === at ? link : null;
}

/** How a preview looks a link up: Markdown links resolve differently from wikilinks. */
export function linkLookupKey(target: string, kind: LinkKind): string {
  return `${kind === 'markdown' ? 'md' : 'wl'}:${target}`;
}

/** Every link to a note in `text` (a whole note, frontmatter included), in order. */
export function parseLinks(text: string): LinkRef[] {
  const links: LinkRef[] = [];
  const { frontmatterEnd, ranges } = codeBlockRanges(text);
  let range = 0;
  let lineNo = 0;
  let nextNewline = text.indexOf('\n');
  const lineOf = (pos: number): number => {
    while (nextNewline !== -1 && nextNewline < pos) {
      lineNo += 1;
      nextNewline = text.indexOf('\n', nextNewline + 1);
    }
    return lineNo;
  };
  // Where the paragraph around the current position ends, for inline code spans.
  let paragraphFrom = -1;
  let paragraphTo = -1;
  const paragraphEnd = (pos: number): number => {
    if (pos < paragraphFrom || pos >= paragraphTo) {
      BLANK_LINE.lastIndex = pos;
      const match = BLANK_LINE.exec(text);
      paragraphFrom = pos;
      paragraphTo = match ? match.index : text.length;
      failedRuns.clear();
    }
    return paragraphTo;
  };
  // Backtick run lengths known to have no closer before `failedRuns.get(n)`: keeps it linear.
  const failedRuns = new Map<number, number>();
  // A `[[` on this line has no `]]` before the line's end: later ones on it need not look.
  let noCloseUntil = -1;
  let commentsUnclosed = false;
  const closingBracket = createBracketMatcher(text);
  const destMemo: DestMemo = { from: -1, stop: -1, closes: true, end: null };

  let pos = 0;
  while (pos < text.length) {
    SPECIAL.lastIndex = pos;
    const found = SPECIAL.exec(text);
    if (!found) break;
    let at = found.index;
    while (range < ranges.length && ranges[range + 1]! <= at) range += 2;
    if (range < ranges.length && ranges[range]! <= at) {
      pos = ranges[range + 1]!;
      continue;
    }
    const char = text.charCodeAt(at);
    const inFrontmatter = at < frontmatterEnd;
    if (char === BACKSLASH) {
      pos = at + 2;
      continue;
    }
    if (inFrontmatter && char !== OPEN) {
      pos = at + 1;
      continue;
    }
    if (char === 96 /* ` */) {
      let run = at;
      while (text.charCodeAt(run) === 96) run += 1;
      const length = run - at;
      const limit = Math.min(paragraphEnd(at), range < ranges.length ? ranges[range]! : text.length);
      let close = -1;
      if ((failedRuns.get(length) ?? -1) < limit) {
        for (let i = indexIn(text, 96, run, limit); i !== -1;) {
          let end = i;
          while (text.charCodeAt(end) === 96) end += 1;
          if (end - i === length) {
            close = end;
            break;
          }
          i = indexIn(text, 96, end, limit);
        }
        if (close === -1) failedRuns.set(length, limit);
      }
      pos = close === -1 ? run : close;
      continue;
    }
    if (char === 60 /* < */) {
      // An unclosed comment is text; once one is, every later one is too.
      const end = !commentsUnclosed && text.startsWith('<!--', at) ? text.indexOf('-->', at + 4) : -1;
      if (end === -1 && text.startsWith('<!--', at)) commentsUnclosed = true;
      pos = end === -1 ? at + 1 : end + 3;
      continue;
    }
    // '['
    if (text.charCodeAt(at + 1) === OPEN) {
      while (text.charCodeAt(at + 2) === OPEN) at += 1;
      if (at < noCloseUntil) {
        pos = at + 2;
        continue;
      }
      const { close, restart } = wikiClose(text, at);
      if (restart !== -1) {
        pos = restart;
        continue;
      }
      if (close === -1) {
        const newline = text.indexOf('\n', at);
        noCloseUntil = newline === -1 ? text.length : newline;
        pos = at + 2;
        continue;
      }
      const link = wikiLink(text, at, close, lineOf(at));
      if (link) links.push(link);
      pos = close + 2;
      continue;
    }
    if (inFrontmatter) {
      pos = at + 1;
      continue;
    }
    const parts = markdownLink(text, closingBracket(at), destMemo);
    if (!parts) {
      pos = at + 1;
      continue;
    }
    const link = noteLink(text, at, lineOf(at), parts);
    if (link) links.push(link);
    pos = parts.end;
  }
  return links;
}

/** A `^block-id` ending a paragraph or list item line (or alone on the line after a block). */
export interface BlockId {
  id: string;
  /** 0-based line of the id. */
  line: number;
  /** The line without the id (or the block's line before it when the id stands alone), capped. */
  text: string;
}

export const BLOCK_TEXT_MAX = 160;
const BLOCK_ID_AT_END = /(?:^|\s)\^([A-Za-z0-9-]+)[ \t]*$/;

/** Leading list marker, quote marker or heading marks: not part of what a block says. */
function blockText(line: string): string {
  let text = line.trim();
  for (;;) {
    const before = text;
    if (text.startsWith('>')) text = text.slice(1).trimStart();
    const marker = listMarkerEnd(text, 0, text.length);
    if (marker !== -1) text = text.slice(marker).trimStart();
    text = text.replace(/^\[[ xX]\]\s+/, '').replace(/^#{1,6}\s+/, '');
    if (text === before) break;
  }
  return text.length > BLOCK_TEXT_MAX ? `${text.slice(0, BLOCK_TEXT_MAX - 1)}…` : text;
}

/** The `^block-id`s of a note, in document order (ids in code are not ids). */
export function blockIdsOf(text: string): BlockId[] {
  const ids: BlockId[] = [];
  let previous = '';
  scanLines(text, (from, to, kind, line) => {
    if (kind !== 'text') {
      previous = '';
      return;
    }
    const content = text.slice(from, to);
    const match = content.includes('^') ? BLOCK_ID_AT_END.exec(content) : null;
    if (match) {
      const before = content.slice(0, match.index).trim();
      ids.push({ id: match[1]!, line, text: blockText(before === '' ? previous : before) });
    }
    if (content.trim() !== '') previous = content;
  });
  return ids;
}
