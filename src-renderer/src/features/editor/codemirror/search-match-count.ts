import { getSearchQuery, type SearchQuery, searchPanelOpen } from '@codemirror/search';
import { type EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';

/** Past this many the count says "1,000+": counting a huge note on every key would cost a frame. */
const MAX_COUNTED = 1_000;

/** "3 of 12", "12 matches", "No results" — the words of the find bar's count. */
export function describeMatches(
  starts: readonly number[],
  selectionFrom: number,
  selectionTo: number,
  matchTo: (i: number) => number,
): string {
  if (starts.length === 0) return 'No results';
  const total =
    starts.length > MAX_COUNTED ? `${MAX_COUNTED.toLocaleString()}+` : starts.length.toLocaleString();
  const current = starts.indexOf(selectionFrom);
  if (current >= 0 && matchTo(current) === selectionTo)
    return `${(current + 1).toLocaleString()} of ${total}`;
  return `${total} ${starts.length === 1 ? 'match' : 'matches'}`;
}

/**
 * Adds a live match count ("3 of 12") to CodeMirror's find bar (Mod+F), beside the query field.
 * Matches are counted again only when the text or the query changes; moving between them only
 * looks the selection up among the counted ones.
 */
export const searchMatchCount = ViewPlugin.fromClass(
  class {
    private element: HTMLElement | null = null;
    private query: SearchQuery | null = null;
    private starts: number[] = [];
    private ends: number[] = [];

    constructor(view: EditorView) {
      this.sync(view, true);
    }

    update(update: ViewUpdate): void {
      this.sync(update.view, update.docChanged);
    }

    private sync(view: EditorView, docChanged: boolean): void {
      const state = view.state;
      if (!searchPanelOpen(state)) {
        this.query = null;
        this.element = null;
        return;
      }
      const query = getSearchQuery(state);
      if (docChanged || !this.query || !this.query.eq(query)) {
        this.query = query;
        this.starts = [];
        this.ends = [];
        if (query.search !== '' && query.valid) {
          const cursor = query.getCursor(state);
          for (
            let next = cursor.next();
            !next.done && this.starts.length <= MAX_COUNTED;
            next = cursor.next()
          ) {
            this.starts.push(next.value.from);
            this.ends.push(next.value.to);
          }
        }
      }
      const panel = view.dom.querySelector<HTMLElement>('.cm-panel.cm-search');
      if (!panel) return;
      if (!this.element || !panel.contains(this.element)) {
        this.element = document.createElement('span');
        this.element.className = 'cm-search-count';
        this.element.setAttribute('role', 'status');
        this.element.setAttribute('aria-live', 'polite');
        panel.querySelector('[main-field]')?.after(this.element);
      }
      const { from, to } = state.selection.main;
      const text =
        query.search === ''
          ? ''
          : !query.valid
            ? 'Invalid pattern'
            : describeMatches(this.starts, from, to, (i) => this.ends[i] ?? -1);
      if (this.element.textContent !== text) this.element.textContent = text;
      this.element.classList.toggle('is-empty', text === 'No results' || text === 'Invalid pattern');
    }
  },
);
