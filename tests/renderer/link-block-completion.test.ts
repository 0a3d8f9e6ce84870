// @vitest-environment happy-dom
import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { markdown } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { linkCompletionSource } from '../../src-renderer/src/features/editor/links';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { createFakeLinks } from './support/fake-links';
import { hostError, makeNote } from './support/fake-host';

const BLOCKS =
  'Intro paragraph ^intro\n\n- task one ^t1\n- mentions intro again ^x9\n\n> A quote ^in-quote\n';
const notes: Note[] = [
  makeNote('b', BLOCKS, 'Blocks'),
  { ...makeNote('o', 'Own ^own', 'Other'), folder: 'f' },
];

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

async function complete(
  textWithCursor: string,
): Promise<{ view: EditorView; result: CompletionResult | null }> {
  const links = createFakeLinks({ notes: new Map(notes.map((n) => [n.id, n])), refuse: hostError });
  const source = linkCompletionSource({
    suggest: (query, limit) => links.api.suggest.query({ query, limit }),
    headings: () => Promise.resolve(null),
    async blocks(target, query) {
      const found = await links.api.resolve.query({ target });
      return found ? links.api.blocks.query({ id: found.id, query }) : null;
    },
  });
  const pos = textWithCursor.indexOf('‸');
  const doc = textWithCursor.replace('‸', '');
  view = new EditorView({
    state: EditorState.create({ doc, selection: { anchor: pos }, extensions: markdown() }),
    parent: document.body,
  });
  ensureSyntaxTree(view.state, doc.length, 5_000);
  return { view, result: await source(new CompletionContext(view.state, pos, false)) };
}

function pick(view: EditorView, result: CompletionResult | null, label: string): string {
  const option = result?.options.find((o) => o.label === label);
  if (!result || !option) throw new Error(`no option ${label}`);
  const apply = option.apply;
  if (typeof apply !== 'function') throw new Error('not a function');
  apply(view, option, result.from, view.state.selection.main.head);
  const head = view.state.selection.main.head;
  const text = view.state.doc.toString();
  return `${text.slice(0, head)}‸${text.slice(head)}`;
}

describe('[[Note#^ completion', () => {
  it('offers the note’s block ids by their text, in document order, and inserts [[Note#^id]]', async () => {
    const { view: v, result } = await complete('See [[Blocks#^‸');
    expect(result?.options.map((o) => [o.label, o.detail])).toEqual([
      ['Intro paragraph', '^intro'],
      ['task one', '^t1'],
      ['mentions intro again', '^x9'],
      ['A quote', '^in-quote'],
    ]);
    expect(pick(v, result, 'task one')).toBe('See [[Blocks#^t1]]‸');
  });

  it('ranks what starts with the query before what contains it', async () => {
    const { result } = await complete('[[Blocks#^in‸]]');
    expect(result?.options.map((o) => o.detail)).toEqual(['^intro', '^in-quote', '^x9']);
  });

  it('offers this note’s own blocks after [[#^', async () => {
    const { view: v, result } = await complete('Local line ^here\n\nSee [[#^‸]]');
    expect(result?.options.map((o) => o.detail)).toEqual(['^here']);
    expect(pick(v, result, 'Local line')).toBe('Local line ^here\n\nSee [[#^here]]‸');
  });

  it('offers nothing for a note that does not exist', async () => {
    expect((await complete('[[Nobody#^‸')).result).toBeNull();
  });
});
