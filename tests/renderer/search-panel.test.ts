// @vitest-environment jsdom
import { findNext, openSearchPanel, search, SearchQuery, setSearchQuery } from '@codemirror/search';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { searchMatchCount } from '../../src-renderer/src/features/editor/codemirror/search-match-count';

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

function editor(doc: string): EditorView {
  view = new EditorView({
    state: EditorState.create({ doc, extensions: [search({ top: true }), searchMatchCount] }),
    parent: document.body,
  });
  openSearchPanel(view);
  return view;
}

const count = (): string | null | undefined => view?.dom.querySelector('.cm-search-count')?.textContent;
const find = (v: EditorView, spec: ConstructorParameters<typeof SearchQuery>[0]): void => {
  v.dispatch({ effects: setSearchQuery.of(new SearchQuery(spec)) });
};

describe('the find bar’s match count', () => {
  it('counts the matches, then says which one is selected: "2 of 3"', () => {
    const v = editor('cat hat cat bat cat');
    find(v, { search: 'cat' });
    expect(count()).toBe('3 matches');
    findNext(v);
    expect(count()).toBe('1 of 3');
    findNext(v);
    expect(count()).toBe('2 of 3');
  });

  it('follows the case, whole-word and regex toggles', () => {
    const v = editor('Cat cat concat CAT');
    find(v, { search: 'cat' });
    expect(count()).toBe('4 matches');
    find(v, { search: 'cat', caseSensitive: true });
    expect(count()).toBe('2 matches');
    find(v, { search: 'cat', wholeWord: true });
    expect(count()).toBe('3 matches');
    find(v, { search: 'c.t', regexp: true, caseSensitive: true });
    expect(count()).toBe('2 matches');
    find(v, { search: '(', regexp: true });
    expect(count()).toBe('Invalid pattern');
  });

  it('recounts as the text changes, and says when nothing matches', () => {
    const v = editor('one');
    find(v, { search: 'two' });
    expect(count()).toBe('No results');
    v.dispatch({ changes: { from: 3, insert: ' two two' } });
    expect(count()).toBe('2 matches');
  });
});
