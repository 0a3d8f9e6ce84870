// @vitest-environment happy-dom
import { CompletionContext, type Completion, type CompletionResult } from '@codemirror/autocomplete';
import { markdown } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import { linkCompletionSource } from '../../src-renderer/src/features/editor/links';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { createFakeLinks } from './support/fake-links';
import { hostError, makeNote } from './support/fake-host';

const vaultNotes: Note[] = [
  { ...makeNote('m', '', 'Meeting notes'), updatedAt: 5 },
  { ...makeNote('t', '', 'Team meeting'), updatedAt: 4 },
  { ...makeNote('js', '---\naliases: [ECMAScript]\n---\n', 'JavaScript'), updatedAt: 3 },
  { ...makeNote('w', '', 'Ideas'), folder: 'work', updatedAt: 2 },
  { ...makeNote('h', '', 'Ideas'), folder: 'home', updatedAt: 1 },
  { ...makeNote('g', '# Intro\n\n## Part two\n', 'Gamma'), updatedAt: 0 },
];

function setup() {
  const links = createFakeLinks({ notes: new Map(vaultNotes.map((n) => [n.id, n])), refuse: hostError });
  const source = linkCompletionSource({
    suggest: (query, limit) => links.api.suggest.query({ query, limit }),
    async headings(target) {
      const found = await links.api.resolve.query({ target });
      return found ? links.api.headings.query({ id: found.id }) : null;
    },
    async blocks(target, query) {
      const found = await links.api.resolve.query({ target });
      return found ? links.api.blocks.query({ id: found.id, query }) : null;
    },
  });
  return { links, source };
}

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

/** The text with `‸` as the cursor: a view, and the completion result there. */
async function complete(textWithCursor: string) {
  const pos = textWithCursor.indexOf('‸');
  const doc = textWithCursor.replace('‸', '');
  view = new EditorView({
    state: EditorState.create({ doc, selection: { anchor: pos }, extensions: markdown() }),
    parent: document.body,
  });
  ensureSyntaxTree(view.state, doc.length, 5_000);
  const result = await setup().source(new CompletionContext(view.state, pos, false));
  return { view, result, pos };
}

/** Picks the option labelled `label`: the text it leaves, with `‸` at the cursor. */
function pick(
  { view: v, result, pos }: { view: EditorView; result: CompletionResult | null; pos: number },
  label: string,
): string {
  const option = result?.options.find((o) => o.label === label);
  if (!result || !option)
    throw new Error(`no option ${label}: ${result?.options.map((o) => o.label).join(', ')}`);
  const apply = option.apply as (view: EditorView, completion: Completion, from: number, to: number) => void;
  apply(v, option, result.from, pos);
  const text = v.state.doc.toString();
  const head = v.state.selection.main.head;
  return `${text.slice(0, head)}‸${text.slice(head)}`;
}

const labels = (result: CompletionResult | null) => result?.options.map((o) => o.label);

describe('[[ completion', () => {
  it('offers nothing outside an open link or inside code', async () => {
    expect((await complete('Plain text‸')).result).toBeNull();
    expect((await complete('[[Done]] after‸')).result).toBeNull();
    expect((await complete('`[[mee‸`')).result).toBeNull();
    expect((await complete('[[shown|ali‸')).result).toBeNull();
  });

  it('offers recent notes right after [[, and ranked matches as you type', async () => {
    const empty = await complete('See [[‸');
    expect(labels(empty.result)?.slice(0, 2)).toEqual(['Meeting notes', 'Team meeting']);
    const typed = await complete('See [[meet‸');
    expect(labels(typed.result)).toEqual(['Meeting notes', 'Team meeting']);
    expect(typed.result?.from).toBe(6);
    expect(typed.result?.filter).toBe(false);
    // The matched letters are highlighted from the host's ranges.
    const option = typed.result!.options[1]!;
    expect(typed.result?.getMatch?.(option)).toEqual([5, 9]);
  });

  it('inserts [[Full Title]] and puts the cursor after it', async () => {
    expect(pick(await complete('See [[mee‸'), 'Meeting notes')).toBe('See [[Meeting notes]]‸');
  });

  it('does not double an auto-closed ]] and replaces the rest of the name', async () => {
    expect(pick(await complete('See [[mee‸]] ok'), 'Meeting notes')).toBe('See [[Meeting notes]]‸ ok');
    expect(pick(await complete('[[mee‸tin]]'), 'Meeting notes')).toBe('[[Meeting notes]]‸');
  });

  it('keeps an alias the user already wrote', async () => {
    expect(pick(await complete('[[mee‸|the notes]]'), 'Meeting notes')).toBe('[[Meeting notes|the notes]]‸');
  });

  it('writes an alias match as [[Title|Alias]]', async () => {
    const result = await complete('[[ecma‸');
    expect(result.result?.options[0]).toMatchObject({ label: 'ECMAScript', detail: '→ JavaScript' });
    expect(pick(result, 'ECMAScript')).toBe('[[JavaScript|ECMAScript]]‸');
  });

  it('writes folder/Title when another folder has a note with the same title', async () => {
    const result = await complete('[[idea‸');
    expect(result.result?.options.map((o) => o.detail)).toEqual(['work', 'home']);
    expect(pick(result, 'Ideas')).toBe('[[work/Ideas]]‸');
  });

  it('offers the headings of the note after #, and inserts [[Note#Heading]]', async () => {
    const result = await complete('[[Gamma#‸]]');
    expect(labels(result.result)).toEqual(['Intro', 'Part two']);
    expect(result.result?.options[1]?.detail).toBe('H2');
    expect(pick(result, 'Part two')).toBe('[[Gamma#Part two]]‸');
    expect((await complete('[[Nobody#‸')).result).toBeNull();
  });

  it('offers this note’s own headings after [[#', async () => {
    const result = await complete('# Top\n\nSee [[#‸\n\n## Below\n');
    expect(labels(result.result)).toEqual(['Top', 'Below']);
    expect(pick(result, 'Below')).toBe('# Top\n\nSee [[#Below]]‸\n\n## Below\n');
  });
});
