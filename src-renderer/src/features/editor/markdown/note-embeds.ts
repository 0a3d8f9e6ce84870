import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import type { LinkEmbed, LinkEmbedResult } from '../../../../../src-shared/api/links-api';
import { embedKey, type EmbedRequestTarget } from '../../../../../src-shared/markdown/links/link-sections';
import { parseLinks, wikiLinkAt } from '../../../../../src-shared/markdown/links/link-syntax';
import { escapeHtml, linkLabel, noteLinkHtml, type WikilinkResolver } from './wikilinks';

/**
 * Obsidian's note embeds in the preview: `![[Note]]`, `![[Note#Heading]]`, `![[Note#^block]]`
 * and `![text](Note.md)` show that note, section or block inside a frame whose header opens it.
 * What each embed holds comes from one `links.embeds` call per render (nested ones included);
 * the body is rendered by the caller's `renderBody`, so it is Markdown like the rest.
 */

export interface NoteEmbedOptions {
  /**
   * The host's answer for an embed; `undefined` while it is being asked for (at the top) or
   * when it was not resolved because it is nested too deep.
   */
  lookup(target: EmbedRequestTarget): LinkEmbedResult | undefined;
  /** `undefined` means "loading" at the top level and "too deep" inside another embed. */
  nested: boolean;
  /** The embedded part's Markdown as HTML, rendered in the embedded note's context. */
  renderBody(embed: LinkEmbed): string;
}

interface NoteEmbedToken extends Tokens.Generic {
  type: 'noteEmbed' | 'noteEmbedBlock';
  raw: string;
  request: EmbedRequestTarget;
}

/** A wikilink target names a file when it has an extension other than `.md`. */
function namesFile(target: string): boolean {
  return /\.[^./]+$/.test(target) && !/\.md$/i.test(target);
}

function tokenize(src: string, at: number): { request: EmbedRequestTarget; to: number } | null {
  const link = wikiLinkAt(src, at);
  if (!link?.embedded || namesFile(link.target)) return null;
  return { request: { target: link.target, heading: link.heading, blockId: link.blockId }, to: link.to };
}

function problemText(embed: LinkEmbed, request: EmbedRequestTarget): string | null {
  switch (embed.problem) {
    case 'cycle':
      return 'This note is already embedded above.';
    case 'missing-heading':
      return `No heading “${request.heading ?? ''}” in ${embed.title}.`;
    case 'missing-block':
      return `No block “^${request.blockId ?? ''}” in ${embed.title}.`;
    case null:
      return null;
  }
}

/** One embed as HTML: header, then body, a reason it is not shown, or a placeholder. */
export function noteEmbedHtml(request: EmbedRequestTarget, options: NoteEmbedOptions): string {
  const result = options.lookup(request);
  const written = request.target === '' ? 'this note' : request.target;
  const label = linkLabel(request.target, request.heading, request.blockId);
  if (result === undefined) {
    // Nested past the depth the host resolves: a link to it, as a glance would give.
    if (options.nested) {
      return `<div class="note-embed is-pending"><div class="note-embed-header">${noteLinkHtml({ target: request.target, label, heading: request.heading, id: undefined })}</div></div>`;
    }
    return `<div class="note-embed is-pending" aria-busy="true"><div class="note-embed-header"><span class="note-embed-title">${escapeHtml(label || written)}</span></div><div class="note-embed-body"><p>Loading…</p></div></div>`;
  }
  if (result === null) {
    return `<div class="note-embed is-missing"><div class="note-embed-header"><span class="note-embed-title">${escapeHtml(label)}</span></div><div class="note-embed-body"><p>${escapeHtml(`No note named “${written}”.`)}</p></div></div>`;
  }
  const heading = request.heading;
  const title =
    heading !== null
      ? `${result.title} › ${heading}`
      : request.blockId !== null
        ? `${result.title} › ^${request.blockId}`
        : result.title;
  const target = request.target === '' ? result.title : request.target;
  const link = noteLinkHtml({ target, label: title, heading, id: result.id, className: 'note-embed-title' });
  const header = `<div class="note-embed-header">${link}</div>`;
  const problem = problemText(result, request);
  if (problem !== null || result.markdown === null) {
    const classes = result.problem === 'cycle' ? 'note-embed is-cycle' : 'note-embed is-missing';
    return `<div class="${classes}">${header}<div class="note-embed-body"><p>${escapeHtml(problem ?? '')}</p></div></div>`;
  }
  const more = result.truncated ? '<p class="note-embed-more">…</p>' : '';
  const group = `role="group" aria-label="${escapeHtml(`Embedded: ${title}`)}"`;
  return `<div class="note-embed" ${group}>${header}<div class="note-embed-body">${options.renderBody(result)}${more}</div></div>`;
}

