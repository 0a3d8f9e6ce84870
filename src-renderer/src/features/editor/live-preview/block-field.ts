import { syntaxTree } from '@codemirror/language';
import { StateField, type EditorState, type Range, type Transaction } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { SyntaxNode } from '@lezer/common';
import { calloutFoldToggles, isFolded } from './callout-folds';
import { calloutHead } from './callouts';
import { editorFocus, isRevealed } from './reveal';
import { tableModel, TableWidget } from './tables';

/**
 * What replaces whole lines (tables, folded callouts' bodies) must come from a state field, not
 * the viewport plugin: it changes the document's height map. Only block containers are walked
 * (never paragraphs or inline content), and typing prose or moving the cursor redoes only the
 * blocks around the change, so a keystroke costs the same in a long note as in a short one.
 */

const CONTAINERS = new Set(['Document', 'Blockquote', 'BulletList', 'OrderedList', 'ListItem']);

/** Widgets by their table's source: a table that did not change keeps its widget and its DOM. */
type WidgetCache = Map<string, TableWidget>;

interface BlockPreviews {
  decorations: DecorationSet;
  widgets: WidgetCache;
}

/** A table's widget: the one made for the same source before, else a new one, kept in `into`. */
function widgetLookup(state: EditorState, known: WidgetCache, into: WidgetCache) {
  return (table: SyntaxNode): TableWidget => {
    const source = state.sliceDoc(table.from, table.to);
    const widget = into.get(source) ?? known.get(source) ?? new TableWidget(tableModel(state, table));
    into.set(source, widget);
    return widget;
  };
}

/** The block decorations of the blocks overlapping `from..to` (whole blocks, even past the range). */
function scan(
  state: EditorState,
  from: number,
  to: number,
  widgetFor: (table: SyntaxNode) => TableWidget,
): Range<Decoration>[] {
  const ranges: Range<Decoration>[] = [];
  const doc = state.doc;
  syntaxTree(state).iterate({
    from,
    to,
    enter(node) {
      if (node.name === 'Table') {
        const first = doc.lineAt(node.from);
        // A table inside a list or quote shares its lines with their markers: it stays source.
        if (node.from === first.from && !isRevealed(state, node.from, node.to)) {
          const widget = widgetFor(node.node);
          ranges.push(Decoration.replace({ widget, block: true }).range(first.from, doc.lineAt(node.to).to));
        }
        return false;
      }
      if (node.name === 'Blockquote') {
        const head = calloutHead(state, node.node);
        const first = doc.lineAt(node.from);
        const last = doc.lineAt(node.to);
        if (
          head &&
          last.from > first.from &&
          isFolded(state, first.from, head.fold) &&
          !isRevealed(state, node.from, node.to)
        )
          ranges.push(Decoration.replace({ block: true }).range(first.to + 1, last.to));
        return false;
      }
      return CONTAINERS.has(node.name);
    },
  });
  return ranges;
}

function buildAll(state: EditorState, previous: WidgetCache): BlockPreviews {
  // A fresh cache: only the tables still in the note keep their widgets.
  const widgets: WidgetCache = new Map();
  const ranges = scan(state, 0, state.doc.length, widgetLookup(state, previous, widgets));
  return { decorations: Decoration.set(ranges, true), widgets };
}

/** Text that can change a block's kind or extent (fences, rows, quotes, rules, lines). */
const STRUCTURAL = /[\n`~|>\-=[\]!*+:\d]/;

/** The lines to redo when a transaction only typed prose or moved the selection, else null. */
function localRegions(tr: Transaction): [number, number][] | null {
  const before = tr.startState;
  const after = tr.state;
  if (
    before.readOnly !== after.readOnly ||
    before.field(editorFocus, false) !== after.field(editorFocus, false) ||
    before.field(calloutFoldToggles, false) !== after.field(calloutFoldToggles, false)
  )
    return null;
  // The parser got further (a long note loading, or past the edit): there may be new blocks anywhere.
  const grown = after.doc.length - before.doc.length;
  if (syntaxTree(after).length !== syntaxTree(before).length + grown) return null;
  if (!tr.docChanged && syntaxTree(after) !== syntaxTree(before)) return null;
  const regions: [number, number][] = [];
  let structural = false;
  tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
    if (STRUCTURAL.test(before.sliceDoc(fromA, toA)) || STRUCTURAL.test(inserted.toString()))
      structural = true;
    regions.push([fromB, toB]);
  });
  if (structural) return null;
  if (!before.selection.eq(after.selection) || tr.docChanged) {
    for (const range of before.selection.ranges)
      regions.push([tr.changes.mapPos(range.from, -1), tr.changes.mapPos(range.to, 1)]);
    for (const range of after.selection.ranges) regions.push([range.from, range.to]);
  }
  return regions;
}

function update(value: BlockPreviews, tr: Transaction): BlockPreviews {
  const regions = localRegions(tr);
  if (regions === null) return buildAll(tr.state, value.widgets);
  if (regions.length === 0) return value;
  const doc = tr.state.doc;
  const widgetFor = widgetLookup(tr.state, value.widgets, value.widgets);
  let decorations = value.decorations.map(tr.changes);
  for (const [from, to] of regions) {
    // With the lines either side: text typed under a table becomes one of its rows.
    const first = doc.lineAt(from);
    const last = doc.lineAt(to);
    const start = first.number > 1 ? doc.line(first.number - 1).from : first.from;
    const end = last.number < doc.lines ? doc.line(last.number + 1).to : last.to;
    decorations = decorations.update({
      filterFrom: start,
      filterTo: end,
      filter: (rangeFrom, rangeTo) => rangeTo < start || rangeFrom > end,
    });
    const fresh = scan(tr.state, start, end, widgetFor);
    decorations = decorations.update({
      // A block reaching into an earlier region may have been added already.
      add: fresh.filter((range) => {
        let present = false;
        decorations.between(range.from, range.to, (f, t) => {
          if (f === range.from && t === range.to) present = true;
        });
        return !present;
      }),
      sort: true,
    });
  }
  return { decorations, widgets: value.widgets };
}

export const blockPreviews = StateField.define<BlockPreviews>({
  create: (state) => buildAll(state, new Map()),
  update,
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

/** The field with what it reads. */
export const blockPreviewExtension = [editorFocus, calloutFoldToggles, blockPreviews];
