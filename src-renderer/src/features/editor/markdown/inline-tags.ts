import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { canPrecedeTag, readTagAt } from '../../../../../src-shared/markdown/inline-tags';

interface TagToken extends Tokens.Generic {
  type: 'inlineTag';
  raw: string;
  tag: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Where the next `#` that may begin a tag is in `src` (the same rule as the host's scanner). */
function nextTagStart(src: string): number | undefined {
  for (let at = src.indexOf('#'); at !== -1; at = src.indexOf('#', at + 1)) {
    if (canPrecedeTag(at === 0 ? undefined : src[at - 1]) && readTagAt(src, at)) return at;
  }
  return undefined;
}

/**
 * Inline `#tags` (src-shared/markdown/inline-tags.ts) as chips: `<a class="tag-chip"
 * data-tag="…">`; the preview turns a click on one into a list filter. marked keeps code, URLs,
 * escapes and HTML to its own tokenizers, so only prose reaches this one.
 */
export function inlineTagExtension(): TokenizerAndRendererExtension {
  return {
    name: 'inlineTag',
    level: 'inline',
    start: nextTagStart,
    tokenizer(src): TagToken | undefined {
      // A link's text is already a link: a chip inside it would be a link in a link.
      if (this.lexer.state.inLink) return undefined;
      const found = readTagAt(src, 0);
      if (!found) return undefined;
      return { type: 'inlineTag', raw: src.slice(0, found.end), tag: found.tag };
    },
    renderer(token) {
      const { tag, raw } = token as TagToken;
      const label = escapeHtml(raw);
      return `<a href="#" class="tag-chip" data-tag="${escapeHtml(tag)}" title="Show the notes tagged ${label}">${label}</a>`;
    },
  };
}