/** `![[Note]]` alone on its line: a block of its own (not inside a paragraph). */
export function noteEmbedBlockExtension(options: NoteEmbedOptions): TokenizerAndRendererExtension {
  return {
    name: 'noteEmbedBlock',
    level: 'block',
    start: (src) => {
      const match = /(?:^|\n) {0,3}!\[\[/.exec(src);
      return match ? match.index + (match[0].startsWith('\n') ? 1 : 0) : undefined;
    },
    tokenizer(src): NoteEmbedToken | undefined {
      const indent = /^ {0,3}/.exec(src)![0].length;
      const found = tokenize(src, indent);
      if (!found) return undefined;
      const rest = /^[ \t]*(?:\r?\n|$)/.exec(src.slice(found.to));
      if (!rest) return undefined;
      return { type: 'noteEmbedBlock', raw: src.slice(0, found.to + rest[0].length), request: found.request };
    },
    renderer: (token) => noteEmbedHtml((token as NoteEmbedToken).request, options),
  };
}

/** `![[Note]]` inside a line of text. */
export function noteEmbedInlineExtension(options: NoteEmbedOptions): TokenizerAndRendererExtension {
  return {
    name: 'noteEmbed',
    level: 'inline',
    start: (src) => {
      const index = src.indexOf('![[');
      return index === -1 ? undefined : index;
    },
    tokenizer(src): NoteEmbedToken | undefined {
      const found = tokenize(src, 0);
      if (!found) return undefined;
      return { type: 'noteEmbed', raw: src.slice(0, found.to), request: found.request };
    },
    renderer: (token) => noteEmbedHtml((token as NoteEmbedToken).request, options),
  };
}

/** A lookup over one answer's nested embeds (by `embedKey`). */
export function nestedLookup(embeds: Record<string, LinkEmbedResult>): NoteEmbedOptions['lookup'] {
  return (target) => {
    const key = embedKey(target);
    return Object.hasOwn(embeds, key) ? embeds[key] : undefined;
  };
}

/** A Markdown link's destination as `parseLinks` reads it; null when it does not name a note. */
function noteTarget(href: string, text: string) {
  const [link] = parseLinks(`[${text.replace(/[[\]\n]/g, ' ')}](<${href.replace(/[<>\n]/g, '')}>)`);
  return link?.kind === 'markdown' ? link : null;
}

/** `[text](Note.md)` as a link to the note, and `![text](Note.md)` as its embed. */
export function noteMarkdownLinkRenderer(resolve: WikilinkResolver, options: NoteEmbedOptions | null) {
  return {
    link({ href, text }: { href: string; text: string }): string | false {
      const link = noteTarget(safeDecode(href), text);
      if (!link) return false;
      const target = link.target.replace(/\.md$/i, '');
      return noteLinkHtml({
        target,
        label: text,
        heading: link.heading,
        id: resolve(link.target, 'markdown'),
      });
    },
    image({ href }: { href: string }): string | false {
      const link = options ? noteTarget(safeDecode(href), '') : null;
      if (!link || !options) return false;
      return noteEmbedHtml({ target: link.target, heading: link.heading, blockId: link.blockId }, options);
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
