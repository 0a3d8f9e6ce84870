/**
 * The conflict blocks a sync merge writes into a note body where both devices changed the same
 * lines (docs/sync-protocol.md M6):
 *
 *     <<<<<<< this device
 *     this device's lines (0 or more)
 *     =======
 *     the other device's lines (0 or more)
 *     >>>>>>> other device
 *
 * The label after a marker is free text naming the device and may be absent. One reading for
 * every runtime (main, renderer): no DOM, no Node. Lines break at `\n`, `\r\n` or a lone `\r`,
 * as in CodeMirror. The markers are those of ./merge/markers.ts, which writes them.
 */

import { CONFLICT_CLOSE_PREFIX, CONFLICT_OPEN_PREFIX, CONFLICT_SEPARATOR } from './merge/markers';

/** A marker prefix as a regular expression source. */
const literal = (prefix: string): string => prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const OPEN = literal(CONFLICT_OPEN_PREFIX);
const SEPARATOR = literal(CONFLICT_SEPARATOR);
const CLOSE = literal(CONFLICT_CLOSE_PREFIX);

/** An opening marker line (without its line break): the prefix, then a space or tab and a label, or nothing. */
export const CONFLICT_OPEN_LINE = new RegExp(`^${OPEN}(?:[ \\t]|$)`);
/** The line between the two sides. */
export const CONFLICT_SEPARATOR_LINE = new RegExp(`^${SEPARATOR}[ \\t]*$`);
/** A closing marker line. */
export const CONFLICT_CLOSE_LINE = new RegExp(`^${CLOSE}(?:[ \\t]|$)`);

/** An opening marker at the start of any line of a whole text. */
const OPEN_IN_TEXT = new RegExp(`(?:^|[\\r\\n])${OPEN}(?:[ \\t\\r\\n]|$)`);
/** A line that starts like a marker, to its end (the scan of parseConflictBlocks). */
const CANDIDATE_LINES = `^(?:${OPEN}|${SEPARATOR}|${CLOSE})[^\\r\\n]*`;

export interface ConflictBlock {
  /** Offset of the opening marker line's first character. */
  from: number;
  /** Offset just past the closing marker line and its line break (the text's length if it has none). */
  to: number;
  /** The label after `<<<<<<<`, trimmed; '' when there is none. */
  oursLabel: string;
  /** The label after `>>>>>>>`, trimmed; '' when there is none. */
  theirsLabel: string;
  /** The lines between the opening marker and `=======`, each with its line break; '' when none. */
  ours: string;
  /** The lines between `=======` and the closing marker, each with its line break; '' when none. */
  theirs: string;
}

export type ConflictChoice = 'ours' | 'theirs' | 'both';

/** True if any line starts with an opening marker, whether or not its block is complete. */
export function hasConflictMarkers(text: string): boolean {
  return OPEN_IN_TEXT.test(text);
}

/**
 * The complete blocks of `text`, in order. A block is an opening marker line, a separator line
 * and a closing marker line, in that order, with no other opening marker between them. What
 * does not form one (an opening marker never closed, a closing marker before any separator) is
 * left alone: it is not a block anyone can resolve with a click, since where it ends is a guess.
 * A second `=======` after the separator belongs to the other side's text (a Markdown heading
 * underline, say).
 */
export function parseConflictBlocks(text: string): ConflictBlock[] {
  const blocks: ConflictBlock[] = [];
  let open: { from: number; label: string; bodyFrom: number } | null = null;
  let separator: { from: number; end: number } | null = null;
  // Only lines starting with a marker prefix can be markers: the scan skips the rest.
  const candidates = new RegExp(CANDIDATE_LINES, 'gm');
  for (let match = candidates.exec(text); match; match = candidates.exec(text)) {
    const from = match.index;
    // `^` also matches after U+2028 and U+2029, which break no line here.
    if (from > 0 && !isLineBreak(text.charCodeAt(from - 1))) continue;
    const line = match[0];
    const to = from + line.length;
    const end = to + (text.startsWith('\r\n', to) ? 2 : to < text.length ? 1 : 0);
    if (CONFLICT_OPEN_LINE.test(line)) {
      open = { from, label: labelOf(line, CONFLICT_OPEN_PREFIX), bodyFrom: end };
      separator = null;
    } else if (open && !separator && CONFLICT_SEPARATOR_LINE.test(line)) {
      separator = { from, end };
    } else if (open && CONFLICT_CLOSE_LINE.test(line)) {
      if (separator) {
        blocks.push({
          from: open.from,
          to: end,
          oursLabel: open.label,
          theirsLabel: labelOf(line, CONFLICT_CLOSE_PREFIX),
          ours: text.slice(open.bodyFrom, separator.from),
          theirs: text.slice(separator.end, from),
        });
      }
      open = null;
      separator = null;
    }
  }
  return blocks;
}

function labelOf(markerLine: string, prefix: string): string {
  return markerLine.slice(prefix.length).trim();
}

/**
 * The change that replaces `block` with the chosen side's lines ('both': this device's lines,
 * then the other device's). Lines keep their own line breaks. When the block is the end of a
 * text without a final line break, the result has none either: the kept text loses its last
 * break, or, keeping nothing, the line break before the block goes with it.
 *
 * Throws a RangeError if `block` is not a block of `text` as it is now (read from an older text).
 */
export function resolveConflictBlock(
  text: string,
  block: ConflictBlock,
  choice: ConflictChoice,
): { from: number; to: number; insert: string } {
  if (!isBlockOf(text, block)) throw new RangeError('That conflict block is not in this text.');
  let insert =
    choice === 'ours' ? block.ours : choice === 'theirs' ? block.theirs : block.ours + block.theirs;
  let { from } = block;
  const endsText = block.to === text.length && !isLineBreak(text.charCodeAt(block.to - 1));
  if (endsText && insert !== '') {
    insert = insert.slice(0, insert.length - trailingBreakLength(insert, insert.length));
  } else if (endsText) {
    from -= trailingBreakLength(text, from);
  }
  return { from, to: block.to, insert };
}

/** The block starts a line of `text`, and the text it covers still reads as exactly that block. */
function isBlockOf(text: string, block: ConflictBlock): boolean {
  if (block.from < 0 || block.to > text.length || block.from >= block.to) return false;
  // It starts a line, and ends one: after its closing line's break, or at the end of the text.
  if (block.from > 0 && !isLineBreak(text.charCodeAt(block.from - 1))) return false;
  if (block.to < text.length && !isLineBreak(text.charCodeAt(block.to - 1))) return false;
  const [only, ...more] = parseConflictBlocks(text.slice(block.from, block.to));
  return (
    only !== undefined &&
    more.length === 0 &&
    only.from === 0 &&
    only.to === block.to - block.from &&
    only.ours === block.ours &&
    only.theirs === block.theirs &&
    only.oursLabel === block.oursLabel &&
    only.theirsLabel === block.theirsLabel &&
    // The closing line's break, when the slice ends in `\r`, must not continue with `\n`.
    !(text.charCodeAt(block.to - 1) === 0x0d && text.charCodeAt(block.to) === 0x0a)
  );
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

/** The length of the line break that ends `text` just before `end`: 2 for `\r\n`, 1, or 0. */
function trailingBreakLength(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  if (last === 0x0a) return text.charCodeAt(end - 2) === 0x0d ? 2 : 1;
  return last === 0x0d ? 1 : 0;
}
