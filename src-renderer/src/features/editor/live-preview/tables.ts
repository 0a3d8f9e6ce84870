import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import { EditorSelection } from '@codemirror/state';
import { WidgetType, type EditorView } from '@codemirror/view';
import { renderMarkdown } from '../markdown/render-markdown';

/**
 * GFM tables as a real table while the selection is outside them. A click in a cell puts the
 * cursor at that cell's text, which reveals the table's source for editing.
 */

type Align = 'left' | 'center' | 'right' | null;

interface Cell {
  text: string;
  /** From the table's start to the cell's text. */
  offset: number;
}

export interface TableModel {
  header: Cell[];
  rows: Cell[][];
  align: Align[];
}

function cellsOf(state: EditorState, row: SyntaxNode, tableFrom: number): Cell[] {
  const cells: Cell[] = [];
  const line = state.doc.lineAt(row.from);
  // Empty cells have no node: walk the delimiters and take what lies between them.
  const delimiters = row.getChildren('TableDelimiter').map((d) => d.from);
  const bounds = [...delimiters];
  if (bounds[0] !== undefined && state.sliceDoc(line.from, bounds[0]).trim() !== '')
    bounds.unshift(line.from - 1);
  const lastBound = bounds.at(-1);
  if (lastBound !== undefined && state.sliceDoc(lastBound + 1, line.to).trim() !== '') bounds.push(line.to);
  if (bounds.length === 0) return [{ text: line.text.trim(), offset: line.from - tableFrom }];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]! + 1;
    const to = bounds[i + 1]!;
    const raw = state.sliceDoc(from, to);
    const lead = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), offset: from + lead - tableFrom });
  }
  return cells;
}

function alignments(text: string): Align[] {
  return text
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((part) => {
      const spec = part.trim();
      const left = spec.startsWith(':');
      const right = spec.endsWith(':');
      return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
    });
}

export function tableModel(state: EditorState, table: SyntaxNode): TableModel {
  const model: TableModel = { header: [], rows: [], align: [] };
  for (let child = table.firstChild; child; child = child.nextSibling) {
    if (child.name === 'TableHeader') model.header = cellsOf(state, child, table.from);
    else if (child.name === 'TableRow') model.rows.push(cellsOf(state, child, table.from));
    else if (child.name === 'TableDelimiter') model.align = alignments(state.sliceDoc(child.from, child.to));
  }
  return model;
}

/** A cell's inline Markdown, through the preview's renderer and sanitiser (links do not navigate). */
function fillCell(element: HTMLElement, text: string): void {
  element.innerHTML = renderMarkdown(text, () => undefined).html;
  // A cell is one line of inline text: its paragraph wrapper would only add margins.
  const only = element.firstElementChild;
  if (element.children.length === 1 && only?.tagName === 'P') only.replaceWith(...only.childNodes);
  const tail = element.lastChild;
  if (tail?.nodeType === Node.TEXT_NODE) tail.textContent = (tail.textContent ?? '').trimEnd();
}

export class TableWidget extends WidgetType {
  private readonly signature: string;

  constructor(readonly model: TableModel) {
    super();
    this.signature = JSON.stringify(model);
  }

  override eq(other: TableWidget): boolean {
    return other.signature === this.signature;
  }

  toDOM(view: EditorView): HTMLElement {
    const wrap = document.createElement('div');
    wrap.className = 'cm-lp-table markdown';
    const table = document.createElement('table');
    const width = Math.max(this.model.header.length, ...this.model.rows.map((row) => row.length));
    const addRow = (parent: HTMLElement, cells: Cell[], tag: 'th' | 'td'): void => {
      const tr = document.createElement('tr');
      for (let i = 0; i < width; i++) {
        const cell = document.createElement(tag);
        const source = cells[i];
        const align = this.model.align[i];
        if (align) cell.style.textAlign = align;
        if (source) {
          fillCell(cell, source.text);
          // A click puts the cursor at the end of the cell's source text.
          cell.dataset.offset = String(source.offset + source.text.length);
        }
        tr.append(cell);
      }
      parent.append(tr);
    };
    const head = document.createElement('thead');
    addRow(head, this.model.header, 'th');
    const body = document.createElement('tbody');
    for (const row of this.model.rows) addRow(body, row, 'td');
    table.append(head, body);
    wrap.append(table);
    wrap.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      const cell = (event.target as Element).closest('[data-offset]');
      const start = view.posAtDOM(wrap);
      const at = start + Number((cell as HTMLElement | null)?.dataset.offset ?? 0);
      view.dispatch({ selection: EditorSelection.cursor(Math.min(at, view.state.doc.length)) });
      view.focus();
    });
    // Links in cells are for reading here; following them is the editor's own business.
    wrap.addEventListener('click', (event) => event.preventDefault());
    return wrap;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}
