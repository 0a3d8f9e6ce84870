import { isolateHistory } from '@codemirror/commands';
import type { SyntaxNode } from '@lezer/common';
import { Decoration, WidgetType, type EditorView } from '@codemirror/view';
import type { Collector } from './collector';

/**
 * List items: `-`, `*`, `+` drawn as bullets, and `- [ ]` / `- [x]` as checkboxes that tick the
 * task in the text. The raw markers come back on the cursor's line.
 */

/**
 * Ticks or unticks the task whose `[ ]` box character is at `boxAt`: one undoable change of that
 * character, in its own undo step. False when the text there is no task box (it moved on).
 */
export function toggleTask(view: EditorView, boxAt: number): boolean {
  const state = view.state;
  if (state.readOnly) return false;
  const box = state.sliceDoc(boxAt - 1, boxAt + 2);
  if (!/^\[[ xX]\]$/.test(box)) return false;
  const checked = box[1] !== ' ';
  view.dispatch({
    changes: { from: boxAt, to: boxAt + 1, insert: checked ? ' ' : 'x' },
    userEvent: 'input.toggle',
    annotations: isolateHistory.of('full'),
  });
  return true;
}

class TaskCheckbox extends WidgetType {
  constructor(
    readonly checked: boolean,
    /** From the widget's start to the box character (`- [ ]`: 3). */
    readonly boxOffset: number,
    readonly readOnly: boolean,
  ) {
    super();
  }

  override eq(other: TaskCheckbox): boolean {
    return (
      other.checked === this.checked && other.boxOffset === this.boxOffset && other.readOnly === this.readOnly
    );
  }

  toDOM(view: EditorView): HTMLElement {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'cm-lp-task';
    box.checked = this.checked;
    box.disabled = this.readOnly;
    box.setAttribute('aria-label', this.checked ? 'Completed task' : 'Task');
    // The click must not move the cursor there (that would reveal the raw line under the mouse).
    box.addEventListener('mousedown', (event) => event.preventDefault());
    box.addEventListener('click', (event) => {
      // The text decides the box's state; the redraw after the change shows it.
      event.preventDefault();
      toggleTask(view, view.posAtDOM(box) + this.boxOffset);
    });
    return box;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

class Bullet extends WidgetType {
  constructor(readonly depth: number) {
    super();
  }
  override eq(other: Bullet): boolean {
    return other.depth === this.depth;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = `cm-lp-bullet cm-lp-bullet-${this.depth % 3}`;
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
}

function listDepth(item: SyntaxNode): number {
  let depth = 0;
  for (let node = item.parent; node; node = node.parent)
    if (node.name === 'BulletList' || node.name === 'OrderedList') depth += 1;
  return Math.max(0, depth - 1);
}

export function decorateListItem(c: Collector, item: SyntaxNode): void {
  const mark = item.firstChild;
  if (!mark || mark.name !== 'ListMark') return;
  const task = mark.nextSibling?.name === 'Task' ? mark.nextSibling : null;
  const taskMarker = task?.firstChild?.name === 'TaskMarker' ? task.firstChild : null;
  const bullet = item.parent?.name === 'BulletList';
  const lineEnd = c.state.doc.lineAt(mark.from).to;

  if (taskMarker && task) {
    const checked = /^\[[xX]\]$/.test(c.state.sliceDoc(taskMarker.from, taskMarker.to));
    const textFrom = Math.min(taskMarker.to + 1, lineEnd);
    const firstLineEnd = Math.min(task.to, lineEnd);
    if (checked && firstLineEnd > textFrom)
      c.add(Decoration.mark({ class: 'cm-lp-task-done' }).range(textFrom, firstLineEnd));
    c.line(c.state.doc.lineAt(mark.from).from, checked ? 'cm-lp-task-line is-done' : 'cm-lp-task-line');
    if (c.revealed(mark.from, mark.to)) return;
    // A bullet task shows only its box; a numbered one keeps its number.
    const from = bullet ? mark.from : taskMarker.from;
    const widget = new TaskCheckbox(checked, taskMarker.from + 1 - from, c.state.readOnly);
    c.add(Decoration.replace({ widget }).range(from, taskMarker.to));
    return;
  }
  if (!bullet || c.revealed(mark.from, mark.to)) return;
  c.add(Decoration.replace({ widget: new Bullet(listDepth(item)) }).range(mark.from, mark.to));
}
