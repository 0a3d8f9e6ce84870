// @vitest-environment jsdom
import { history, undo, redo } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { ensureSyntaxTree } from '@codemirror/language';
import { Compartment, EditorSelection, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedAttachment } from '../../src-renderer/src/api/quire-api';
import { editorExtensions } from '../../src-renderer/src/features/editor/codemirror/editor-extensions';
import { highlightSyntax } from '../../src-renderer/src/features/editor/codemirror/highlight-syntax';
import {
  codeBlockLines,
  createEditorMode,
  lineTextDirection,
  livePreview,
  type AttachmentSource,
} from '../../src-renderer/src/features/editor/live-preview';
import { editorFocus, focusEffect } from '../../src-renderer/src/features/editor/live-preview/reveal';
import {
  blockPreviewExtension,
  blockPreviews,
} from '../../src-renderer/src/features/editor/live-preview/block-field';
import type { TableWidget } from '../../src-renderer/src/features/editor/live-preview/tables';
import fc from 'fast-check';

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
  document.body.innerHTML = '';
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function markdownSupport(): Extension {
  return yamlFrontmatter({ content: markdown({ base: markdownLanguage, extensions: [highlightSyntax] }) });
}

interface EditorOptions {
  cursor?: number;
  readOnly?: boolean;
  attachments?: AttachmentSource;
  extra?: Extension;
}

/** A focused editor in Live Preview, its whole text parsed, the cursor where the test says. */
async function editor(doc: string, options: EditorOptions = {}) {
  const view = new EditorView({
    parent: document.body.appendChild(document.createElement('div')),
    state: EditorState.create({
      doc,
      selection: EditorSelection.cursor(options.cursor ?? doc.length),
      extensions: [
        history(),
        markdownSupport(),
        EditorState.readOnly.of(options.readOnly ?? false),
        livePreview({ attachments: options.attachments ?? null }),
        options.extra ?? [],
      ],
    }),
  });
  views.push(view);
  ensureSyntaxTree(view.state, doc.length, 5_000);
  view.focus();
  // CodeMirror reports focus changes a moment after the DOM event.
  await vi.waitFor(() => expect(view.state.field(editorFocus)).toBe(true));
  return view;
}

function cursorAt(view: EditorView, pos: number): void {
  view.dispatch({ selection: EditorSelection.cursor(pos) });
}

/** The rendered text of line `n` (1-based), widgets' own text included. */
function lineText(view: EditorView, n: number): string {
  const line = view.state.doc.line(n);
  const { node } = view.domAtPos(line.from);
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest('.cm-line')?.textContent ?? '';
}

function lineElement(view: EditorView, n: number): HTMLElement {
  const { node } = view.domAtPos(view.state.doc.line(n).from);
  const element = (node instanceof Element ? node : node.parentElement)?.closest('.cm-line');
  if (!(element instanceof HTMLElement)) throw new Error(`line ${n} is not rendered`);
  return element;
}

const query = (view: EditorView, selector: string) => view.contentDOM.querySelector(selector);
const queryAll = (view: EditorView, selector: string) => [...view.contentDOM.querySelectorAll(selector)];

/** The last line: a plain paragraph where the cursor sits when "elsewhere". */
const ELSEWHERE = '\n\nelsewhere';

