import type { Note } from '../../src-shared/schema/note';
import { blockIdsOf, parseLinks } from '../../src-shared/markdown/links/link-syntax';
import { frontmatterEnd } from '../../src-shared/markdown/links/markdown-blocks';
import { mediaTypeOf } from '../../src-shared/attachments/media-types';
import { LINK_INDEX_LIMITS } from '../../src-shared/api/link-index-api';
import { aliasesOf } from '../links/link-catalog';
import type { IndexedLink, IndexedNote, LinkSnippet } from './link-store';

/** Links kept per note; a generated note with more is indexed up to here. */
const LINKS_PER_NOTE_MAX = 5_000;
/** How much of the line before a link a cut snippet keeps. */
const SNIPPET_LEAD = 100;

/** `![[photo.png]]`, `[[report.pdf]]`: attachments, not notes (src-shared/attachments resolves them). */
function isAttachmentTarget(target: string): boolean {
  if (/\.md$/i.test(target)) return false;
  const slash = target.lastIndexOf('/');
  const name = slash === -1 ? target : target.slice(slash + 1);
  return name.includes('.') && mediaTypeOf(name) !== 'application/octet-stream';
}

const ALIAS_KEY = /^alias(?:es)?[ \t]*:/m;

/** `aliasesOf`, with the YAML parser run only for frontmatter that has an `aliases:` key. */
function aliasesIn(body: string): string[] {
  const end = frontmatterEnd(body);
  return end > 0 && ALIAS_KEY.test(body.slice(0, end)) ? aliasesOf(body) : [];
}

/** The line around `[from, to)`, cut to the limit with the link kept in view. */
export function snippetOf(text: string, from: number, to: number): LinkSnippet {
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  let lineEnd = text.indexOf('\n', to);
  if (lineEnd === -1) lineEnd = text.length;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd -= 1;
  const max = LINK_INDEX_LIMITS.lineTextMax;
  if (lineEnd - lineStart <= max) {
    return {
      text: text.slice(lineStart, lineEnd),
      from: from - lineStart,
      to: Math.min(to, lineEnd) - lineStart,
    };
  }
  const start = Math.max(lineStart, Math.min(from - SNIPPET_LEAD, lineEnd - max));
  const end = Math.min(lineEnd, start + max);
  const lead = start > lineStart ? '…' : '';
  const tail = end < lineEnd ? '…' : '';
  return {
    text: `${lead}${text.slice(start, end)}${tail}`,
    from: from - start + lead.length,
    to: Math.min(to, end) - start + lead.length,
  };
}

/** What the link index keeps of a live note: its names, its links to notes, its block ids. */
export function indexNote(note: Note): { note: IndexedNote; snippets: LinkSnippet[] } {
  const links: IndexedLink[] = [];
  const snippets: LinkSnippet[] = [];
  for (const ref of parseLinks(note.body)) {
    // `[[#Heading]]` stays inside the note; attachments are not notes.
    if (ref.target === '' || isAttachmentTarget(ref.target)) continue;
    links.push({
      target: ref.target,
      kind: ref.kind,
      heading: ref.heading,
      blockId: ref.blockId,
      display: ref.display,
      line: ref.line,
    });
    snippets.push(snippetOf(note.body, ref.from, ref.to));
    if (links.length >= LINKS_PER_NOTE_MAX) break;
  }
  return {
    note: {
      id: note.id,
      title: note.title,
      folder: note.folder,
      aliases: aliasesIn(note.body),
      tags: [...note.tags],
      blockIds: blockIdsOf(note.body).map((block) => block.id),
      links,
    },
    snippets,
  };
}
