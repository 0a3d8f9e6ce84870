import { Marked } from 'marked';
import { splitFrontmatter, type Frontmatter } from './frontmatter';
import { sanitizeHtml } from './sanitize';
import { wikilinkExtension, type WikilinkResolver } from './wikilinks';
import {
  attachmentEmbedExtension,
  attachmentImageRenderer,
  attachmentLinkExtension,
  collectEmbedTarget,
  type EmbedOptions,
} from './embeds';

export interface RenderedMarkdown {
  /** Sanitised HTML of the body, safe to put into the page. */
  html: string;
  frontmatter: Frontmatter;
}

/** Before the attachments are looked up every embed is pending; the preview passes real ones. */
const PENDING_EMBEDS: EmbedOptions = { lookup: () => undefined, src: () => '' };

function createMarked(resolve: WikilinkResolver, embeds: EmbedOptions): Marked {
  // A fresh instance per render: the extensions close over this render's resolvers.
  return new Marked(
    { gfm: true, breaks: false, async: false },
    // marked tries the extensions registered last first: embeds take `![[a.png]]`, file links
    // `[[a.pdf]]`, and whatever they pass on (`![[Note]]`, `[[Note]]`) is a wikilink.
    {
      extensions: [
        wikilinkExtension(resolve),
        attachmentLinkExtension(embeds),
        attachmentEmbedExtension(embeds),
      ],
    },
    { renderer: attachmentImageRenderer(embeds) },
  );
}

/**
 * Note text → what the preview shows. Pure apart from DOMPurify needing a DOM. The resolvers are
 * called synchronously, so titles and attachments are looked up (async) outside, and a re-render
 * shows them.
 */
export function renderMarkdown(
  source: string,
  resolve: WikilinkResolver,
  embeds: EmbedOptions = PENDING_EMBEDS,
): RenderedMarkdown {
  const { frontmatter, content } = splitFrontmatter(source);
  const html = sanitizeHtml(createMarked(resolve, embeds).parse(content, { async: false }));
  return { html, frontmatter };
}

/**
 * The attachment targets the body embeds, exactly as the render will look them up (same
 * tokenizer, so code spans and escapes count the same), for one batched `attachments.resolve`.
 */
export function embeddedAttachmentTargets(source: string): string[] {
  const { content } = splitFrontmatter(source);
  const marked = createMarked(() => undefined, PENDING_EMBEDS);
  const targets = new Set<string>();
  void marked.walkTokens(marked.lexer(content), (token) => collectEmbedTarget(token, targets));
  return [...targets];
}
