import { isolateHistory } from '@codemirror/commands';
import { EditorSelection, type EditorState, type Extension, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, WidgetType } from '@codemirror/view';
import {
  type ConflictBlock,
  type ConflictChoice,
  hasConflictMarkers,
  parseConflictBlocks,
  resolveConflictBlock,
} from '../../../../../src-shared/sync/conflict-blocks';
import { changeTouchesMarkerLines, hasMarkerLines } from './conflict-markers';

/** The conflict blocks of the document and the action bar above each. */
interface Conflicts {
  blocks: readonly ConflictBlock[];
  decorations: DecorationSet;
}

const NONE: Conflicts = { blocks: [], decorations: Decoration.none };

/** What a bar's buttons say; a side without a label is named by its place. */
function sideNames(block: Pick<ConflictBlock, 'oursLabel' | 'theirsLabel'>): {
  ours: string;
  theirs: string;
} {
  return {
    ours: block.oursLabel === '' ? 'this side' : block.oursLabel,
    theirs: block.theirsLabel === '' ? 'other side' : block.theirsLabel,
  };
}

class ConflictActionsWidget extends WidgetType {
  constructor(
    readonly oursLabel: string,
    readonly theirsLabel: string,
    readonly index: number,
    readonly count: number,
    readonly readOnly: boolean,
  ) {
    super();
  }

  override eq(other: ConflictActionsWidget): boolean {
    return (
      other.oursLabel === this.oursLabel &&
      other.theirsLabel === this.theirsLabel &&
      other.index === this.index &&
      other.count === this.count &&
      other.readOnly === this.readOnly
    );
  }

  toDOM(view: EditorView): HTMLElement {
    const names = sideNames(this);
    const bar = document.createElement('div');
    bar.className = 'cm-conflict-actions';
    bar.setAttribute('role', 'group');
    bar.setAttribute(
      'aria-label',
      `Conflict ${this.index + 1} of ${this.count}: ${names.ours} or ${names.theirs}`,
    );
    const title = document.createElement('span');
    title.className = 'cm-conflict-actions-title';
    title.textContent = this.count > 1 ? `Conflict ${this.index + 1} of ${this.count}` : 'Conflict';
    title.setAttribute('aria-hidden', 'true');
    bar.append(title);

    const choices: [ConflictChoice, string, string][] = [
      ['ours', `Keep ${names.ours}`, `Keep the lines of ${names.ours}, drop those of ${names.theirs}`],
      ['theirs', `Keep ${names.theirs}`, `Keep the lines of ${names.theirs}, drop those of ${names.ours}`],
      ['both', 'Keep both', `Keep the lines of ${names.ours}, then those of ${names.theirs}`],
    ];
    for (const [choice, label, description] of choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'cm-conflict-action';
      button.textContent = label;
      button.setAttribute('aria-label', label);
      button.title = description;
      button.disabled = this.readOnly;
      button.dataset.choice = choice;
      // The editor keeps its focus and selection: the click resolves, then hands focus back.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => {
        const pos = safePosAtDOM(view, bar);
        if (pos !== null) resolveConflictAt(view, pos, choice);
      });
      bar.append(button);
    }
    return bar;
  }

  /** Clicks and keys on the bar are the buttons', not the editor's. */
  override ignoreEvent(): boolean {
    return true;
  }
}

function safePosAtDOM(view: EditorView, dom: HTMLElement): number | null {
  try {
    return view.posAtDOM(dom);
  } catch {
    return null;
  }
}

function compute(state: EditorState): Conflicts {
  // Most notes have no conflict: a test of each line's start, without building the whole text.
  if (!hasMarkerLines(state.doc)) return NONE;
  const text = state.doc.toString();
  const blocks = hasConflictMarkers(text) ? parseConflictBlocks(text) : [];
  if (blocks.length === 0) return NONE;
  const decorations = Decoration.set(
    blocks.map((block, index) =>
      Decoration.widget({
        widget: new ConflictActionsWidget(
          block.oursLabel,
          block.theirsLabel,
          index,
          blocks.length,
          state.readOnly,
        ),
        block: true,
        side: -1,
      }).range(block.from),
    ),
  );
  return { blocks, decorations };
}

/**
 * Read again from the document on every change, so the bars follow edits: a block whose
 * markers are typed away loses its bar, one typed or pasted in gets one.
 */
const conflictsField = StateField.define<Conflicts>({
  create: compute,
  update: (value, tr) => {
    if (tr.startState.readOnly !== tr.state.readOnly) return compute(tr.state);
    if (!tr.docChanged) return value;
    // Without blocks before, only a change to a marker-like line can make one: other edits
    // (nearly every keystroke) skip reading the whole note.
    if (value.blocks.length === 0 && !changeTouchesMarkerLines(tr.startState.doc, tr.state.doc, tr.changes))
      return value;
    return compute(tr.state);
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

/**
 * Replaces the conflict block starting at `pos` with the chosen side. One transaction, its own
 * undo step (Mod+Z brings the whole block back), reported like typing so autosave saves it.
 * False if there is no such block or the editor is read-only.
 */
export function resolveConflictAt(view: EditorView, pos: number, choice: ConflictChoice): boolean {
  const { state } = view;
  if (state.readOnly) return false;
  const block = state.field(conflictsField, false)?.blocks.find((b) => b.from === pos);
  if (!block) return false;
  const change = resolveConflictBlock(state.doc.toString(), block, choice);
  view.dispatch({
    changes: change,
    selection: EditorSelection.cursor(change.from + change.insert.length),
    userEvent: 'input.resolve',
    annotations: isolateHistory.of('full'),
    scrollIntoView: true,
  });
  view.focus();
  return true;
}

/**
 * Above each conflict block a bar with "Keep <this device>", "Keep <other device>" and "Keep
 * both" (docs/sync-protocol.md M6), named with the block's own labels.
 */
export function conflictActions(): Extension {
  return conflictsField;
}
