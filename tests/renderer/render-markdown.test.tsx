// @vitest-environment jsdom
// Not happy-dom: DOMPurify reads nodeName through Node.prototype and relies on a live NodeIterator,
// and happy-dom 21 implements neither like a browser, so there the sanitiser silently keeps
// everything. jsdom behaves like Chromium here, which is what the test has to prove.
import { act, cleanup, fireEvent, render as renderReact } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { Preview } from '../../src-renderer/src/features/editor/Preview';
import { renderMarkdown } from '../../src-renderer/src/features/editor/markdown/render-markdown';
import { splitFrontmatter } from '../../src-renderer/src/features/editor/markdown/frontmatter';
import { loadFenceLanguages } from '../../src-renderer/src/features/editor/markdown/code-highlight';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';

const unresolved = () => null;

function render(source: string, resolve: (title: string) => string | null | undefined = unresolved) {
  const result = renderMarkdown(source, resolve);
  const container = document.createElement('div');
  container.innerHTML = result.html;
  return { ...result, container };
}

describe('preview sanitiser', () => {
  it('drops script elements and their content', () => {
    const { html, container } = render('Hello\n\n<script>window.pwned = true</script>\n\nafter');
    expect(container.querySelector('script')).toBeNull();
    expect(html).not.toContain('pwned');
    expect(container.textContent).toContain('after');
  });

  it('strips event handler attributes', () => {
    const { container } = render(
      '<img src="x.png" onerror="alert(1)"> <a href="https://a.example" onclick="alert(2)">a</a>',
    );
    const img = container.querySelector('img');
    expect(img).not.toBeNull();
    expect(img?.hasAttribute('onerror')).toBe(false);
    expect(container.querySelector('a')?.hasAttribute('onclick')).toBe(false);
    expect(container.innerHTML).not.toMatch(/on(error|click)/i);
  });

  it('removes javascript: URLs from Markdown and HTML links', () => {
    const { container } = render(
      '[md](javascript:alert(1))\n\n<a href="javascript:alert(2)">html</a>\n\n<a href=" JaVaScRiPt:alert(3)">spaced</a>',
    );
    for (const a of container.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    }
    expect(container.innerHTML).not.toMatch(/javascript:/i);
  });

  it('removes iframes, forms, embedded objects and styles', () => {
    const { container } = render(
      [
        '<iframe src="https://evil.example"></iframe>',
        '<form action="https://evil.example"><input type="text" name="q"><button>Go</button></form>',
        '<object data="x.swf"></object><embed src="x.swf">',
        '<style>body { display: none }</style>',
        '<p style="position:fixed;inset:0" class="toast">overlay</p>',
      ].join('\n\n'),
    );
    for (const selector of ['iframe', 'form', 'input', 'button', 'object', 'embed', 'style']) {
      expect(container.querySelector(selector), selector).toBeNull();
    }
    const p = container.querySelector('p');
    expect(p?.hasAttribute('style')).toBe(false);
    expect(p?.hasAttribute('class')).toBe(false);
    expect(container.textContent).toContain('overlay');
  });

  it('opens external links in a new context without an opener', () => {
    const { container } = render('[site](https://example.com) and [here](#top)');
    const [external, anchor] = [...container.querySelectorAll('a')];
    expect(external?.getAttribute('target')).toBe('_blank');
    expect(external?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(anchor?.hasAttribute('target')).toBe(false);
  });

  it('does not let a note dress an outside link up as a wikilink', () => {
    const { container } = render(
      '<a href="https://evil.example" data-wikilink="Home" data-note-id="n1">Home</a>',
    );
    const link = container.querySelector('a');
    expect(link?.hasAttribute('data-wikilink')).toBe(false);
    expect(link?.hasAttribute('data-note-id')).toBe(false);
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('keeps GFM tables, task lists (as disabled checkboxes) and code languages', () => {
    const { container } = render(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n```ts\nconst a = 1;\n```',
    );
    expect(container.querySelectorAll('td')).toHaveLength(2);
    const boxes = container.querySelectorAll('input');
    expect(boxes).toHaveLength(2);
    for (const box of boxes) {
      expect(box.getAttribute('type')).toBe('checkbox');
      expect(box.hasAttribute('disabled')).toBe(true);
    }
    expect(container.querySelector('code')?.className).toBe('language-ts');
  });
});

describe('highlights', () => {
  it('==text== is a <mark> with inline Markdown inside; lone or tripled = signs are text', () => {
    const { container } = render('==a **b**== and 1 == 2, `==code==`, ===x===, == spaced ==');
    expect([...container.querySelectorAll('mark')].map((el) => el.innerHTML)).toEqual([
      'a <strong>b</strong>',
    ]);
    expect(container.querySelector('code')?.textContent).toBe('==code==');
  });
});

describe('wikilinks', () => {
  it('renders resolved and unresolved targets as internal links', () => {
    const ids: Record<string, string> = { 'data model': 'n1' };
    const { container } = render(
      'See [[Data Model]] and [[Missing Note|the missing one]].',
      (title) => ids[title.toLowerCase()] ?? null,
    );
    const [resolved, missing] = [...container.querySelectorAll('a.wikilink')];
    expect(container.querySelectorAll('a.wikilink')).toHaveLength(2);
    expect(resolved?.getAttribute('data-wikilink')).toBe('Data Model');
    expect(resolved?.getAttribute('data-note-id')).toBe('n1');
    expect(resolved?.classList.contains('is-unresolved')).toBe(false);
    expect(resolved?.hasAttribute('target')).toBe(false);
    expect(missing?.textContent).toBe('the missing one');
    expect(missing?.classList.contains('is-unresolved')).toBe(true);
    expect(missing?.hasAttribute('data-note-id')).toBe(false);
  });

  it('leaves links still being resolved neutral, and ignores code', () => {
    const { container } = render('[[Pending]] `[[in code]]`', () => undefined);
    expect(container.querySelectorAll('a.wikilink')).toHaveLength(1);
    const link = container.querySelector('a.wikilink');
    expect(link?.classList.contains('is-unresolved')).toBe(false);
    expect(container.querySelector('code')?.textContent).toBe('[[in code]]');
  });

  it('escapes hostile titles', () => {
    const { container } = render('[[x"><img src=y onerror=alert(1)>]]');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelectorAll('[onerror]')).toHaveLength(0);
    expect(container.querySelector('a.wikilink')?.getAttribute('data-wikilink')).toBe(
      'x"><img src=y onerror=alert(1)>',
    );
  });
});

describe('frontmatter', () => {
  it('becomes properties and is removed from the body', () => {
    const { frontmatter, container } = render(
      '---\ntags: [architecture, system]\nstatus: current\ncount: 3\n---\n\n# Title',
    );
    expect(frontmatter).toEqual({
      kind: 'properties',
      properties: [
        { key: 'tags', value: ['architecture', 'system'] },
        { key: 'status', value: 'current' },
        { key: 'count', value: '3' },
      ],
    });
    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.textContent).not.toContain('status');
  });

  it('reports invalid YAML gently and still renders the body', () => {
    const { frontmatter, container } = render('---\ntags: [unclosed\n---\nBody text');
    expect(frontmatter.kind).toBe('invalid');
    if (frontmatter.kind === 'invalid') {
      expect(frontmatter.message).not.toContain('\n');
      expect(frontmatter.message.length).toBeGreaterThan(0);
    }
    expect(container.textContent).toContain('Body text');
  });

  it('rejects a frontmatter that is not key/value pairs', () => {
    expect(splitFrontmatter('---\n- a\n- b\n---\nx').frontmatter.kind).toBe('invalid');
  });

  it('leaves a body without frontmatter untouched: a later --- is a rule', () => {
    expect(splitFrontmatter('Hello\n---\nworld')).toEqual({
      frontmatter: { kind: 'none' },
      content: 'Hello\n---\nworld',
    });
  });
});

describe('Preview wikilinks', () => {
  afterEach(cleanup);

  const connected = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };

  async function renderPreview(host: FakeHost, text: string) {
    const onOpenLink = vi.fn<(title: string, id: string | null, heading?: string | null) => void>();
    const services = createServices(host.api, connected);
    const preview = (source: string) => (
      <ServicesContext value={services}>
        <Preview text={source} onOpenLink={onOpenLink} />
      </ServicesContext>
    );
    const view = renderReact(preview(text));
    // Past the preview's debounce, and the host's answer.
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    const link = (title: string) =>
      view.container.querySelector<HTMLAnchorElement>(`a[data-wikilink="${title}"]`)!;
    return { onOpenLink, link, rerender: (next: string) => view.rerender(preview(next)) };
  }

  it('resolves every link of the note with one links.resolveMany call from its folder, and follows or offers to create them', async () => {
    const host = createFakeHost([makeNote('dm', '', 'Data Model')]);
    const { onOpenLink, link } = await renderPreview(
      host,
      'See [[Data Model]], [[data model|the model]] and [[Deployment Guide#Steps]].\n\n- [[Deployment Guide]]',
    );

    expect(host.links.resolveMany).toHaveBeenCalledTimes(1);
    expect(host.links.resolveMany).toHaveBeenCalledWith({
      sourceFolder: '',
      targets: [
        { target: 'Data Model', kind: 'wikilink' },
        { target: 'data model', kind: 'wikilink' },
        { target: 'Deployment Guide', kind: 'wikilink' },
      ],
    });
    expect(link('Data Model').getAttribute('data-note-id')).toBe('dm');
    expect(link('data model').getAttribute('data-note-id')).toBe('dm');
    expect(link('Deployment Guide').classList.contains('is-unresolved')).toBe(true);
    expect(link('Deployment Guide').title).toMatch(/Click to create it/);

    fireEvent.click(link('Data Model'));
    expect(onOpenLink).toHaveBeenLastCalledWith('Data Model', 'dm', null);
    // The first of them is [[Deployment Guide#Steps]]: the heading goes along, to scroll to.
    fireEvent.click(link('Deployment Guide'));
    expect(onOpenLink).toHaveBeenLastCalledWith('Deployment Guide', null, 'Steps');
  });

  it('resolves a link as soon as its note is created, the text unchanged', async () => {
    const host = createFakeHost();
    const { link } = await renderPreview(host, 'Depends on [[Data Model]].');
    expect(link('Data Model').classList.contains('is-unresolved')).toBe(true);

    const created = await act(() => host.api.notes.create.mutate({ title: 'Data Model' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(link('Data Model').classList.contains('is-unresolved')).toBe(false);
    expect(link('Data Model').getAttribute('data-note-id')).toBe(created.id);
  });

  it('does not ask again while typing leaves the links alone', async () => {
    const host = createFakeHost([makeNote('dm', '', 'Data Model')]);
    const { rerender } = await renderPreview(host, 'See [[Data Model]].');
    rerender('See [[Data Model]]. More words.');
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(host.links.resolveMany).toHaveBeenCalledTimes(1);
  });
});

describe('task boxes, code and direction', () => {
  const renderLive = (source: string) => {
    const result = renderMarkdown(source, unresolved, undefined, { interactiveTasks: true });
    const container = document.createElement('div');
    container.innerHTML = result.html;
    return { ...result, container };
  };

  it('enables task boxes with the offset of each one’s [ ], identical lines included', () => {
    const source = '---\ntitle: x\n---\n# Tasks\n\n- [ ] same\n- [x] same\n  - [ ] same\n\n> - [ ] quoted\n';
    const { container, taskOffsets } = renderLive(source);
    const boxes = [...container.querySelectorAll('input[type="checkbox"]')];
    expect(boxes).toHaveLength(4);
    const offsets = boxes.map((box) => Number(box.getAttribute('data-task')));
    for (const [i, box] of boxes.entries()) {
      expect(box.hasAttribute('disabled')).toBe(false);
      expect(source.slice(offsets[i], offsets[i]! + 3)).toBe(i === 1 ? '[x]' : '[ ]');
    }
    expect(new Set(offsets).size).toBe(4);
    expect([...taskOffsets].sort((a, b) => a - b)).toEqual([...offsets].sort((a, b) => a - b));
    expect((boxes[1] as HTMLInputElement).checked).toBe(true);
  });

  it('counts a CRLF line break as one character, as the editor does', () => {
    const source = 'a\r\n\r\n- [ ] one\r\n- [ ] two\r\n';
    const { container } = renderLive(source);
    const offsets = [...container.querySelectorAll('input')].map((box) =>
      Number(box.getAttribute('data-task')),
    );
    const lf = source.replace(/\r\n/g, '\n');
    expect(offsets.map((offset) => lf.slice(offset, offset + 3))).toEqual(['[ ]', '[ ]']);
    expect(offsets[1]! - offsets[0]!).toBe('- [ ] one\n'.length);
  });

  it('keeps boxes disabled when read-only, in code, or written as raw HTML', () => {
    const readOnly = render('- [ ] todo');
    expect(readOnly.container.querySelector('input')?.hasAttribute('disabled')).toBe(true);
    expect(readOnly.container.querySelector('input')?.hasAttribute('data-task')).toBe(false);
    const raw = renderLive('<input type="checkbox" data-task="abc">\n\n```\n- [ ] not a task\n```');
    const inputs = raw.container.querySelectorAll('input');
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.hasAttribute('disabled')).toBe(true);
    expect(inputs[0]?.hasAttribute('data-task')).toBe(false);
  });

  it('highlights fenced code once its language is loaded, and the classes survive sanitising', async () => {
    const source = '```ts\nconst answer: number = 42; // yes\n```';
    const before = render(source).container;
    expect(before.querySelector('pre.code-block span')).toBeNull();
    expect(await loadFenceLanguages(['ts'])).toBe(true);
    const { container } = render(source);
    const pre = container.querySelector('pre.code-block');
    expect(pre?.getAttribute('data-language')).toBe('ts');
    expect(container.querySelector('code')?.className).toBe('language-ts');
    expect(container.querySelector('.tok-keyword')?.textContent).toBe('const');
    expect(container.querySelector('.tok-number')?.textContent).toBe('42');
    expect(container.querySelector('.tok-comment')?.textContent).toBe('// yes');
    expect(pre?.textContent).toBe('const answer: number = 42; // yes\n');
  });

  it('does not let a note borrow other app classes while keeping token ones', () => {
    const { container } = render('<span class="tok-keyword toast popover">x</span>');
    expect(container.querySelector('span')?.className).toBe('tok-keyword');
  });

  it('lets each text block take its own direction and marks top-level blocks with their line', () => {
    const { container } = render('---\na: 1\n---\n# כותרת\n\nשלום עולם\n\n- item\n\n> quote');
    for (const selector of ['h1', 'p', 'li', 'blockquote']) {
      expect(container.querySelector(selector)?.getAttribute('dir')).toBe('auto');
    }
    const lines = [...container.querySelectorAll('[data-line]')].map(
      (element) => `${element.tagName}:${element.getAttribute('data-line')}`,
    );
    expect(lines).toEqual(['H1:4', 'P:6', 'UL:8', 'BLOCKQUOTE:10']);
  });
});
