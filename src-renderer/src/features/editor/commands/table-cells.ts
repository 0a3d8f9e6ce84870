import { syntaxTree } from '@codemirror/language';
import { EditorSelection, type EditorState, type Line, type StateCommand } from '@codemirror/state';

/**
 * Tab and Shift+Tab in a Markdown table move between cells, as in Obsidian, selecting the next
 * cell's text so typing replaces it. Tab in the last cell adds a row. Outside tables they return
 * false and the list and indentation keys take over.
 */

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

interface Cell {
  /** Just after the cell's opening pipe. */
  start: number;
  /** Its text, trimmed (an empty cell: just after the space following the pipe). */
  from: number;
  to: number;
}

/** A row's cells, in document positions. */
function cells(line: Line): Cell[] {
  const pipes: number[] = [];
  for (let i = 0; i < line.text.length; i++) {
    if (line.text[i] === '\\') i++;
    else if (line.text[i] === '|') pipes.push(i);
  }
  const result: Cell[] = [];
  for (let i = 0; i + 1 < pipes.length; i++) {
    const raw = line.text.slice(pipes[i]! + 1, pipes[i + 1]);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    // An empty cell: the cursor goes after the space that follows the pipe.
    const from = line.from + pipes[i]! + 1 + (text ? lead : Math.min(1, raw.length));
    result.push({ start: line.from + pipes[i]! + 1, from, to: from + text.length });
  }
  return result;
}

function inTable(state: EditorState, pos: number): boolean {
  for (let node = syntaxTree(state).resolveInner(pos, -1); node.parent; node = node.parent) {
    if (node.name === 'Table') return true;
  }
  return false;
}

/** The next (or previous) row of the same table, skipping the delimiter row; null at its edge. */
function neighbourRow(state: EditorState, line: Line, step: 1 | -1): Line | null {
  for (let n = line.number + step; n >= 1 && n <= state.doc.lines; n += step) {
    const next = state.doc.line(n);
    if (!inTable(state, next.from + Math.min(1, next.length))) return null;
    if (!DELIMITER_ROW.test(next.text)) return next;
  }
  return null;
}

function moveCell(step: 1 | -1): StateCommand {
  return ({ state, dispatch }) => {
    const range = state.selection.main;
    if (state.selection.ranges.length > 1 || !inTable(state, range.head)) return false;
    const line = state.doc.lineAt(range.head);
    const row = cells(line);
    if (row.length === 0 || DELIMITER_ROW.test(line.text)) return false;
    // Before the first pipe counts as before the first cell.
    const current = row.findLastIndex((cell) => cell.start <= range.head);
    const targetIndex = current + step;
    if (targetIndex >= 0 && targetIndex < row.length) {
      const cell = row[targetIndex]!;
      dispatch(state.update({ selection: EditorSelection.range(cell.from, cell.to), scrollIntoView: true }));
      return true;
    }
    const nextRow = neighbourRow(state, line, step);
    if (nextRow) {
      const rowCells = cells(nextRow);
      const cell = step === 1 ? rowCells[0] : rowCells.at(-1);
      if (!cell) return false;
      dispatch(state.update({ selection: EditorSelection.range(cell.from, cell.to), scrollIntoView: true }));
      return true;
    }
    if (step === -1 || state.readOnly) return true;
    // Past the last cell: a new empty row, like the one above, with the cursor in its first cell.
    const indent = /^\s*/.exec(line.text)![0];
    const insert = `${state.lineBreak}${indent}|${'     |'.repeat(row.length)}`;
    dispatch(
      state.update({
        changes: { from: line.to, insert },
        selection: EditorSelection.cursor(line.to + 1 + indent.length + 2),
        scrollIntoView: true,
        userEvent: 'input',
      }),
    );
    return true;
  };
}

export const nextTableCell = moveCell(1);
export const previousTableCell = moveCell(-1);
