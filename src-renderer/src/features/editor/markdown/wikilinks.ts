import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { WIKILINK_PATTERN } from '../../../../../src-shared/markdown/wikilinks';

/** The shared link syntax, anchored: marked hands the tokenizer text that must start with a link. */
const WIKILINK = new RegExp(`^(?:${WIKILINK_PATTERN.source})`);

/** Known id for a title, `null` when no note has it, `undefined` while it is still being looked up. */
export type WikilinkResolver = (title: string) => string | null | undefined;

interface WikilinkToken extends Tokens.Generic {
  type: 'wikilink';
  raw: string;
  target: string;
  label: string;
  heading: string | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A marked extension that renders wikilinks as `<a class="wikilink" data-wikilink="Title">`, with
 * `data-note-id` when the target is known and `is-unresolved` when it is known not to exist.
 */
export function wikilinkExtension(resolve: WikilinkResolver): TokenizerAndRendererExtension {
  return {
    name: 'wikilink',
    level: 'inline',
    start: (src) => {
      const index = src.indexOf('[[');
      return index === -1 ? undefined : index;
    },
    tokenizer(src): WikilinkToken | undefined {
      const match = WIKILINK.exec(src);
      if (!match?.[1]) return undefined;
      const target = match[1].trim();
      if (target === '') return undefined;
      const heading = match[2]?.trim();
      const label = match[3]?.trim() || (heading ? `${target} › ${heading}` : target);
      return { type: 'wikilink', raw: match[0], target, label, heading: heading || null };
    },
    renderer(token) {
      const { target, label, heading } = token as WikilinkToken;
      const id = resolve(target);
      const classes = id === null ? 'wikilink is-unresolved' : 'wikilink';
      const idAttr = id ? ` data-note-id="${escapeHtml(id)}"` : '';
      const title =
        id === null ? ` title="${escapeHtml(`No note titled “${target}” yet. Click to create it.`)}"` : '';
      const headingAttr = heading ? ` data-heading="${escapeHtml(heading)}"` : '';
      return `<a href="#" class="${classes}" data-wikilink="${escapeHtml(target)}"${idAttr}${headingAttr}${title}>${escapeHtml(label)}</a>`;
    },
  };
}
