import { indentUnit } from '@codemirror/language';
import type { ChangeSpec, EditorState, StateCommand, Text } from '@codemirror/state';

/**
 * Tab and Shift+Tab on list items move the whole item (marker, text and the items nested under
 * it) one level in or out, as Obsidian does, and renumber the ordered lists they touch. Elsewhere
 * they return false, so Tab keeps indenting as before.
 */

const LIST_ITEM = /^([ \t]*)([-+*]|(\d{1,9})([.)]))([ \t]+|$)/;

interface ItemLine {
  indent: string;
  /** Columns of the indent (a tab counts to the next multiple of 4, as CommonMark does). */
  column: number;
  /** Width of the marker and the spaces after it: where a child's marker must start. */
  markerWidth: number;
  number: number | null;
  delimiter: string | null;
}

function columns(whitespace: string): number {
  let column = 0;
  for (const char of whitespace) column = char === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

function parseItem(text: string): ItemLine | null {
  const match = LIST_ITEM.exec(text);
  if (!match) return null;
  const indent = match[1]!;
  return {
    indent,
    column: columns(indent),
    markerWidth: match[2]!.length + Math.max(1, match[5]!.length),
    number: match[3] === undefined ? null : Number(match[3]),
    delimiter: match[4] ?? null,
  };
}

const leadingWhitespace = (text: string): string => /^[ \t]*/.exec(text)![0];
const isBlank = (text: string): boolean => text.trim() === '';

/** The lines of the list around `lineNumber`: items, their indented continuations, blank lines between. */
function listBlock(doc: Text, lineNumber: number): { first: number; last: number } {
  const belongs = (n: number): boolean => {
    const text = doc.line(n).text;
    return parseItem(text) !== null || (!isBlank(text) && leadingWhitespace(text) !== '');
  };
  const bridged = (n: number, step: number): boolean => {
    // A blank line belongs when the list goes on past it (a loose list).
    let next = n + step;
    while (next >= 1 && next <= doc.lines && isBlank(doc.line(next).text)) next += step;
    return next >= 1 && next <= doc.lines && belongs(next);
  };
  let first = lineNumber;
  while (first > 1 && (belongs(first - 1) || (isBlank(doc.line(first - 1).text) && bridged(first - 1, -1))))
    first--;
  let last = lineNumber;
  while (
    last < doc.lines &&
    (belongs(last + 1) || (isBlank(doc.line(last + 1).text) && bridged(last + 1, 1)))
  )
    last++;
  return { first, last };
}

/** The item lines the selection touches; null when a touched line is not in a list. */
function touchedItems(state: EditorState): number[] | null {
  const lines = new Set<number>();
  for (const range of state.selection.ranges) {
    const fromLine = state.doc.lineAt(range.from).number;
    const toLine = state.doc.lineAt(range.to).number;
    // A cursor must be on an item line; a selection takes the items inside it.
    if (range.empty && !parseItem(state.doc.lineAt(range.head).text)) return null;
    for (let n = fromLine; n <= toLine; n++) if (parseItem(state.doc.line(n).text)) lines.add(n);
  }
  return lines.size === 0 ? null : [...lines].sort((a, b) => a - b);
}

/** The lines after an item that are nested under it. */
function subtreeEnd(doc: Text, itemLine: number, last: number): number {
  const column = parseItem(doc.line(itemLine).text)!.column;
  let end = itemLine;
  for (let n = itemLine + 1; n <= last; n++) {
    const text = doc.line(n).text;
    if (isBlank(text)) continue;
    if (columns(leadingWhitespace(text)) <= column) break;
    end = n;
  }
  return end;
}

/** Renumbers ordered lists level by level; the first item of a list keeps its number unless moved. */
export function renumberLines(lines: string[], moved: ReadonlySet<number>): string[] {
  const stack: { column: number; next: number | null; delimiter: string | null }[] = [];
  return lines.map((text, index) => {
    const item = parseItem(text);
    if (!item) return text;
    while (stack.length > 0 && stack.at(-1)!.column > item.column) stack.pop();
    const top = stack.at(-1);
    const continues = top !== undefined && top.column === item.column;
    if (continues && item.number !== null && top.next !== null && top.delimiter === item.delimiter) {
      const number = top.next;
      top.next = number + 1;
      return text.replace(/^([ \t]*)\d+/, (_whole, indent: string) => `${indent}${number}`);
    }
    const start = item.number === null ? null : moved.has(index) && !continues ? 1 : item.number;
    const entry = { column: item.column, next: start === null ? null : start + 1, delimiter: item.delimiter };
    if (continues) stack[stack.length - 1] = entry;
    else stack.push(entry);
    if (start === null || start === item.number) return text;
    return text.replace(/^([ \t]*)\d+/, (_whole, indent: string) => `${indent}${start}`);
  });
}

function shiftList(state: EditorState, direction: 1 | -1): ChangeSpec[] | null {
  const items = touchedItems(state);
  if (!items || items.length === 0) return null;
  const { doc } = state;
  const block = listBlock(doc, items[0]!);
  const blockEnd = Math.max(block.last, listBlock(doc, items.at(-1)!).last);
  const lines: string[] = [];
  for (let n = block.first; n <= blockEnd; n++) lines.push(doc.line(n).text);
  const unit = state.facet(indentUnit);
  const moved = new Set<number>();

  let coveredTo = 0;
  for (const itemLine of items) {
    if (itemLine <= coveredTo) continue; // Nested under an item already moving.
    const end = subtreeEnd(doc, itemLine, blockEnd);
    coveredTo = end;
    const item = parseItem(doc.line(itemLine).text)!;
    const previous = previousItem(lines, itemLine - block.first, item.column);
    let indent: string;
    if (direction === 1) {
      // Under the previous sibling's text (where CommonMark nests); tabs stay tabs.
      if (item.indent.includes('\t') || unit === '\t') indent = `${item.indent}\t`;
      else indent = ' '.repeat((previous?.sibling ? previous.item.markerWidth : unit.length) + item.column);
    } else {
      if (item.column === 0) continue;
      indent = previous?.parent ? previous.parent.indent : '';
    }
    const delta = columns(indent) - item.column;
    for (let n = itemLine; n <= end; n++) {
      const index = n - block.first;
      const text = lines[index]!;
      if (isBlank(text)) continue;
      const own = leadingWhitespace(text);
      lines[index] =
        n === itemLine ? indent + text.slice(own.length) : reindent(text, own, delta, indent.includes('\t'));
      if (parseItem(text)) moved.add(index);
    }
  }

  const renumbered = renumberLines(lines, moved);
  const changes: ChangeSpec[] = [];
  renumbered.forEach((text, index) => {
    const line = doc.line(block.first + index);
    if (text === line.text) return;
    // Only the changed prefix is replaced, so cursors in the item's text stay where they were.
    let same = 0;
    while (same < text.length && same < line.text.length && text[same] === line.text[same]) same++;
    let tail = 0;
    while (
      tail < text.length - same &&
      tail < line.text.length - same &&
      text[text.length - 1 - tail] === line.text[line.text.length - 1 - tail]
    )
      tail++;
    changes.push({
      from: line.from + same,
      to: line.to - tail,
      insert: text.slice(same, text.length - tail),
    });
  });
  return changes;
}

/** The nearest earlier item at the same column (a sibling) or, failing that, at a lesser one (the parent). */
function previousItem(
  lines: readonly string[],
  index: number,
  column: number,
): { item: ItemLine; sibling: boolean; parent: ItemLine | null } | null {
  let sibling: ItemLine | null = null;
  for (let i = index - 1; i >= 0; i--) {
    const item = parseItem(lines[i]!);
    if (!item) continue;
    if (item.column === column && !sibling) sibling = item;
    if (item.column < column) return { item: sibling ?? item, sibling: sibling !== null, parent: item };
  }
  return sibling ? { item: sibling, sibling: true, parent: null } : null;
}

/** A nested line moves with its item: by the same columns, with a tab if the item got one. */
function reindent(text: string, own: string, delta: number, withTab: boolean): string {
  if (delta > 0) return (withTab ? '\t' : ' '.repeat(delta)) + text;
  const target = Math.max(0, columns(own) + delta);
  return ' '.repeat(target) + text.slice(own.length);
}

function shiftCommand(direction: 1 | -1): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const changes = shiftList(state, direction);
    if (changes === null) return false;
    // A handled key even when nothing can move (outdenting a top-level item): focus stays put.
    if (changes.length > 0)
      dispatch(state.update({ changes, userEvent: direction === 1 ? 'indent' : 'dedent' }));
    return true;
  };
}

export const indentListItem = shiftCommand(1);
export const outdentListItem = shiftCommand(-1);
