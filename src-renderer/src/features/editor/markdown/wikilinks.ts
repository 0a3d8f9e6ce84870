import type { TokenizerAndRendererExtension, Tokens } from 'marked';
import { wikiLinkAt, type LinkKind } from '../../../../../src-shared/markdown/links/link-syntax';

/**
 * Known id for a link target (as written, from the note being rendered), `null` when no note has
 * it, `undefined` while it is still being looked up.
 */
export type WikilinkResolver = (target: string, kind: LinkKind) => string | null | undefined;

interface WikilinkToken extends Tokens.Generic {
  type: 'wikilink';
  raw: string;
  target: string;
  label: string;
  heading: string | null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a link shows when it has no text of its own: `Note`, `Note › Heading`, `Note › ^id`. */
export function linkLabel(target: string, heading: string | null, blockId: string | null): string {
  const sub = blockId !== null ? `^${blockId}` : heading;
  if (sub === null) return target;
  return target === '' ? sub : `${target} › ${sub}`;
}

/**
 * A link to a note as preview HTML: `<a class="wikilink" data-wikilink="Title">`, with
 * `data-note-id` when the target is known and `is-unresolved` when it is known not to exist.
 */
export function noteLinkHtml(link: {
  target: string;
  label: string;
  heading: string | null;
  id: string | null | undefined;
  /** Another of the preview's classes, for links that are part of something else (an embed's header). */
  className?: string;
}): string {
  const { target, label, heading, id } = link;
  const classes = [
    'wikilink',
    ...(id === null ? ['is-unresolved'] : []),
    ...(link.className ? [link.className] : []),
  ].join(' ');
  const idAttr = id ? ` data-note-id="${escapeHtml(id)}"` : '';
  const title =
    id === null ? ` title="${escapeHtml(`No note named “${target}” yet. Click to create it.`)}"` : '';
  const headingAttr = heading ? ` data-heading="${escapeHtml(heading)}"` : '';
  return `<a href="#" class="${classes}" data-wikilink="${escapeHtml(target)}"${idAttr}${headingAttr}${title}>${escapeHtml(label)}</a>`;
}

/** A marked extension for `[[Note]]`, `[[Note|shown]]`, `[[Note#Heading]]`, `[[Note#^id]]`. */
export function wikilinkExtension(resolve: WikilinkResolver): TokenizerAndRendererExtension {
  return {
    name: 'wikilink',
    level: 'inline',
    start: (src) => {
      const index = src.indexOf('[[');
      return index === -1 ? undefined : index;
    },
    tokenizer(src): WikilinkToken | undefined {
      const link = wikiLinkAt(src, 0);
      if (!link || link.embedded) return undefined;
      // `[[#Heading]]` is this note: a link to a heading here, handled by the click.
      const label = link.display?.trim() || linkLabel(link.target, link.heading, link.blockId);
      return {
        type: 'wikilink',
        raw: src.slice(0, link.to),
        target: link.target,
        label,
        heading: link.heading,
      };
    },
    renderer(token) {
      const { target, label, heading } = token as WikilinkToken;
      const id = target === '' ? undefined : resolve(target, 'wikilink');
      return noteLinkHtml({ target, label, heading, id });
    },
  };
}
