// @vitest-environment jsdom
import { acceptCompletion, currentCompletions } from '@codemirror/autocomplete';
import { undo } from '@codemirror/commands';
import { forceParsing } from '@codemirror/language';
import { Compartment, EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, runScopeHandlers } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { editingCommands, type SlashTemplates } from '../../src-renderer/src/features/editor/commands';
import { renumberLines } from '../../src-renderer/src/features/editor/commands/list-indent';
import { editorExtensions } from '../../src-renderer/src/features/editor/codemirror/editor-extensions';
import { stubTextLayout } from './support/jsdom-layout';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

const TEMPLATE = '---\nupdated: 2025-03-14\ntags: [design]\n---\n\n# Meeting {{title}}\n\n- Notes\n';

function fakeTemplates(): SlashTemplates & { text: ReturnType<typeof vi.fn> } {
  return {
    list: () =>
      Promise.resolve([{ id: 'meeting', name: 'Meeting notes', description: 'Agenda and actions' }]),
    text: vi.fn((templateId: string) =>
      Promise.resolve(templateId === 'meeting' ? TEMPLATE.replace('{{title}}', 'Kickoff') : ''),
    ),
    onError: vi.fn(),
  };
}

/**
 * A real editor with the app's extensions. `|` marks the cursor; `<…>` a selection (several allowed).
 */
function editor(marked: string, templates = fakeTemplates()) {
  const ranges: { anchor: number; head: number }[] = [];
  let doc = '';
  for (let i = 0; i < marked.length; i++) {
    const char = marked[i]!;
    if (char === '|') ranges.push({ anchor: doc.length, head: doc.length });
    else if (char === '<') ranges.push({ anchor: doc.length, head: doc.length });
    else if (char === '>') ranges.at(-1)!.head = doc.length;
    else doc += char;
  }
  const view = new EditorView({
    parent: document.body.appendChild(document.createElement('div')),
    state: EditorState.create({
      doc,
      selection: EditorSelection.create(
        (ranges.length ? ranges : [{ anchor: 0, head: 0 }]).map((r) =>
          EditorSelection.range(r.anchor, r.head),
        ),
      ),
      extensions: [
        editorExtensions({ readOnly: new Compartment(), isReadOnly: false, onDocChanged: () => undefined }),
        editingCommands({ templates }),
      ],
    }),
  });
  views.push(view);
  // The commands read the Markdown syntax tree; on a busy machine the first parse may not finish
  // within its time slice, as it would in the app by the time anyone types.
  forceParsing(view, view.state.doc.length, 5000);
  return { view, templates };
}

/** The doc with the selection drawn back in, as the tests write it. */
function shown(view: EditorView): string {
  const { doc, selection } = view.state;
  let text = doc.toString();
  for (const range of [...selection.ranges].reverse()) {
    text = range.empty
      ? `${text.slice(0, range.from)}|${text.slice(range.from)}`
      : `${text.slice(0, range.from)}<${text.slice(range.from, range.to)}>${text.slice(range.to)}`;
  }
  return text;
}

function press(view: EditorView, key: string, mods: { mod?: boolean; shift?: boolean } = {}): boolean {
  const event = new KeyboardEvent('keydown', {
    key,
    ctrlKey: mods.mod ?? false,
    shiftKey: mods.shift ?? false,
    cancelable: true,
  });
  return runScopeHandlers(view, event, 'editor');
}

/** Typing as the browser would: each character offered to the input handlers, else inserted. */
function type(view: EditorView, text: string): void {
  for (const char of text) {
    const { from, to } = view.state.selection.main;
    const insert = () => view.state.update(view.state.replaceSelection(char), { userEvent: 'input.type' });
    const handled = view.state
      .facet(EditorView.inputHandler)
      .some((handler) => handler(view, from, to, char, insert));
    if (!handled) view.dispatch(insert());
  }
}

function paste(view: EditorView, text: string): boolean {
  // jsdom has no DataTransfer: the handler reads only these.
  const event = new Event('paste', { cancelable: true, bubbles: true });
  Object.defineProperty(event, 'clipboardData', {
    value: {
      files: [],
      types: ['text/plain'],
      getData: (type: string) => (type === 'text/plain' ? text : ''),
    },
  });
  view.contentDOM.dispatchEvent(event);
  return event.defaultPrevented;
}

stubTextLayout();

