// @vitest-environment jsdom
// jsdom, as for the other preview tests: the sanitiser needs a DOM that behaves like Chromium's.
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { Preview } from '../../src-renderer/src/features/editor/Preview';
import { createFakeHost, makeNote } from './support/fake-host';

const connected = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };
afterEach(cleanup);

const note = (id: string, title: string, body: string, folder = ''): Note => ({
  ...makeNote(id, body, title),
  folder,
});

function renderPreview(text: string, vault: Note[], options: { folder?: string; noteId?: string } = {}) {
  const host = createFakeHost(vault);
  const onOpenLink = vi.fn();
  const view = render(
    <ServicesContext value={createServices(host.api, connected)}>
      <Preview text={text} folder={options.folder ?? ''} noteId={options.noteId} onOpenLink={onOpenLink} />
    </ServicesContext>,
  );
  return { host, onOpenLink, preview: view.getByTestId('preview') };
}

const embeds = (root: HTMLElement) => [
  ...root.querySelectorAll<HTMLElement>('.markdown > .note-embed, .markdown > p > .note-embed'),
];

describe('note embeds in the preview', () => {
  const PART = note(
    'part',
    'Part',
    '---\ntags: [x]\n---\n# One\nfirst\n# Two\nsecond **bold**\n\nA famous line ^quote\n',
  );

  it('shows a note, a section and a block, each under a header that opens it, in one call', async () => {
    const source = note('src', 'Source', '');
    const { host, preview, onOpenLink } = renderPreview(
      '![[Part]]\n\n![[Part#Two]]\n\n![[Part#^quote]]\n',
      [source, PART],
      { noteId: 'src' },
    );
    await waitFor(() => expect(preview.querySelector('.note-embed:not(.is-pending)')).not.toBeNull());
    expect(host.links.embeds).toHaveBeenCalledTimes(1);
    const [whole, section, block] = embeds(preview);
    expect(whole?.querySelector('.note-embed-title')?.textContent).toBe('Part');
    expect(whole?.querySelector('.note-embed-body h1')?.textContent).toBe('One');
    // The frontmatter is not part of what a whole-note embed shows.
    expect(whole?.textContent).not.toContain('tags');
    expect(section?.querySelector('.note-embed-title')?.textContent).toBe('Part › Two');
    expect(section?.querySelector('.note-embed-body strong')?.textContent).toBe('bold');
    expect(section?.textContent).not.toContain('first');
    expect(block?.querySelector('.note-embed-title')?.textContent).toBe('Part › ^quote');
    expect(block?.querySelector('.note-embed-body')?.textContent?.trim()).toBe('A famous line');
    expect(whole?.getAttribute('role')).toBe('group');

    fireEvent.click(section!.querySelector('.note-embed-title')!);
    expect(onOpenLink).toHaveBeenCalledWith('Part', 'part', 'Two');
  });

  it('says what is missing: the note, the heading, the block', async () => {
    const { preview } = renderPreview('![[Nobody]]\n\n![[Part#Nope]]\n\n![[Part#^gone]]\n', [PART]);
    await waitFor(() => expect(preview.querySelectorAll('.note-embed.is-missing')).toHaveLength(3));
    const texts = embeds(preview).map((e) => e.querySelector('.note-embed-body')?.textContent?.trim());
    expect(texts).toEqual([
      'No note named “Nobody”.',
      'No heading “Nope” in Part.',
      'No block “^gone” in Part.',
    ]);
  });

  it('embeds nested notes and stops a cycle', async () => {
    const a = note('a', 'A', 'a text\n\n![[B]]\n');
    const b = note('b', 'B', 'b text\n\n![[A]]\n');
    const { preview } = renderPreview('![[A]]\n', [note('s', 'S', ''), a, b], { noteId: 's' });
    await waitFor(() => expect(preview.querySelector('.note-embed.is-cycle')).not.toBeNull());
    const outer = embeds(preview)[0]!;
    const inner = outer.querySelector('.note-embed-body .note-embed')!;
    expect(inner.querySelector('.note-embed-title')?.textContent).toBe('B');
    const cycle = inner.querySelector('.note-embed.is-cycle')!;
    expect(cycle.textContent).toContain('This note is already embedded above.');
    expect(cycle.querySelector('.note-embed-title')?.getAttribute('data-note-id')).toBe('a');
  });

  it('resolves links and embeds from the note’s folder, as Obsidian does', async () => {
    const vault = [
      note('root', 'Plan', 'root plan'),
      note('work', 'Plan', 'work plan', 'work'),
      note('spec', 'Spec', 'the spec', 'work/deep'),
    ];
    const { preview, host } = renderPreview('[[Plan]] [x](../Plan.md) [[Spec]]\n\n![[deep/Spec]]\n', vault, {
      folder: 'work/deep',
    });
    await waitFor(() => expect(preview.querySelector('a.wikilink[data-note-id]')).not.toBeNull());
    const ids = [...preview.querySelectorAll('p a.wikilink')].map((a) => a.getAttribute('data-note-id'));
    // A bare name is the exact vault path; the Markdown link is relative to work/deep.
    expect(ids).toEqual(['root', 'work', 'spec']);
    expect(host.links.resolveMany).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(preview.querySelector('.note-embed-body')?.textContent).toContain('the spec'));
  });

  it('asks again when a note changes, and shows the new text', async () => {
    const { preview, host } = renderPreview('![[Part#Two]]\n', [PART]);
    await waitFor(() => expect(preview.querySelector('.note-embed-body')?.textContent).toContain('second'));
    host.notes.set('part', { ...PART, body: '# Two\nchanged\n' });
    act(() => host.emitChange(['part']));
    await waitFor(() => expect(preview.querySelector('.note-embed-body')?.textContent).toContain('changed'));
  });

  it('keeps embedded content sanitised', async () => {
    const evil = note(
      'e',
      'Evil',
      '<img src=x onerror="alert(1)"><script>bad()</script>[x](javascript:alert(1))',
    );
    const { preview } = renderPreview('![[Evil]]\n', [evil]);
    await waitFor(() => expect(preview.querySelector('.note-embed:not(.is-pending)')).not.toBeNull());
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.querySelector('[onerror]')).toBeNull();
    expect(preview.querySelector('a[href^="javascript"]')).toBeNull();
  });
});

