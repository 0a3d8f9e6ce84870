/**
 * The text edits of the rename refactor, pure: given how links resolved before a rename or move
 * and how they resolve after it, rewrite only the link targets that would now name another note
 * (or none), in the form they were written. Every byte outside a rewritten target is kept, so the
 * notes service can save the result with its base as an ordinary edit (E1) that merges and syncs.
 *
 * Forms kept: a bare `[[Title]]` stays bare while that resolves to the note from the source,
 * else becomes the shortest path end that does (`[[b/Title]]`, then longer); a written path
 * stays a path (the full vault path when it was one); `./`, `../` and `/` forms stay relative or
 * absolute; `.md` is kept; Markdown links get the new path relative to the source's folder, in
 * the same encoding (`<…>` raw, else `%20`). Shown text, `#heading` and `#^block-id` are kept.
 */
import { headingKey } from '../headings';
import { parseLinks, type LinkRef } from './link-syntax';
import {
  linkKey,
  normalizeVaultPath,
  notePath,
  type LinkableNote,
  type LinkResolver,
} from './link-resolution';

export interface NoteMove {
  id: string;
  from: { title: string; folder: string };
  to: { title: string; folder: string };
}

export interface RewriteResult {
  text: string;
  /** How many links were rewritten. */
  rewritten: number;
}

interface Replacement {
  from: number;
  to: number;
  text: string;
}

function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  if (replacements.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { from, to, text: insert } of replacements) {
    out += text.slice(at, from) + insert;
    at = to;
  }
  return out + text.slice(at);
}