describe('formatting commands', () => {
  it('wraps a selection in bold and unwraps it again (Mod+B)', () => {
    const { view } = editor('say <hello> there');
    expect(press(view, 'b', { mod: true })).toBe(true);
    expect(shown(view)).toBe('say **<hello>** there');
    press(view, 'b', { mod: true });
    expect(shown(view)).toBe('say <hello> there');
  });

  it('unwraps bold selected together with its markers', () => {
    const { view } = editor('say <**hello**> there');
    press(view, 'b', { mod: true });
    expect(shown(view)).toBe('say <hello> there');
  });

  it('inserts an empty pair with the cursor between', () => {
    const { view } = editor('a |b');
    press(view, 'b', { mod: true });
    expect(shown(view)).toBe('a **|**b');
  });

  it('with the cursor inside bold (or code) text, removes that span’s markers', () => {
    const { view } = editor('a **bo|ld** b');
    press(view, 'b', { mod: true });
    expect(shown(view)).toBe('a bo|ld b');
    const code = editor('run `np|m` now');
    press(code.view, 'c', { mod: true, shift: true });
    expect(shown(code.view)).toBe('run np|m now');
    const pair = editor('x |');
    press(pair.view, 'b', { mod: true });
    press(pair.view, 'b', { mod: true });
    expect(shown(pair.view)).toBe('x |');
  });

  it('italic leaves bold alone: *x* inside **x** wraps, ***x*** loses only the italic', () => {
    const { view } = editor('**<x>**');
    press(view, 'i', { mod: true });
    expect(shown(view)).toBe('***<x>***');
    press(view, 'i', { mod: true });
    expect(shown(view)).toBe('**<x>**');
    press(view, 'b', { mod: true });
    expect(shown(view)).toBe('<x>');
  });

  it('formats every range of a multiple selection', () => {
    const { view } = editor('<one> and <two>');
    press(view, 'x', { mod: true, shift: true });
    expect(shown(view)).toBe('~~<one>~~ and ~~<two>~~');
    press(view, 'c', { mod: true, shift: true });
    expect(shown(view)).toBe('~~`<one>`~~ and ~~`<two>`~~');
  });

  it('makes links with Mod+K: text → [text](|), URL → [|](url), nothing → [|]()', () => {
    const { view } = editor('see <docs>');
    press(view, 'k', { mod: true });
    expect(shown(view)).toBe('see [docs](|)');
    const url = editor('<https://a.example>');
    press(url.view, 'k', { mod: true });
    expect(shown(url.view)).toBe('[|](https://a.example)');
    const empty = editor('x |');
    press(empty.view, 'k', { mod: true });
    expect(shown(empty.view)).toBe('x [|]()');
  });

  it('undoes a format in one step', () => {
    const { view } = editor('<word>');
    press(view, 'b', { mod: true });
    undo(view);
    expect(view.state.doc.toString()).toBe('word');
  });
});

describe('auto-closing pairs', () => {
  it('closes brackets and quotes, and steps over the closer', () => {
    const { view } = editor('|');
    type(view, '(');
    expect(shown(view)).toBe('(|)');
    type(view, 'a)');
    expect(shown(view)).toBe('(a)|');
    type(view, ' "q');
    expect(shown(view)).toBe('(a) "q|"');
    type(view, ' `c');
    expect(shown(view)).toBe('(a) "q `c|`"');
  });

  it('turns [[ into [[|]] and leaves apostrophes alone', () => {
    const { view } = editor('|');
    type(view, '[[');
    expect(shown(view)).toBe('[[|]]');
    const prose = editor('|');
    type(prose.view, "don't");
    expect(shown(prose.view)).toBe("don't|");
  });

  it('types ** as **|**, steps over the closing **, and Backspace removes an empty pair', () => {
    const { view } = editor('a |');
    type(view, '**');
    expect(shown(view)).toBe('a **|**');
    type(view, 'bold**');
    expect(shown(view)).toBe('a **bold**|');
    const empty = editor('|');
    type(empty.view, '**');
    press(empty.view, 'Backspace');
    expect(shown(empty.view)).toBe('|');
  });

  it('opens ** at every cursor of a multiple selection', () => {
    const { view } = editor('a | b |');
    type(view, '**x**');
    expect(shown(view)).toBe('a **x**| b **x**|');
  });

  it('does not double the closing ** of bold typed by hand, nor touch a bullet', () => {
    const { view } = editor('**bold*|');
    type(view, '*');
    expect(shown(view)).toBe('**bold**|');
    const bullet = editor('|');
    type(bullet.view, '* item');
    expect(shown(bullet.view)).toBe('* item|');
  });
});