describe('attachments inside embeds', () => {
  it('resolve from the embedded note’s own folder', async () => {
    const media = note('m', 'Gallery', 'Look: ![[pic.png]]', 'media');
    const host = createFakeHost([media]);
    host.vault.state.attachments.set('pic.png', {
      id: 'att',
      path: 'media/pic.png',
      hash: 'a'.repeat(64),
      mediaType: 'image/png',
      size: 10,
      local: true,
    });
    const view = render(
      <ServicesContext value={createServices(host.api, connected)}>
        <Preview text={'![[Gallery]]\n'} folder="" onOpenLink={() => undefined} />
      </ServicesContext>,
    );
    const preview = view.getByTestId('preview');
    await waitFor(() => expect(preview.querySelector('.note-embed-body img')).not.toBeNull());
    expect(host.vault.resolve).toHaveBeenCalledWith({ fromFolder: 'media', targets: ['pic.png'] });
    expect(preview.querySelector('.note-embed-body img')?.getAttribute('src')).toContain('a'.repeat(64));
  });
});

describe('block ids in the preview', () => {
  it('are hidden, as in Obsidian’s reading view, but the text around them stays', async () => {
    const { preview } = renderPreview(
      'A line ^abc\n\nA caret ^ in text, x^2 too.\n\n| a |\n| - |\n\n^tbl\n',
      [],
    );
    await waitFor(() => expect(preview.querySelector('.markdown p')).not.toBeNull());
    const text = preview.querySelector('.markdown')?.textContent ?? '';
    expect(text).toContain('A line');
    expect(text).not.toContain('^abc');
    expect(text).not.toContain('^tbl');
    expect(text).toContain('A caret ^ in text, x^2 too.');
  });
});
