import type { RendererObject, TokenizerAndRendererExtension, Tokens } from 'marked';
import {
  attachmentLinkHtml,
  embedHtml,
  parseEmbedSize,
  type AttachmentLookup,
  type EmbedRequest,
} from '../preview-embeds/embed-html';

/**
 * Attachment embeds in marked: Obsidian's `![[image.png|300]]` as an extension, and Markdown's
 * `![alt](relative/path.png)` through the image renderer. External images (`https:`, `data:`)
 * are left to marked and the sanitiser, as before.
 */

export interface EmbedOptions {
  lookup: AttachmentLookup;
  src: (hash: string) => string;
}

/** `![[target#heading|alt|300x200]]`; the target stops where Obsidian's does. */
const WIKI_EMBED = /^!\[\[([^\][|#^\n]+)(?:[#^][^\]|\n]*)?((?:\|[^\]|\n]*)*)\]\]/;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** `[[report.pdf|label]]`: a link, not an embed, to a file (a note's `[[Note]]` is not matched). */
const WIKI_FILE_LINK = /^\[\[([^\][|#^\n]+)(?:[#^][^\]|\n]*)?(?:\|([^\]\n]*))?\]\]/;

interface AttachmentLinkToken extends Tokens.Generic {
  type: 'attachmentLink';
  raw: string;
  target: string;
  label: string;
}

interface EmbedToken extends Tokens.Generic {
  type: 'attachmentEmbed';
  raw: string;
  request: EmbedRequest;
}

/** A wikilink target names a file when it has an extension other than `.md`; else it is a note. */
function namesFile(target: string): boolean {
  return /\.[^./]+$/.test(target) && !/\.md$/i.test(target);
}

/** The target a Markdown image names in the vault, or null when it is not an attachment link. */
export function markdownImageTarget(href: string): string | null {
  if (EXTERNAL.test(href) || href.startsWith('#')) return null;
  const target = href.replace(/[?#].*$/, '');
  return target === '' || /\.md$/i.test(target) ? null : target;
}

/** `alt|300`, `|300x200` or `alt`: Obsidian lets a size follow the alt text in both syntaxes. */
function altAndSize(parts: string[]): Pick<EmbedRequest, 'alt' | 'width' | 'height'> {
  const last = parts.at(-1);
  const size = last === undefined ? null : parseEmbedSize(last);
  const altParts = size ? parts.slice(0, -1) : parts;
  const alt = altParts.join('|').trim();
  return { ...(alt === '' ? {} : { alt }), ...size };
}

function tokenizeEmbed(src: string): EmbedToken | undefined {
  const match = WIKI_EMBED.exec(src);
  const target = match?.[1]?.trim();
  // `![[Note]]` is left to the wikilink extension: it stays a link to the note.
  if (!match || !target || !namesFile(target)) return undefined;
  const parts = (match[2] ?? '').split('|').slice(1);
  return { type: 'attachmentEmbed', raw: match[0], request: { target, ...altAndSize(parts) } };
}

export function attachmentEmbedExtension(options: EmbedOptions): TokenizerAndRendererExtension {
  return {
    name: 'attachmentEmbed',
    level: 'inline',
    start: (src) => {
      const index = src.indexOf('![[');
      return index === -1 ? undefined : index;
    },
    tokenizer: tokenizeEmbed,
    renderer(token) {
      const { request } = token as EmbedToken;
      return embedHtml(request, options.lookup(request.target), options.src);
    },
  };
}

/** `[[report.pdf]]` and `[[report.pdf|label]]`: a link that opens the file. */
export function attachmentLinkExtension(options: EmbedOptions): TokenizerAndRendererExtension {
  return {
    name: 'attachmentLink',
    level: 'inline',
    start: (src) => {
      const index = src.indexOf('[[');
      return index === -1 ? undefined : index;
    },
    tokenizer(src): AttachmentLinkToken | undefined {
      const match = WIKI_FILE_LINK.exec(src);
      const target = match?.[1]?.trim();
      if (!match || !target || !namesFile(target)) return undefined;
      const label = match[2]?.trim() || target;
      return { type: 'attachmentLink', raw: match[0], target, label };
    },
    renderer(token) {
      const { target, label } = token as AttachmentLinkToken;
      return attachmentLinkHtml({ target, label }, options.lookup(target), options.src);
    },
  };
}

/** The vault file a Markdown link names (`[x](docs/a%20b.pdf)`), or null for notes and the web. */
export function markdownFileLinkTarget(href: string): string | null {
  const target = markdownImageTarget(href);
  if (target === null) return null;
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // Not valid percent-encoding: the name is as written.
  }
  return namesFile(decoded) ? target : null;
}

export function attachmentImageRenderer(options: EmbedOptions): RendererObject {
  return {
    link({ href, text }) {
      const target = markdownFileLinkTarget(href);
      if (target === null) return false;
      return attachmentLinkHtml({ target, label: text }, options.lookup(target), options.src);
    },
    image({ href, title, text }) {
      const target = markdownImageTarget(href);
      if (target === null) return false;
      const request: EmbedRequest = { target, ...altAndSize(text.split('|')) };
      if (title) request.title = title;
      return embedHtml(request, options.lookup(target), options.src);
    },
  };
}

/** The attachment targets a token list embeds, as the renderers above will look them up. */
export function collectEmbedTarget(token: { type: string }, into: Set<string>): void {
  if (token.type === 'attachmentEmbed') into.add((token as EmbedToken).request.target);
  if (token.type === 'attachmentLink') into.add((token as AttachmentLinkToken).target);
  if (token.type === 'link') {
    const target = markdownFileLinkTarget((token as Tokens.Link).href);
    if (target !== null) into.add(target);
  }
  if (token.type === 'image') {
    const target = markdownImageTarget((token as Tokens.Image).href);
    if (target !== null) into.add(target);
  }
}