describe('live preview: inline constructs', () => {
  it('headings lose their # marks off the cursor line and keep them on it', async () => {
    const view = await editor(`# Title ##\n\n### Third${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('Title');
    expect(lineElement(view, 1).classList).toContain('cm-lp-h1');
    expect(lineText(view, 3)).toBe('Third');
    expect(lineElement(view, 3).classList).toContain('cm-lp-h3');

    cursorAt(view, 3);
    expect(lineText(view, 1)).toBe('# Title ##');
    expect(lineText(view, 3)).toBe('Third');
  });

  it('setext headings hide their underline', async () => {
    const view = await editor(`Big\n===${ELSEWHERE}`);
    expect(lineElement(view, 1).classList).toContain('cm-lp-h1');
    expect(lineElement(view, 2).classList).toContain('cm-lp-setext-underline');
    expect(lineText(view, 2)).toBe('');
    cursorAt(view, 1);
    expect(lineText(view, 2)).toBe('===');
  });

  it('emphasis, strong and strikethrough hide their markers', async () => {
    const view = await editor(`*it* **bold** ~~gone~~${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('it bold gone');
    expect(query(view, '.cm-lp-em')?.textContent).toBe('it');
    expect(query(view, '.cm-lp-strong')?.textContent).toBe('bold');
    expect(query(view, '.cm-lp-strike')?.textContent).toBe('gone');
    cursorAt(view, 2);
    expect(lineText(view, 1)).toBe('*it* **bold** ~~gone~~');
  });

  it('==highlights== hide their marks; `a == b` and `===` are no highlight', async () => {
    const view = await editor(`==marked **bold**== and a == b, x ===y===${ELSEWHERE}`);
    expect(queryAll(view, '.cm-lp-highlight').map((el) => el.textContent)).toEqual(['marked bold']);
    expect(lineText(view, 1)).toBe('marked bold and a == b, x ===y===');
    cursorAt(view, 3);
    expect(lineText(view, 1)).toBe('==marked **bold**== and a == b, x ===y===');
  });

  it('inline code is a chip without backticks', async () => {
    const view = await editor(`run \`npm test\` now${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('run npm test now');
    expect(query(view, '.cm-lp-inline-code')?.textContent).toBe('npm test');
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('run `npm test` now');
    expect(query(view, '.cm-lp-inline-code')).toBeNull();
  });

  it('Markdown links show their text, marked with the target', async () => {
    const view = await editor(`see [the docs](https://example.com/a "Docs") and <https://x.y>${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('see the docs and https://x.y');
    const links = queryAll(view, '.cm-lp-link');
    expect(links.map((link) => [link.textContent, link.getAttribute('data-href')])).toEqual([
      ['the docs', 'https://example.com/a'],
      ['https://x.y', 'https://x.y'],
    ]);
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('see [the docs](https://example.com/a "Docs") and <https://x.y>');
  });

  it('a bracketed word that is no link is left as written', async () => {
    const view = await editor(`a [note] here${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('a [note] here');
    expect(query(view, '.cm-lp-link')).toBeNull();
  });

  it('wikilinks show the note or the alias, with the target in data-target', async () => {
    const view = await editor(`[[Plain]], [[Note|shown]], [[Deep#Part]]${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('Plain, shown, Deep › Part');
    const links = queryAll(view, '.cm-lp-wikilink');
    expect(links.map((link) => link.getAttribute('data-target'))).toEqual(['Plain', 'Note', 'Deep#Part']);
    expect(links[1]?.textContent).toBe('shown');
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('[[Plain]], [[Note|shown]], [[Deep#Part]]');
  });

  it('wikilinks inside code stay code', async () => {
    const view = await editor(`\`[[Not a link]]\`${ELSEWHERE}`);
    expect(query(view, '.cm-lp-wikilink')).toBeNull();
    expect(lineText(view, 1)).toBe('[[Not a link]]');
  });

  it('escapes lose their backslash', async () => {
    const view = await editor(`\\*literal\\*${ELSEWHERE}`);
    expect(lineText(view, 1)).toBe('*literal*');
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('\\*literal\\*');
  });
});

describe('live preview: lists and tasks', () => {
  it('bullets are drawn as bullets; numbers stay', async () => {
    const view = await editor(`- one\n  - nested\n1. first${ELSEWHERE}`);
    expect(queryAll(view, '.cm-lp-bullet')).toHaveLength(2);
    expect(query(view, '.cm-lp-bullet-1')).not.toBeNull();
    // The bullet is drawn by CSS, in the place of the `-`.
    expect(lineText(view, 1)).toBe(' one');
    expect(lineText(view, 3)).toBe('1. first');
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('- one');
    expect(queryAll(view, '.cm-lp-bullet')).toHaveLength(1);
  });

  it('tasks are checkboxes; the cursor line shows the raw box', async () => {
    const view = await editor(`- [ ] open\n- [x] done${ELSEWHERE}`);
    const boxes = queryAll(view, 'input.cm-lp-task') as HTMLInputElement[];
    expect(boxes.map((box) => box.checked)).toEqual([false, true]);
    expect(lineText(view, 1)).toBe(' open');
    expect(query(view, '.cm-lp-task-done')?.textContent).toBe('done');
    cursorAt(view, 0);
    expect(queryAll(view, 'input.cm-lp-task')).toHaveLength(1);
    expect(lineText(view, 1)).toBe('- [ ] open');
  });

  it('clicking a box changes exactly its character, as one undoable step', async () => {
    const doc = `- [ ] open\n- [x] done${ELSEWHERE}`;
    const view = await editor(doc);
    const [first] = queryAll(view, 'input.cm-lp-task') as HTMLInputElement[];
    first!.click();
    expect(view.state.doc.toString()).toBe(doc.replace('- [ ] open', '- [x] open'));
    expect((queryAll(view, 'input.cm-lp-task') as HTMLInputElement[]).map((box) => box.checked)).toEqual([
      true,
      true,
    ]);
    // The cursor did not move (the line would show raw).
    expect(view.state.selection.main.head).toBe(doc.length);
    (queryAll(view, 'input.cm-lp-task')[1] as HTMLInputElement).click();
    expect(view.state.doc.toString()).toBe(
      doc.replace('- [ ] open', '- [x] open').replace('- [x] done', '- [ ] done'),
    );
    undo(view);
    expect(view.state.doc.toString()).toBe(doc.replace('- [ ] open', '- [x] open'));
    undo(view);
    expect(view.state.doc.toString()).toBe(doc);
    redo(view);
    expect(view.state.doc.toString()).toBe(doc.replace('- [ ] open', '- [x] open'));
  });

  it('a read-only note shows disabled boxes that change nothing', async () => {
    const doc = `- [ ] open${ELSEWHERE}`;
    const view = await editor(doc, { readOnly: true, cursor: 0 });
    const box = query(view, 'input.cm-lp-task') as HTMLInputElement;
    expect(box.disabled).toBe(true);
    box.click();
    expect(view.state.doc.toString()).toBe(doc);
  });
});

describe('live preview: blocks', () => {
  it('blockquotes get a bar and lose their > markers line by line', async () => {
    const view = await editor(`> quoted\n> more${ELSEWHERE}`);
    expect(lineElement(view, 1).classList).toContain('cm-lp-blockquote');
    expect(lineText(view, 1)).toBe('quoted');
    expect(lineText(view, 2)).toBe('more');
    cursorAt(view, 0);
    expect(lineText(view, 1)).toBe('> quoted');
    expect(lineText(view, 2)).toBe('more');
  });

  it('callouts are a titled box of their type; the whole block is raw while the cursor is in it', async () => {
    const doc = `> [!warning] Mind the gap\n> Body text${ELSEWHERE}`;
    const view = await editor(doc);
    const title = lineElement(view, 1);
    expect(title.classList).toContain('cm-lp-callout-warning');
    expect(title.getAttribute('data-callout')).toBe('warning');
    expect(title.querySelector('.cm-lp-callout-head svg')).not.toBeNull();
    expect(lineText(view, 1)).toBe('Mind the gap');
    expect(lineText(view, 2)).toBe('Body text');
    cursorAt(view, doc.indexOf('Body'));
    expect(lineText(view, 1)).toBe('> [!warning] Mind the gap');
    expect(query(view, '.cm-lp-callout')).toBeNull();
  });

  it('a callout without a title is titled by its type; aliases share a colour', async () => {
    const view = await editor(`> [!caution]\n> careful${ELSEWHERE}`);
    expect(lineElement(view, 1).classList).toContain('cm-lp-callout-warning');
    expect(lineText(view, 1)).toBe('Caution');
  });

  it('a [!note]- callout starts folded and its chevron unfolds it', async () => {
    const view = await editor(`> [!tip]- Hidden\n> secret body${ELSEWHERE}`);
    expect(view.contentDOM.textContent).not.toContain('secret body');
    const chevron = query(view, '.cm-lp-callout-fold') as HTMLElement;
    expect(chevron.getAttribute('aria-expanded')).toBe('false');
    chevron.click();
    expect(view.contentDOM.textContent).toContain('secret body');
    expect(query(view, '.cm-lp-callout-fold')?.getAttribute('aria-expanded')).toBe('true');
    // Folding is a view, never an edit.
    expect(view.state.doc.toString()).toContain('[!tip]-');
  });

  it('a horizontal rule is a line', async () => {
    const view = await editor(`above\n\n---\n\nbelow${ELSEWHERE}`);
    expect(query(view, '.cm-lp-hr')).not.toBeNull();
    expect(lineText(view, 3)).toBe('');
    cursorAt(view, 7);
    expect(query(view, '.cm-lp-hr')).toBeNull();
    expect(lineText(view, 3)).toBe('---');
  });

  it('fenced code hides its fences, shows its language, and is raw while the cursor is in it', async () => {
    const doc = `\`\`\`js\nlet a = 1;\n\`\`\`${ELSEWHERE}`;
    const view = await editor(doc, { extra: codeBlockLines });
    expect(lineText(view, 1)).toBe('js');
    expect(query(view, '.cm-lp-code-language')?.textContent).toBe('js');
    expect(lineText(view, 3)).toBe('');
    expect(lineElement(view, 2).classList).toContain('cm-codeblock');
    cursorAt(view, doc.indexOf('let'));
    expect(lineText(view, 1)).toBe('```js');
    expect(lineText(view, 3)).toBe('```');
  });

  it('tables are a table widget while the cursor is outside them', async () => {
    const doc = `| Name | **Qty** |\n|:--|--:|\n| apple | 3 |\n|  | 5 |${ELSEWHERE}`;
    const view = await editor(doc);
    const table = query(view, '.cm-lp-table table');
    expect(table).not.toBeNull();
    expect([...table!.querySelectorAll('th')].map((th) => th.innerHTML)).toEqual([
      'Name',
      '<strong>Qty</strong>',
    ]);
    const rows = [...table!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['apple', '3'],
      ['', '5'],
    ]);
    expect((table!.querySelector('td:nth-child(2)') as HTMLElement).style.textAlign).toBe('right');
    cursorAt(view, doc.indexOf('apple'));
    expect(query(view, '.cm-lp-table')).toBeNull();
    expect(lineText(view, 3)).toBe('| apple | 3 |');
  });

  it('a click in a table cell puts the cursor in that cell, revealing the source', async () => {
    const doc = `| a | b |\n|---|---|\n| one | two |${ELSEWHERE}`;
    const view = await editor(doc);
    const cell = [...view.contentDOM.querySelectorAll('.cm-lp-table td')][1] as HTMLElement;
    cell.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
    expect(view.state.selection.main.head).toBe(doc.indexOf('two') + 3);
    expect(query(view, '.cm-lp-table')).toBeNull();
  });
});

describe('live preview: embeds', () => {
  const pixel: ResolvedAttachment = {
    id: 'att-1',
    path: 'assets/pixel.png',
    hash: 'a'.repeat(64),
    size: 68,
    mediaType: 'image/png',
    local: true,
  };

  function source(known: Record<string, ResolvedAttachment | null>): AttachmentSource {
    return {
      resolve: vi.fn((targets: readonly string[]) =>
        Promise.resolve(new Map(targets.map((target) => [target, known[target] ?? null]))),
      ),
      watch: () => () => undefined,
      src: (hash) => `/attachments/${hash}`,
    };
  }

  it('wiki and Markdown image embeds become images; a missing file says so', async () => {
    const attachments = source({ 'pixel.png': pixel, 'assets/pixel.png': pixel });
    const view = await editor(`![[pixel.png|300]]\n\n![alt](assets/pixel.png)\n\n![[gone.png]]${ELSEWHERE}`, {
      attachments,
    });
    await tick();
    const images = queryAll(view, '.cm-lp-embed img') as HTMLImageElement[];
    expect(images.map((image) => image.getAttribute('src'))).toEqual([
      `/attachments/${pixel.hash}`,
      `/attachments/${pixel.hash}`,
    ]);
    expect(images[0]?.getAttribute('width')).toBe('300');
    expect(images[1]?.getAttribute('alt')).toBe('alt');
    expect(query(view, '.cm-lp-embed .is-missing')?.textContent).toBe('gone.png is not in this vault');
    expect(lineText(view, 1)).not.toContain('![[');
    expect(attachments.resolve).toHaveBeenCalledTimes(1);
  });

  it('on the cursor line the syntax shows, with the image still under it', async () => {
    const attachments = source({ 'pixel.png': pixel });
    const view = await editor(`![[pixel.png]]${ELSEWHERE}`, { attachments, cursor: 0 });
    await tick();
    expect(lineText(view, 1)).toBe('![[pixel.png]]');
    expect(query(view, '.cm-lp-embed img')).not.toBeNull();
  });
});

describe('live preview: when the source shows', () => {
  it('a selection across lines reveals every line it touches', async () => {
    const view = await editor(`# One\n# Two\n# Three${ELSEWHERE}`);
    view.dispatch({ selection: EditorSelection.range(2, 9) });
    expect([lineText(view, 1), lineText(view, 2), lineText(view, 3)]).toEqual(['# One', '# Two', 'Three']);
  });

  it('a read-only note (the trash) renders fully, even on the cursor line', async () => {
    const view = await editor(`# Title${ELSEWHERE}`, { readOnly: true, cursor: 0 });
    expect(lineText(view, 1)).toBe('Title');
  });

  it('an editor without focus renders fully; focus reveals the cursor line', async () => {
    const view = await editor(`# Title${ELSEWHERE}`, { cursor: 0 });
    expect(lineText(view, 1)).toBe('# Title');
    view.contentDOM.blur();
    await vi.waitFor(() => expect(lineText(view, 1)).toBe('Title'));
  });

  it('frontmatter on the cursor stays as written (its fence is no setext heading)', async () => {
    const view = await editor(`---\ntags: [a]\n---\n# Title${ELSEWHERE}`, { cursor: 0 });
    expect(lineText(view, 1)).toBe('---');
    expect(lineText(view, 4)).toBe('Title');
  });
});

describe('editor mode', () => {
  it('switching between live and source keeps the text, the selection and the undo history', async () => {
    const mode = createEditorMode(() => ({}));
    const view = new EditorView({
      parent: document.body.appendChild(document.createElement('div')),
      state: EditorState.create({
        doc: `# Title${ELSEWHERE}`,
        selection: EditorSelection.cursor(`# Title${ELSEWHERE}`.length),
        extensions: [history(), markdownSupport(), mode.of('live')],
      }),
    });
    views.push(view);
    view.focus();
    await vi.waitFor(() => expect(view.state.field(editorFocus)).toBe(true));
    view.dispatch({ changes: { from: view.state.doc.length, insert: '!' }, userEvent: 'input.type' });
    expect(lineText(view, 1)).toBe('Title');
    const selection = view.state.selection;

    mode.set(view, 'source');
    expect(mode.current(view.state)).toBe('source');
    expect(lineText(view, 1)).toBe('# Title');
    expect(view.state.selection.eq(selection)).toBe(true);

    mode.set(view, 'live');
    expect(lineText(view, 1)).toBe('Title');
    undo(view);
    expect(view.state.doc.toString()).toBe(`# Title${ELSEWHERE}`);
  });
});

describe('editor lines in both modes', () => {
  function fullEditor(doc: string) {
    const view = new EditorView({
      parent: document.body.appendChild(document.createElement('div')),
      state: EditorState.create({
        doc,
        extensions: editorExtensions({
          readOnly: new Compartment(),
          isReadOnly: false,
          onDocChanged: () => undefined,
        }),
      }),
    });
    views.push(view);
    ensureSyntaxTree(view.state, doc.length, 5_000);
    view.dispatch({});
    return view;
  }

  it('every line of a code block, tagged or not, carries the monospace no-wrap class', () => {
    const view = fullEditor('text\n\n```python\nx = 1\n```\n\n```\nplain\n```\n\n    indented\n');
    const classed = (n: number) => lineElement(view, n).classList.contains('cm-codeblock');
    expect([1, 3, 4, 5, 7, 8, 9, 11].map(classed)).toEqual([false, true, true, true, true, true, true, true]);
    expect(lineElement(view, 3).classList).toContain('cm-codeblock-begin');
    expect(lineElement(view, 5).classList).toContain('cm-codeblock-end');
  });

  it('every line finds its own direction (dir=auto), so RTL lines read right to left', () => {
    const view = fullEditor('English\nשלום עולם\nمرحبا');
    expect([1, 2, 3].map((n) => lineElement(view, n).getAttribute('dir'))).toEqual(['auto', 'auto', 'auto']);
    expect(view.state.facet(EditorView.perLineTextDirection)).toBe(true);
  });

  it('the direction plugin works alone as well', () => {
    const view = new EditorView({
      parent: document.body.appendChild(document.createElement('div')),
      state: EditorState.create({ doc: 'a\nb', extensions: lineTextDirection }),
    });
    views.push(view);
    expect(lineElement(view, 2).getAttribute('dir')).toBe('auto');
  });
});

describe('live preview: block widgets follow edits incrementally', () => {
  const NOTE = [
    '| a | b |',
    '|---|---|',
    '| 1 | 2 |',
    '',
    'prose between',
    '> [!note]- Folded',
    '> body',
    '',
    '| c | d |',
    '|:-|-:|',
    '| 3 | 4 |',
    'after the table',
    '',
    'end',
  ].join('\n');

  function blockState(doc: string, selection: EditorSelection): EditorState {
    const state = EditorState.create({
      doc,
      selection,
      extensions: [markdownSupport(), blockPreviewExtension],
    });
    ensureSyntaxTree(state, doc.length, 5_000);
    return state.update({ effects: focusEffect.of(true) }).state;
  }

  function blocks(state: EditorState): string[] {
    const out: string[] = [];
    const cursor = state.field(blockPreviews).decorations.iter();
    for (; cursor.value; cursor.next()) {
      const { widget } = cursor.value.spec as { widget?: TableWidget };
      out.push(`${cursor.from}-${cursor.to}:${widget ? JSON.stringify(widget.model) : 'fold'}`);
    }
    return out;
  }

  it('typing prose and moving the cursor give what a full build gives', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('type' as const),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        text: fc.constantFrom('a', 'xy', ' ', 'word '),
      }),
      fc.record({ kind: fc.constant('move' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        let state = blockState(NOTE, EditorSelection.single(NOTE.length));
        for (const step of ops) {
          const pos = Math.floor(step.at * state.doc.length);
          if (step.kind === 'move') state = state.update({ selection: EditorSelection.cursor(pos) }).state;
          else if (step.kind === 'type')
            state = state.update({
              changes: { from: pos, insert: step.text },
              selection: EditorSelection.cursor(pos + step.text.length),
            }).state;
          else if (pos < state.doc.length)
            state = state.update({ changes: { from: pos, to: pos + 1 } }).state;
          // The parser finishes in the background, as in a view (the next transaction brings its tree).
          ensureSyntaxTree(state, state.doc.length, 5_000);
          state = state.update({}).state;
          // A full build on the very same syntax tree: a focus change redoes every block.
          const rebuilt = state.update({ effects: focusEffect.of(false) }).state.update({
            effects: focusEffect.of(true),
          }).state;
          expect(blocks(state)).toEqual(blocks(rebuilt));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('live preview: frontmatter', () => {
  const FRONT = '---\ntitle: Plan # why\ntags: [a]\n---\n';
  const yamlLines = (view: EditorView) =>
    queryAll(view, '.cm-line').filter((line) => /^(---|title:|tags:)/.test(line.textContent ?? ''));

  it('hides well-formed YAML off the cursor (the Properties panel shows it) and shows it on it', async () => {
    const view = await editor(`${FRONT}# Body${ELSEWHERE}`);
    expect(yamlLines(view)).toHaveLength(0);
    cursorAt(view, 5);
    expect(yamlLines(view).map((line) => line.textContent)).toEqual([
      '---',
      'title: Plan # why',
      'tags: [a]',
      '---',
    ]);
  });

  it('never hides YAML that does not parse', async () => {
    const view = await editor(`---\ntags: [a, b\n---\n# Body${ELSEWHERE}`);
    expect(yamlLines(view).length).toBeGreaterThan(0);
  });

  it('typing in the body keeps it hidden; breaking the YAML shows it; the text is never changed', async () => {
    const doc = `${FRONT}# Body${ELSEWHERE}`;
    const view = await editor(doc);
    view.dispatch({ changes: { from: view.state.doc.length, insert: ' more' } });
    expect(yamlLines(view)).toHaveLength(0);
    view.dispatch({
      changes: { from: FRONT.indexOf('[a]') + 2, insert: ', b' },
      selection: EditorSelection.cursor(view.state.doc.length),
    });
    expect(yamlLines(view)).toHaveLength(0);
    view.dispatch({ changes: { from: FRONT.indexOf(']'), to: FRONT.indexOf(']') + 4 } });
    cursorAt(view, view.state.doc.length);
    expect(yamlLines(view).length).toBeGreaterThan(0);
    expect(view.state.sliceDoc()).toContain('title: Plan # why');
  });

  it('a CRLF note hides exactly its block', async () => {
    const doc = '---\r\ntitle: x\r\n---\r\nbody line\r\n\r\nelsewhere';
    const view = await editor(doc, {
      extra: EditorState.lineSeparator.of('\r\n'),
      // The editor counts a line break as one position.
      cursor: doc.replaceAll('\r\n', '\n').length,
    });
    expect(yamlLines(view)).toHaveLength(0);
    expect(queryAll(view, '.cm-line').some((line) => line.textContent === 'body line')).toBe(true);
  });
});
