import { diffArrays, diffWordsWithSpace } from 'diff';

/** A part of a changed line: `changed` parts are what the other side does not have. */
export interface WordPart {
  text: string;
  changed: boolean;
}

export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  /** 1-based line numbers on each side; null on the side the line is not on. */
  oldNo: number | null;
  newNo: number | null;
  text: string;
  /** Word-level parts when the line is one of a changed pair; absent otherwise. */
  words?: WordPart[];
}

export type DiffBlock =
  | { kind: 'lines'; lines: DiffLine[] }
  /** A long run of unchanged lines, shown folded ("⋯ 120 unchanged lines") until expanded. */
  | { kind: 'collapsed'; lines: DiffLine[] };

export type TextDiff =
  | { status: 'ok'; blocks: DiffBlock[]; added: number; removed: number }
  /** Too many changes to line up in reasonable time: the counts are an upper bound. */
  | { status: 'too-large'; added: number; removed: number };

export interface DiffOptions {
  /** Unchanged lines kept around each change (3). */
  context?: number;
  /** The fewest hidden lines worth a fold (4). */
  minCollapse?: number;
  /** The most line edits the diff looks for before giving up (5,000). */
  maxEditLength?: number;
}

/** Lines without their terminators; `\r\n`, `\n` and a lone `\r` all end a line (CRLF notes diff as LF ones). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  // A final newline ends the last line; it does not start another.
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Longer lines are shown whole: word diffs of them cost more than they show. */
const WORD_DIFF_MAX_LINE = 2_000;

interface RawOp {
  kind: DiffLine['kind'];
  lines: string[];
}

function lineOps(oldLines: string[], newLines: string[], maxEditLength: number): RawOp[] | null {
  // The common head and tail are most of a typical edit: Myers only sees the middle.
  let head = 0;
  const shorter = Math.min(oldLines.length, newLines.length);
  while (head < shorter && oldLines[head] === newLines[head]) head += 1;
  let tail = 0;
  while (
    tail < shorter - head &&
    oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
  )
    tail += 1;
  const oldMiddle = oldLines.slice(head, oldLines.length - tail);
  const newMiddle = newLines.slice(head, newLines.length - tail);
  const ops: RawOp[] = [];
  if (head > 0) ops.push({ kind: 'same', lines: oldLines.slice(0, head) });
  if (oldMiddle.length === 0 || newMiddle.length === 0) {
    if (oldMiddle.length > 0) ops.push({ kind: 'del', lines: oldMiddle });
    if (newMiddle.length > 0) ops.push({ kind: 'add', lines: newMiddle });
  } else {
    const changes = diffArrays(oldMiddle, newMiddle, { maxEditLength });
    if (!changes) return null;
    for (const change of changes) {
      ops.push({ kind: change.added ? 'add' : change.removed ? 'del' : 'same', lines: change.value });
    }
  }
  if (tail > 0) ops.push({ kind: 'same', lines: oldLines.slice(oldLines.length - tail) });
  return ops;
}

/** Word parts of a changed pair, or none when the lines share too little for highlights to help. */
function wordParts(before: string, after: string): { old: WordPart[]; new: WordPart[] } | null {
  if (before.length > WORD_DIFF_MAX_LINE || after.length > WORD_DIFF_MAX_LINE) return null;
  const changes = diffWordsWithSpace(before, after);
  const oldParts: WordPart[] = [];
  const newParts: WordPart[] = [];
  let common = 0;
  for (const change of changes) {
    if (!change.added) oldParts.push({ text: change.value, changed: change.removed });
    if (!change.removed) newParts.push({ text: change.value, changed: change.added });
    if (!change.added && !change.removed) common += change.value.trim().length;
  }
  // Mostly rewritten: highlighting nearly every word is noise.
  const longest = Math.max(before.trim().length, after.trim().length);
  if (longest > 0 && common / longest < 0.3) return null;
  return { old: oldParts, new: newParts };
}