describe('lists', () => {
  it('Tab nests an item under its sibling and Shift+Tab brings it back', () => {
    const { view } = editor('- one\n- two|');
    expect(press(view, 'Tab')).toBe(true);
    expect(shown(view)).toBe('- one\n  - two|');
    press(view, 'Tab', { shift: true });
    expect(shown(view)).toBe('- one\n- two|');
  });

  it('moves an item with its children, and every item of a multi-line selection', () => {
    const { view } = editor('- a\n- b|\n  - c\n- d');
    press(view, 'Tab');
    expect(view.state.doc.toString()).toBe('- a\n  - b\n    - c\n- d');
    const selected = editor('- a\n- <b\n- c>');
    press(selected.view, 'Tab');
    expect(selected.view.state.doc.toString()).toBe('- a\n  - b\n  - c');
  });

  it('nests ordered items under the text column and renumbers both levels', () => {
    const { view } = editor('1. a\n2. b|\n3. c');
    press(view, 'Tab');
    expect(view.state.doc.toString()).toBe('1. a\n   1. b\n2. c');
    press(view, 'Tab', { shift: true });
    expect(view.state.doc.toString()).toBe('1. a\n2. b\n3. c');
  });

  it('keeps tabs where the list is indented with tabs', () => {
    const { view } = editor('- a\n\t- b\n\t- c|');
    press(view, 'Tab');
    expect(view.state.doc.toString()).toBe('- a\n\t- b\n\t\t- c');
    press(view, 'Tab', { shift: true });
    expect(view.state.doc.toString()).toBe('- a\n\t- b\n\t- c');
  });

  it('keeps Tab as indentation outside lists', () => {
    const { view } = editor('text|');
    expect(press(view, 'Tab')).toBe(true);
    expect(view.state.doc.toString()).toBe('  text');
  });

  it('Enter continues bullets, numbers and tasks', () => {
    const { view } = editor('- [x] done|');
    press(view, 'Enter');
    expect(shown(view)).toBe('- [x] done\n- [ ] |');
    const ordered = editor('1. a|\n2. b');
    press(ordered.view, 'Enter');
    expect(shown(ordered.view)).toBe('1. a\n2. |\n3. b');
  });

  it('Enter on an empty item ends the list; nested, it first moves out a level', () => {
    const { view } = editor('- a|');
    press(view, 'Enter');
    press(view, 'Enter');
    expect(shown(view)).toBe('- a\n|');
    const nested = editor('- a\n  - b|');
    press(nested.view, 'Enter');
    press(nested.view, 'Enter');
    expect(shown(nested.view)).toBe('- a\n  - b\n- |');
    press(nested.view, 'Enter');
    expect(shown(nested.view)).toBe('- a\n  - b\n|');
  });

  it('renumbers ordered lines by level', () => {
    expect(renumberLines(['1. a', '   5. b', '   9. c', '7. d'], new Set())).toEqual([
      '1. a',
      '   5. b',
      '   6. c',
      '2. d',
    ]);
  });
});

describe('pasting a URL', () => {
  it('links the selected text, in every range', () => {
    const { view } = editor('<Quire> and <docs>');
    expect(paste(view, ' https://quire.example/a?b=1\n')).toBe(true);
    expect(shown(view)).toBe(
      '[Quire](https://quire.example/a?b=1)| and [docs](https://quire.example/a?b=1)|',
    );
  });

  it('leaves a paste without selection, or of plain text, to CodeMirror', () => {
    const { view } = editor('x |');
    paste(view, 'https://quire.example');
    expect(shown(view)).toBe('x https://quire.example|');
    const text = editor('<word>');
    paste(text.view, 'not a url');
    expect(shown(text.view)).toBe('not a url|');
    const inLink = editor('[<docs>](https://old.example)');
    paste(inLink.view, 'https://new.example');
    expect(inLink.view.state.doc.toString()).toBe('[https://new.example](https://old.example)');
    const mail = editor('<Ann>');
    paste(mail.view, 'mailto:ann@example.com');
    expect(mail.view.state.doc.toString()).toBe('[Ann](mailto:ann@example.com)');
  });
});

