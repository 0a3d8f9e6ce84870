import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import { mediaTypeOf } from '../../../../../src-shared/attachments/media-types';

/** A link in the editor's text, as the user can follow it. Positions are in the document. */
export type EditorLink =
  | {
      kind: 'note';
      /** The note's title or `folder/title`; '' for a heading in this note (`[[#Heading]]`). */
      target: string;
      heading: string | null;
      from: number;
      to: number;
      /** A Markdown link's path as written (decoded, `.md` kept): it resolves from the note's folder first. */
      markdownPath?: string;
      /** The note it names, once resolved from the note's folder; absent until then. */
      id?: string | null;
    }
  | { kind: 'url'; url: string; from: number; to: number }
  | { kind: 'attachment'; target: string; from: number; to: number };

// Like the shared WIKILINK_PATTERN, but an empty target is allowed: `[[#Heading]]` is this note.
const WIKILINK = /!?\[\[([^[\]|#\n]*)(?:#([^[\]|\n]*))?(?:\|[^[\]\n]*)?\]\]/g;
const MARKDOWN_LINK = /!?\[((?:[^[\]\\\n]|\\.)*)\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+"[^"\n]*")?\s*\)/g;
const AUTOLINK = /<(https?:\/\/[^\s<>]+)>/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>()[\]]*[^\s<>()[\].,;:!?'"*_~]/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Files other than notes: what `[[x.pdf]]` or `[a](img.png)` names is an attachment. */
function isAttachmentPath(path: string): boolean {
  const type = mediaTypeOf(path);
  return type !== 'application/octet-stream' && type !== 'text/markdown';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function wikiLink(match: RegExpExecArray, from: number): EditorLink | null {
  const target = (match[1] ?? '').trim();
  const heading = match[2]?.trim() || null;
  const to = from + match[0].length;
  if (target === '' && heading === null) return null;
  if (target !== '' && isAttachmentPath(target)) return { kind: 'attachment', target, from, to };
  return { kind: 'note', target: target.replace(/\.md$/i, ''), heading, from, to };
}

function markdownLink(match: RegExpExecArray, from: number): EditorLink | null {
  const to = from + match[0].length;
  let destination = match[2] ?? '';
  if (destination.startsWith('<')) destination = destination.slice(1, -1);
  destination = destination.trim();
  if (destination === '') return null;
  if (SCHEME.test(destination)) {
    // Only what the shell would open anyway; `javascript:` and app schemes are not links here.
    return /^(?:https?|mailto):/i.test(destination) ? { kind: 'url', url: destination, from, to } : null;
  }
  const hash = destination.indexOf('#');
  const path = safeDecode(hash === -1 ? destination : destination.slice(0, hash)).replace(/\?.*$/, '');
  const heading = hash === -1 ? null : safeDecode(destination.slice(hash + 1)).trim() || null;
  if (path === '') return heading === null ? null : { kind: 'note', target: '', heading, from, to };
  if (isAttachmentPath(path)) return { kind: 'attachment', target: path, from, to };
  // `[x](Folder/My%20Note.md)`: Obsidian's Markdown link to a note, by its path.
  const target = path.replace(/^\.\//, '').replace(/\.md$/i, '');
  return { kind: 'note', target, heading, from, to, markdownPath: path };
}

/**
 * The link `offset` is on (its brackets included) in one line of text, or null. Wikilinks first,
 * then Markdown links, then `<url>` autolinks and bare URLs, so a URL inside a Markdown link is
 * that link. `lineStart` is added to the positions returned.
 */
export function linkAt(line: string, offset: number, lineStart = 0): EditorLink | null {
  const covering = (pattern: RegExp, make: (m: RegExpExecArray, from: number) => EditorLink | null) => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      if (match.index > offset) return undefined;
      if (offset <= match.index + match[0].length) return make(match, lineStart + match.index);
      // Each match covers its own text, so the rest of the line is searched after it.
    }
    return undefined;
  };
  const wiki = covering(WIKILINK, wikiLink);
  if (wiki !== undefined) return wiki;
  const markdown = covering(MARKDOWN_LINK, markdownLink);
  if (markdown !== undefined) return markdown;
  const url = (m: RegExpExecArray, from: number): EditorLink => ({
    kind: 'url',
    url: m[1] ?? m[0],
    from,
    to: from + m[0].length,
  });
  return covering(AUTOLINK, url) ?? covering(BARE_URL, url) ?? null;
}

const CODE_NODES = new Set(['InlineCode', 'FencedCode', 'CodeBlock', 'CodeText', 'CodeMark', 'CodeInfo']);

/** Code spans and blocks show link syntax as text: nothing there is followed. */
export function inCode(state: EditorState, pos: number): boolean {
  for (let node: SyntaxNode | null = syntaxTree(state).resolveInner(pos, 1); node; node = node.parent) {
    if (CODE_NODES.has(node.name)) return true;
  }
  return false;
}

/** The link at a document position, read from the line's text; none inside code. */
export function linkAtState(state: EditorState, pos: number): EditorLink | null {
  const line = state.doc.lineAt(pos);
  const link = linkAt(line.text, pos - line.from, line.from);
  if (!link) return null;
  return inCode(state, pos) ? null : link;
}