function toLines(ops: RawOp[]): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  for (let i = 0; i < ops.length; i += 1) {
    const op = ops[i]!;
    if (op.kind === 'same') {
      for (const text of op.lines) lines.push({ kind: 'same', oldNo: oldNo++, newNo: newNo++, text });
      continue;
    }
    const next = ops[i + 1];
    if (op.kind === 'del' && next?.kind === 'add') {
      // A replaced run: pair its lines in order for word highlights.
      const dels: DiffLine[] = op.lines.map((text) => ({ kind: 'del', oldNo: oldNo++, newNo: null, text }));
      const adds: DiffLine[] = next.lines.map((text) => ({ kind: 'add', oldNo: null, newNo: newNo++, text }));
      for (let k = 0; k < Math.min(dels.length, adds.length); k += 1) {
        const parts = wordParts(dels[k]!.text, adds[k]!.text);
        if (parts) {
          dels[k]!.words = parts.old;
          adds[k]!.words = parts.new;
        }
      }
      lines.push(...dels, ...adds);
      i += 1;
      continue;
    }
    for (const text of op.lines) {
      lines.push(
        op.kind === 'del'
          ? { kind: 'del', oldNo: oldNo++, newNo: null, text }
          : { kind: 'add', oldNo: null, newNo: newNo++, text },
      );
    }
  }
  return lines;
}

function collapse(lines: DiffLine[], context: number, minCollapse: number): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  let shown: DiffLine[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.kind !== 'same') {
      shown.push(lines[i]!);
      i += 1;
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end]!.kind === 'same') end += 1;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    const hidden = end - i - keepBefore - keepAfter;
    if (hidden >= minCollapse) {
      shown.push(...lines.slice(i, i + keepBefore));
      if (shown.length > 0) blocks.push({ kind: 'lines', lines: shown });
      blocks.push({ kind: 'collapsed', lines: lines.slice(i + keepBefore, end - keepAfter) });
      shown = lines.slice(end - keepAfter, end);
    } else {
      shown.push(...lines.slice(i, end));
    }
    i = end;
  }
  if (shown.length > 0) blocks.push({ kind: 'lines', lines: shown });
  return blocks;
}

/**
 * The line diff of two texts for showing: changed lines with word highlights, long unchanged
 * runs folded. Pure, so the renderer can run it on every selection and tests can pin it.
 */
export function diffTexts(before: string, after: string, options: DiffOptions = {}): TextDiff {
  const { context = 3, minCollapse = 4, maxEditLength = 5_000 } = options;
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const ops = lineOps(oldLines, newLines, maxEditLength);
  if (!ops) return { status: 'too-large', added: newLines.length, removed: oldLines.length };
  const lines = toLines(ops);
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added += 1;
    else if (line.kind === 'del') removed += 1;
  }
  return { status: 'ok', blocks: collapse(lines, context, minCollapse), added, removed };
}

/** Lines added and removed from `before` to `after`, without word highlights (cheap to list). */
export function lineChangeCounts(
  before: string,
  after: string,
  maxEditLength = 2_000,
): { added: number; removed: number } {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const ops = lineOps(oldLines, newLines, maxEditLength);
  if (!ops) return { added: newLines.length, removed: oldLines.length };
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === 'add') added += op.lines.length;
    else if (op.kind === 'del') removed += op.lines.length;
  }
  return { added, removed };
}

/** One row of the side-by-side view: the old line on the left, the new one on the right. */
export interface SideBySideRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

/** Pairs a block's lines into rows: unchanged lines on both sides, a replaced run side by side. */
export function sideBySideRows(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind === 'same') {
      rows.push({ left: line, right: line });
      i += 1;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]!.kind === 'del') dels.push(lines[i++]!);
    while (i < lines.length && lines[i]!.kind === 'add') adds.push(lines[i++]!);
    for (let k = 0; k < Math.max(dels.length, adds.length); k += 1) {
      rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
    }
  }
  return rows;
}
