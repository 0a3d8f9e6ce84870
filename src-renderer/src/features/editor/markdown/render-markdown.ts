import { Marked } from 'marked';
import { splitFrontmatter, type Frontmatter } from './frontmatter';
import { sanitizeHtml } from './sanitize';
import { wikilinkExtension, type WikilinkResolver } from './wikilinks';

export interface RenderedMarkdown {
  /** Sanitised HTML of the body, safe to put into the page. */
  html: string;
  frontmatter: Frontmatter;
}

/**
 * Note text → what the preview shows. Pure apart from DOMPurify needing a DOM. The resolver is
 * called synchronously, so titles are looked up (async) outside, and a re-render shows them.
 */
export function renderMarkdown(source: string, resolve: WikilinkResolver): RenderedMarkdown {
  const { frontmatter, content } = splitFrontmatter(source);
  // A fresh instance per render: the extension closes over this render's resolver.
  const marked = new Marked(
    { gfm: true, breaks: false, async: false },
    { extensions: [wikilinkExtension(resolve)] },
  );
  const html = sanitizeHtml(marked.parse(content, { async: false }));
  return { html, frontmatter };
}