/** The path from `folder` to vault path `path`, `../` where it climbs. */
export function relativePath(folder: string, path: string): string {
  const from = folder === '' ? [] : folder.split('/');
  const to = path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

const MUST_ENCODE = /[\s%#?()<>[\]\\^|`"]/;

/** A vault path as a Markdown link destination: minimal percent-encoding, as Obsidian writes. */
export function encodeMarkdownPath(path: string, encodeNonAscii = false): string {
  let out = '';
  for (const char of path) {
    const nonAscii = char.charCodeAt(0) > 126;
    out += MUST_ENCODE.test(char) || (encodeNonAscii && nonAscii) ? encodeURIComponent(char) : char;
  }
  return out;
}

function isAngled(text: string, link: LinkRef): boolean {
  return link.kind === 'markdown' && text.charCodeAt(link.targetFrom - 1) === 60;
}

/** Path ends of `path` from the shortest (the title) to the whole path. */
function pathEnds(path: string): string[] {
  const parts = path.split('/');
  const ends: string[] = [];
  for (let i = parts.length - 1; i >= 0; i -= 1) ends.push(parts.slice(i).join('/'));
  return ends;
}

/** What to write for `note` in place of `link`'s target so it resolves to it under `after`. */
function newTarget(
  link: LinkRef,
  note: LinkableNote,
  oldNote: LinkableNote | undefined,
  after: LinkResolver,
  folder: string,
): string | null {
  const path = notePath(note);
  const written = link.target;
  const works = (candidate: string): boolean => after.resolve(candidate, folder, link.kind) === note.id;
  if (link.kind === 'markdown') {
    const relative = relativePath(folder, `${path}.md`);
    const candidates = written.startsWith('/')
      ? [`/${path}.md`]
      : [written.startsWith('./') && !relative.startsWith('../') ? `./${relative}` : relative, `/${path}.md`];
    return candidates.find(works) ?? null;
  }
  const md = /\.md$/i.test(written) ? '.md' : '';
  const bare = md === '' ? written : written.slice(0, -3);
  let candidates: string[];
  if (bare.startsWith('./') || bare.startsWith('../')) {
    const relative = relativePath(folder, path);
    candidates = [relative.startsWith('../') ? relative : `./${relative}`];
  } else if (bare.startsWith('/')) {
    candidates = [`/${path}`];
  } else if (!bare.includes('/')) {
    candidates = pathEnds(path);
  } else {
    const wasFullPath =
      oldNote !== undefined && linkKey(normalizeVaultPath(bare) ?? '') === linkKey(notePath(oldNote));
    candidates = wasFullPath ? [path] : pathEnds(path).filter((end) => end.includes('/') || end === path);
  }
  candidates.push(`/${path}`);
  const found = candidates.map((candidate) => candidate + md).find(works);
  // A title a wikilink cannot hold would change what the link says: leave such a link alone.
  return found !== undefined && !/\[\[|\]\]|[|#]/.test(found) ? found : null;
}

/**
 * Rewrites the links of `text` (written in note `sourceId` in `sourceFolder`, which may itself
 * have moved: `sourceMove`) that resolved under `before` and would resolve elsewhere under
 * `after`, so they resolve to the same note again. `moves` names the notes that moved (their
 * links are the usual ones to rewrite); any other link a move made ambiguous is repaired too.
 * A link that resolved to nothing is left as written.
 */
export function rewriteLinksForMoves(input: {
  text: string;
  sourceId: string;
  sourceFolder: string;
  sourceMove?: { folder: string } | undefined;
  before: LinkResolver;
  after: LinkResolver;
  moves: ReadonlyMap<string, NoteMove>;
}): RewriteResult {
  const { text, sourceFolder, before, after } = input;
  const folder = input.sourceMove?.folder ?? sourceFolder;
  const replacements: Replacement[] = [];
  for (const link of parseLinks(text)) {
    if (link.target === '') continue;
    const id = before.resolve(link.target, sourceFolder, link.kind);
    if (id === null || after.resolve(link.target, folder, link.kind) === id) continue;
    const note = after.note(id);
    if (!note) continue;
    const target = newTarget(link, note, before.note(id), after, folder);
    if (target === null) continue;
    let written = target;
    if (link.kind === 'markdown' && !isAngled(text, link)) {
      const raw = text.slice(link.targetFrom, link.targetTo);
      written = encodeMarkdownPath(target, /%[89a-f][0-9a-f]/i.test(raw));
    }
    replacements.push({ from: link.targetFrom, to: link.targetTo, text: written });
  }
  return { text: applyReplacements(text, replacements), rewritten: replacements.length };
}

/** A heading as a wikilink can hold it: Obsidian drops the characters that end a link part. */
export function headingLinkText(heading: string): string {
  return heading
    .replace(/[[\]|#^]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Rewrites links to `fromHeading` of note `noteId` so they name `toHeading`: `[[Note#Old]]`,
 * `![[Note#Old]]`, `[[#Old]]` inside the note itself (`sourceId === noteId`), and Markdown links
 * `Note.md#Old`. Nested subpaths (`[[Note#Part#Old]]`) have their last part renamed.
 */
export function rewriteHeadingLinks(input: {
  text: string;
  sourceId: string;
  sourceFolder: string;
  resolver: LinkResolver;
  noteId: string;
  fromHeading: string;
  toHeading: string;
}): RewriteResult {
  const { text, resolver } = input;
  const wanted = headingKey(input.fromHeading);
  const replacements: Replacement[] = [];
  for (const link of parseLinks(text)) {
    if (link.heading === null || link.subFrom < 0) continue;
    const id =
      link.target === '' ? input.sourceId : resolver.resolve(link.target, input.sourceFolder, link.kind);
    if (id !== input.noteId) continue;
    const lastHash = text.lastIndexOf('#', link.subTo - 1);
    const from = lastHash >= link.subFrom ? lastHash + 1 : link.subFrom;
    const raw = text.slice(from, link.subTo);
    const current = link.kind === 'markdown' ? decodeOr(raw) : raw;
    if (headingKey(current) !== wanted) continue;
    const plain = headingLinkText(input.toHeading);
    if (plain === '') continue;
    const written =
      link.kind === 'markdown' && !isAngled(text, link)
        ? encodeMarkdownPath(plain, /%[89a-f][0-9a-f]/i.test(raw))
        : plain;
    if (written !== raw) replacements.push({ from, to: link.subTo, text: written });
  }
  return { text: applyReplacements(text, replacements), rewritten: replacements.length };
}

function decodeOr(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
