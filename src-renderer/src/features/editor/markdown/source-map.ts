import type { Marked, Token, Tokens } from 'marked';

/**
 * Where the preview's pieces come from in the note: the first line of each top-level block (for
 * scrolling editor and preview together) and the offset of each task's `[ ]` (so ticking a box in
 * the preview changes that task, even among identical lines). Offsets are in the editor's terms:
 * a line break counts as one character, as marked (which turns \r\n into \n) counts it too.
 */

export interface SourceMap {
  /** Each top-level token's first line in the note (1-based), frontmatter included. */
  blockLines: Map<Token, number>;
  /** Each task checkbox token's `[` offset in the note. */
  taskOffsets: Map<Token, number>;
}

const TASK_LINE = /^((?:[ \t]*>)*[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+)\[[ xX]\][ \t]+\S/;
const FENCE_LINE = /^(?:[ \t]*>)*[ \t]*(?:[-+*]|\d{1,9}[.)])?[ \t]*(```|~~~)/;

/** The `[` offsets of the task markers in a block's raw text, outside fenced code. */
function taskMarkers(raw: string): number[] {
  const offsets: number[] = [];
  let fence: string | null = null;
  let lineStart = 0;
  for (const line of raw.split('\n')) {
    const fenceMark = FENCE_LINE.exec(line)?.[1];
    if (fenceMark && (fence === null || fence === fenceMark)) fence = fence === null ? fenceMark : null;
    else if (fence === null) {
      const match = TASK_LINE.exec(line);
      if (match) offsets.push(lineStart + match[1]!.length);
    }
    lineStart += line.length + 1;
  }
  return offsets;
}

/** Fills `into` (which the renderer reads while marked runs) for these top-level tokens. */
export function mapSource(
  marked: Marked,
  tokens: readonly Token[],
  base: { offset: number; line: number },
  into: SourceMap,
): void {
  const { blockLines, taskOffsets } = into;
  let offset = 0;
  let line = base.line;
  for (const token of tokens) {
    blockLines.set(token, line);
    if (token.type === 'list' || token.type === 'blockquote') {
      const boxes: Tokens.Checkbox[] = [];
      void marked.walkTokens([token], (child) => {
        if (child.type === 'checkbox') boxes.push(child as Tokens.Checkbox);
      });
      const markers = taskMarkers(token.raw);
      // Paired in document order; if the two disagree, no box is trusted (they render disabled).
      if (markers.length === boxes.length) {
        boxes.forEach((box, i) => taskOffsets.set(box, base.offset + offset + markers[i]!));
      }
    }
    offset += token.raw.length;
    for (const char of token.raw) if (char === '\n') line++;
  }
}

/** The note's frontmatter prefix in the editor's terms: its length and its lines. */
export function contentBase(source: string, content: string): { offset: number; line: number } {
  const prefix = source.endsWith(content) ? source.slice(0, source.length - content.length) : '';
  const normalized = prefix.replace(/\r\n?/g, '\n');
  let lines = 1;
  for (const char of normalized) if (char === '\n') lines++;
  return { offset: normalized.length, line: lines };
}
