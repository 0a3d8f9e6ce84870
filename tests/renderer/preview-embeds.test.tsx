// @vitest-environment jsdom
// jsdom, not happy-dom: the sanitiser needs a DOM that behaves like Chromium's (see
// render-markdown.test.tsx), and jsdom runs inline event handlers, which the SVG test relies on.
import { act, cleanup, render as renderReact, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import type { ResolvedAttachment } from '../../src-renderer/src/api/quire-api';
import { Preview } from '../../src-renderer/src/features/editor/Preview';
import {
  embeddedAttachmentTargets,
  renderMarkdown,
} from '../../src-renderer/src/features/editor/markdown/render-markdown';
import { formatSize } from '../../src-renderer/src/features/editor/preview-embeds/embed-html';
import { attachmentSrc } from '../../src-renderer/src/features/editor/preview-embeds/attachment-src';
import { mediaTypeOf } from '../../src-shared/attachments/media-types';
import { createFakeHost, type FakeHost } from './support/fake-host';

const hashOf = (n: number): string => n.toString(16).padStart(64, '0');
let nextId = 0;
function attachment(path: string, patch: Partial<ResolvedAttachment> = {}): ResolvedAttachment {
  nextId += 1;
  return {
    id: `a${nextId}`,
    path,
    hash: hashOf(nextId),
    mediaType: mediaTypeOf(path),
    size: 2048,
    local: true,
    ...patch,
  };
}
const urlOf = (a: ResolvedAttachment): string => `/attachments/${a.hash}`;

/** Renders with a fixed table of target → attachment, as the preview does once they are resolved. */
function render(source: string, table: Record<string, ResolvedAttachment | null>) {
  const lookup = vi.fn((target: string) => table[target]);
  const { html } = renderMarkdown(source, () => null, { lookup, src: (hash) => `/attachments/${hash}` });
  const container = document.createElement('div');
  container.innerHTML = html;
  return { container, lookup, html };
}

describe('attachment embeds in the preview', () => {
  it('renders images from wikilink embeds, with a width or a width and height', () => {
    const image = attachment('assets/image.png');
    const { container } = render('![[image.png]]\n\n![[image.png|300]]\n\n![[image.png|alt text|300x200]]', {
      'image.png': image,
    });
    const [plain, wide, sized] = [...container.querySelectorAll('img')];
    expect(plain?.getAttribute('src')).toBe(urlOf(image));
    expect(plain?.getAttribute('alt')).toBe('image.png');
    expect(plain?.hasAttribute('width')).toBe(false);
    expect(wide?.getAttribute('width')).toBe('300');
    expect(wide?.hasAttribute('height')).toBe(false);
    expect(sized?.getAttribute('width')).toBe('300');
    expect(sized?.getAttribute('height')).toBe('200');
    expect(sized?.getAttribute('alt')).toBe('alt text');
  });

  it('renders Markdown images by relative, URL-encoded and <bracketed> paths', () => {
    const a = attachment('notes/relative/path.png');
    const b = attachment('path with spaces.png');
    const { container, lookup } = render(
      '![one](relative/path.png) ![two](path%20with%20spaces.png) ![three](<path with spaces.png> "A title")',
      { 'relative/path.png': a, 'path%20with%20spaces.png': b, 'path with spaces.png': b },
    );
    const images = [...container.querySelectorAll('img')];
    expect(images.map((img) => img.getAttribute('src'))).toEqual([urlOf(a), urlOf(b), urlOf(b)]);
    expect(images.map((img) => img.getAttribute('alt'))).toEqual(['one', 'two', 'three']);
    expect(images[2]?.getAttribute('title')).toBe('A title');
    expect(lookup.mock.calls.map(([target]) => target)).toEqual([
      'relative/path.png',
      'path%20with%20spaces.png',
      'path with spaces.png',
    ]);
  });

  it('links to files: [[a.pdf]], [[a.pdf|label]] and [label](path/a.pdf) open the attachment; notes and the web stay links', () => {
    const pdf = attachment('docs/report.pdf', { mediaType: 'application/pdf' });
    const { container, lookup } = render(
      '[[report.pdf]] [[report.pdf|the report]] [read it](docs/report%2Epdf) [[Some Note]] [[Other.md]] [site](https://example.com/a.pdf) [[gone.zip]] [[later.csv]]',
      {
        'report.pdf': pdf,
        'docs/report%2Epdf': pdf,
        'gone.zip': null,
        'later.csv': attachment('later.csv', { local: false }),
      },
    );
    const opened = [...container.querySelectorAll('a.attachment-link')];
    expect(opened.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['report.pdf', urlOf(pdf)],
      ['the report', urlOf(pdf)],
      ['read it', urlOf(pdf)],
    ]);
    expect(opened[0]?.getAttribute('title')).toBe('Open report.pdf');
    // Notes stay wikilinks, the web stays the web.
    expect([...container.querySelectorAll('a.wikilink')].map((a) => a.textContent)).toEqual([
      'Some Note',
      'Other.md',
    ]);
    expect(container.querySelector('a[href="https://example.com/a.pdf"]')?.textContent).toBe('site');
    const missing = container.querySelector('span.attachment-link.is-missing');
    expect(missing?.textContent).toBe('gone.zip');
    expect(missing?.getAttribute('title')).toBe('gone.zip is not in this vault');
    expect(container.querySelector('span.attachment-link.is-downloading')?.getAttribute('title')).toBe(
      'Downloading later.csv…',
    );
    // The same targets are in the batch the preview resolves before rendering.
    expect(
      new Set(
        embeddedAttachmentTargets(
          '[[report.pdf]] [x](docs/report%2Epdf) [[Some Note]] [w](https://e.com/a.pdf)',
        ),
      ),
    ).toEqual(new Set(['report.pdf', 'docs/report%2Epdf']));
    expect(lookup).not.toHaveBeenCalledWith('Some Note');
  });

  it('leaves external images to the sanitiser as before, and keeps ![[Note]] a link', () => {
    const { container, lookup } = render('![remote](https://example.com/a.png) ![[Some Note]]', {});
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
    expect(container.querySelector('a.wikilink')?.getAttribute('data-wikilink')).toBe('Some Note');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('plays audio and video with controls', () => {
    const names = ['a.mp3', 'b.m4a', 'c.wav', 'd.ogg', 'e.mp4', 'f.webm', 'g.mov'];
    const table = Object.fromEntries(names.map((name) => [name, attachment(name)]));
    const { container } = render(names.map((name) => `![[${name}]]`).join('\n\n'), table);
    const audio = [...container.querySelectorAll('audio')];
    const video = [...container.querySelectorAll('video')];
    expect(audio.map((el) => el.getAttribute('src'))).toEqual(names.slice(0, 4).map((n) => urlOf(table[n]!)));
    expect(video.map((el) => el.getAttribute('src'))).toEqual(names.slice(4).map((n) => urlOf(table[n]!)));
    for (const player of [...audio, ...video]) {
      expect(player.hasAttribute('controls')).toBe(true);
      expect(player.getAttribute('preload')).toBe('metadata');
    }
  });

  it('shows a PDF and any other file as a card that opens it', () => {
    const pdf = attachment('docs/report.pdf', { size: 1_234_567 });
    const zip = attachment('backup.zip', { size: 512 });
    const { container } = render('![[report.pdf]]\n\n![[backup.zip]]', {
      'report.pdf': pdf,
      'backup.zip': zip,
    });
    const [pdfCard, zipCard] = [...container.querySelectorAll('a.attachment-card')];
    expect(pdfCard?.textContent).toBe('report.pdf · 1.2 MB · Open');
    expect(pdfCard?.getAttribute('href')).toBe(urlOf(pdf));
    expect(pdfCard?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(zipCard?.textContent).toBe('backup.zip · 512 B · Open');
    // No frame or plugin: the renderer's CSP admits none.
    expect(container.querySelector('iframe, embed, object')).toBeNull();
    expect([formatSize(999), formatSize(1000), formatSize(45_600), formatSize(3_000_000_000)]).toEqual([
      '999 B',
      '1.0 KB',
      '46 KB',
      '3.0 GB',
    ]);
  });

  it('says when a file is not in the vault, and while its bytes are downloading', () => {
    const { container } = render('![[image.png]] ![a](sub/b%20c.png) ![[clip.mp4]]', {
      'image.png': null,
      'sub/b%20c.png': null,
      'clip.mp4': attachment('clip.mp4', { local: false }),
    });
    const texts = [...container.querySelectorAll('.attachment-embed')].map((el) => el.textContent);
    expect(texts).toEqual([
      'image.png is not in this vault',
      'sub/b c.png is not in this vault',
      'Downloading clip.mp4…',
    ]);
    expect(container.querySelector('img, video')).toBeNull();
  });

  it('finds the targets of one render as the renderers will look them up (a file link too), and only those', () => {
    expect(
      embeddedAttachmentTargets(
        [
          '---\ncover: x.png\n---',
          '![[a.png|300]] ![[a.png]] ![[Note]] ![[Note.md]] [[link.pdf]]',
          '![b](<b c.png>) ![d](d%20e.png?v=2) ![e](https://example.com/e.png) ![f](data:image/png;base64,AA)',
          '`![[in code.png]]`',
          '| ![g](g.png) |\n|---|',
        ].join('\n\n'),
      ),
    ).toEqual(['a.png', 'link.pdf', 'b c.png', 'd%20e.png', 'g.png']);
  });
});

describe('attachment URLs', () => {
  it("are the web host's own path in a browser tab and the shell's scheme inside Electron", () => {
    const hash = 'ab'.padEnd(64, '0');
    expect(attachmentSrc(hash)).toBe(`/attachments/${hash}`);
    // What the preload exposes; only its presence matters here.
    window.quireIpc = {
      invoke: () => Promise.reject(new Error('not used')),
      send: () => undefined,
      onMessage: () => () => undefined,
    };
    try {
      expect(attachmentSrc(hash)).toBe(`quire-attachment://${hash}/`);
    } finally {
      delete window.quireIpc;
    }
  });
});

describe('the sanitiser on media', () => {
  const HASH = 'ab'.padEnd(64, '0');

  it('refuses javascript: and on* attributes on images, players and cards', () => {
    const { container } = render(
      [
        `<img src="javascript:alert(1)" onerror="alert(2)" onload="alert(3)">`,
        `<video src="javascript:alert(4)" onloadstart="alert(5)" poster="https://evil.example/p.png" autoplay loop></video>`,
        `<audio src="https://evil.example/track.mp3" autoplay onplay="alert(6)"></audio>`,
        `<video><source src="javascript:alert(7)" onerror="alert(8)"></video>`,
        `<a href="quire-attachment://${HASH}/" onclick="alert(9)">card</a>`,
      ].join('\n\n'),
      {},
    );
    expect(container.innerHTML).not.toMatch(/javascript:|alert|\son[a-z]+=/i);
    expect(container.querySelector('img')?.hasAttribute('src')).toBe(false);
    for (const player of container.querySelectorAll('audio, video')) {
      expect(player.hasAttribute('src')).toBe(false);
      expect(player.hasAttribute('controls')).toBe(true);
      for (const attr of ['autoplay', 'loop', 'poster']) expect(player.hasAttribute(attr)).toBe(false);
    }
    expect(container.querySelector('source')?.hasAttribute('src')).toBe(false);
    expect(container.querySelector('a')?.getAttribute('href')).toBe(`quire-attachment://${HASH}/`);
  });

  it('lets exactly the attachment URLs through: both schemes, nothing appended', () => {
    const { container } = render(
      [
        `<img src="quire-attachment://${HASH}/">`,
        `<video src="/attachments/${HASH}" controls width="300" height="abc" preload="auto"></video>`,
        `<img src="quire-attachment://${HASH}/../../etc/passwd">`,
        `<audio src="/attachments/${HASH}?x=1"></audio>`,
        `<img src="quire-attachment://${HASH.toUpperCase()}/">`,
      ].join('\n\n'),
      {},
    );
    const [good, traversal, upper] = [...container.querySelectorAll('img')];
    expect(good?.getAttribute('src')).toBe(`quire-attachment://${HASH}/`);
    expect(traversal?.hasAttribute('src')).toBe(false);
    expect(upper?.hasAttribute('src')).toBe(false);
    const video = container.querySelector('video');
    expect(video?.getAttribute('src')).toBe(`/attachments/${HASH}`);
    expect(video?.getAttribute('width')).toBe('300');
    expect(video?.hasAttribute('height')).toBe(false);
    expect(video?.hasAttribute('preload')).toBe(false);
    expect(container.querySelector('audio')?.hasAttribute('src')).toBe(false);
  });
});

describe('Preview with attachments', () => {
  afterEach(() => {
    cleanup();
    document.title = '';
  });

  const connected = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };

  function renderPreview(text: string, folder = '', setup: (host: FakeHost) => void = () => undefined) {
    const host = createFakeHost();
    setup(host);
    const services = createServices(host.api, connected);
    const view = renderReact(
      <ServicesContext value={services}>
        <Preview text={text} folder={folder} onOpenLink={() => undefined} />
      </ServicesContext>,
    );
    return { host, view, preview: view.getByTestId('preview') };
  }

  it('resolves every embed of the note in one call from its folder, and shows them', async () => {
    const image = attachment('projects/img/diagram.png');
    const { host, preview } = renderPreview(
      '![[img/diagram.png|300]] and ![[gone.png]] and ![d](img/diagram.png)',
      'projects',
      (fake) => fake.vault.state.attachments.set('img/diagram.png', image),
    );
    await waitFor(() => expect(preview.querySelectorAll('img')).toHaveLength(2));
    expect(host.vault.resolve).toHaveBeenCalledTimes(1);
    expect(host.vault.resolve).toHaveBeenCalledWith({
      fromFolder: 'projects',
      targets: ['img/diagram.png', 'gone.png'],
    });
    expect(preview.querySelector('img')?.getAttribute('width')).toBe('300');
    expect(preview.querySelector('img')?.getAttribute('src')).toBe(urlOf(image));
    expect(preview.textContent).toContain('gone.png is not in this vault');
  });

  it('shows "Downloading…" until attachments.changes names the file, then the image', async () => {
    const { host, preview } = renderPreview('![[photo.jpg]]');
    const photo = attachment('photo.jpg', { local: false });
    host.vault.state.attachments.set('photo.jpg', photo);
    await act(() => Promise.resolve());
    // The first answer may have come before the record was set: a change says it exists now.
    act(() => host.vault.emitAttachments([photo.id]));
    await waitFor(() => expect(preview.textContent).toContain('Downloading photo.jpg…'));
    expect(preview.querySelector('img')).toBeNull();

    // A change of some other attachment does not ask again.
    const calls = host.vault.resolve.mock.calls.length;
    act(() => host.vault.emitAttachments(['someone-else']));
    expect(host.vault.resolve).toHaveBeenCalledTimes(calls);

    host.vault.state.attachments.set('photo.jpg', { ...photo, local: true });
    act(() => host.vault.emitAttachments([photo.id]));
    await waitFor(() => expect(preview.querySelector('img')?.getAttribute('src')).toBe(urlOf(photo)));
    expect(preview.textContent).not.toContain('Downloading');
  });

  it('shows a missing file as soon as it is added to the vault', async () => {
    const { host, preview } = renderPreview('![[later.png]]');
    await waitFor(() => expect(preview.textContent).toContain('later.png is not in this vault'));
    const later = attachment('later.png');
    host.vault.state.attachments.set('later.png', later);
    act(() => host.vault.emitAttachments([later.id]));
    await waitFor(() => expect(preview.querySelector('img')?.getAttribute('src')).toBe(urlOf(later)));
  });

  it('never runs an SVG’s script: it is an <img>, and inline SVG, scripts and handlers are gone', async () => {
    // A positive control: in this DOM an inline handler that survives does run when its event
    // fires (handlers see the document, not the test's window, so the payloads write its title).
    const control = document.createElement('div');
    control.innerHTML = '<img onload="document.title = \'control\'">';
    control.querySelector('img')!.dispatchEvent(new Event('load'));
    expect(document.title).toBe('control');
    document.title = '';

    const { host, preview } = renderPreview(
      [
        '![[drawing.svg]]',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="document.title = \'pwned 1\'"><script>document.title = \'pwned 2\'</script></svg>',
        '<img src="x.png" onerror="document.title = \'pwned 3\'" onload="document.title = \'pwned 4\'">',
        '<object data="drawing.svg" type="image/svg+xml"></object><embed src="drawing.svg"><iframe src="drawing.svg"></iframe>',
      ].join('\n\n'),
    );
    const svg = attachment('drawing.svg');
    host.vault.state.attachments.set('drawing.svg', svg);
    act(() => host.vault.emitAttachments([svg.id]));
    await waitFor(() => expect(preview.querySelector(`img[src="${urlOf(svg)}"]`)).not.toBeNull());

    for (const element of preview.querySelectorAll('*'))
      for (const type of ['load', 'error', 'loadstart', 'click']) element.dispatchEvent(new Event(type));
    expect(document.title).toBe('');
    expect(preview.querySelector('svg, script, object, embed, iframe')).toBeNull();
    expect(preview.innerHTML).not.toMatch(/\son[a-z]+=/i);
  });
});