/** Lets the completion plugin query its (async) sources and show the result. */
async function settle(view: EditorView): Promise<void> {
  for (let i = 0; i < 20 && currentCompletions(view.state).length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Enter does not pick an option in the first moments after the menu opens (interactionDelay).
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('slash menu', () => {
  it('opens at the start of a line with the blocks, then the templates', async () => {
    const { view } = editor('|');
    type(view, '/');
    await settle(view);
    const labels = currentCompletions(view.state).map((option) => option.label);
    expect(labels).toEqual([
      'Heading 1',
      'Heading 2',
      'Heading 3',
      'Bullet list',
      'Numbered list',
      'Task',
      'Table',
      'Code block',
      'Callout',
      'Quote',
      'Divider',
      'Meeting notes',
    ]);
  });

  it('does not open inside a code block', async () => {
    const { view } = editor('```\n|\n```');
    type(view, '/');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(currentCompletions(view.state)).toHaveLength(0);
  });

  it('does not open in the middle of text', async () => {
    const { view } = editor('and/or|');
    type(view, '/');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(currentCompletions(view.state)).toHaveLength(0);
  });

  it('filters fuzzily as you type and inserts the pick in place of /query', async () => {
    const { view } = editor('|');
    type(view, '/tbl');
    await settle(view);
    expect(currentCompletions(view.state)[0]?.label).toBe('Table');
    acceptCompletion(view);
    expect(shown(view)).toBe('| |    |     |     |\n| --- | --- | --- |\n|     |     |     |');
  });

  it('moves through the inserted table with Tab, adding a row after the last cell', async () => {
    const { view } = editor('|');
    type(view, '/table');
    await settle(view);
    acceptCompletion(view);
    type(view, 'Name');
    press(view, 'Tab');
    type(view, 'Qty');
    press(view, 'Tab');
    press(view, 'Tab');
    expect(shown(view)).toBe('| Name    | Qty    |     |\n| --- | --- | --- |\n| |    |     |     |');
    press(view, 'Tab', { shift: true });
    expect(shown(view)).toBe('| Name    | Qty    | |    |\n| --- | --- | --- |\n|     |     |     |');
    press(view, 'Tab', { shift: true });
    expect(shown(view)).toBe('| Name    | <Qty>    |     |\n| --- | --- | --- |\n|     |     |     |');
    for (let i = 0; i < 5; i++) press(view, 'Tab');
    expect(view.state.doc.line(4).text).toBe('|     |     |     |');
    expect(view.state.selection.main.head).toBe(view.state.doc.line(4).from + 2);
  });

  const cases: [string, string, string][] = [
    ['h2', '|', '## |'],
    ['task', '- |', '- [ ] |'],
    ['numbered', '|', '1. |'],
    ['callout', '|', '> [!note] |'],
    ['quote', '  |', '  > |'],
    ['code', '|', '```<language>\n\n```'],
    ['divider', 'para\n|', 'para\n\n---\n|'],
  ];
  for (const [query, before, after] of cases) {
    it(`inserts ${query}`, async () => {
      const { view } = editor(before);
      type(view, `/${query}`);
      await settle(view);
      acceptCompletion(view);
      expect(shown(view)).toBe(after);
    });
  }

  it('Escape closes the menu and leaves the / typed', async () => {
    const { view } = editor('|');
    type(view, '/');
    await settle(view);
    expect(press(view, 'Escape')).toBe(true);
    expect(currentCompletions(view.state)).toHaveLength(0);
    expect(shown(view)).toBe('/|');
  });

  it('inserts a template filled by the host, its properties going to the top', async () => {
    const { view, templates } = editor('Intro\n\n|');
    type(view, '/meeting');
    await settle(view);
    expect(currentCompletions(view.state).map((option) => option.label)).toEqual(['Meeting notes']);
    acceptCompletion(view);
    await vi.waitFor(() => expect(view.state.doc.toString()).toContain('# Meeting Kickoff'));
    expect(templates.text).toHaveBeenCalledWith('meeting');
    expect(shown(view)).toBe(
      '---\nupdated: 2025-03-14\ntags: [design]\n---\nIntro\n\n# Meeting Kickoff\n\n- Notes|',
    );
  });

  it('adds only the template properties a note lacks', async () => {
    const { view } = editor('---\ntags: [mine]\n---\n|');
    type(view, '/meeting');
    await settle(view);
    acceptCompletion(view);
    await vi.waitFor(() => expect(view.state.doc.toString()).toContain('# Meeting'));
    expect(view.state.doc.toString()).toBe(
      '---\ntags: [mine]\nupdated: 2025-03-14\n---\n# Meeting Kickoff\n\n- Notes',
    );
  });
});
