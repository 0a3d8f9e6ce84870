import type { NoteVersion } from '../../src-shared/api/notes-api';
import type { LinkCount } from '../../src-shared/api/refactor-api';
import { parseLinks } from '../../src-shared/markdown/links/link-syntax';
import {
  createLinkResolver,
  linkKey,
  type LinkResolver,
} from '../../src-shared/markdown/links/link-resolution';
import {
  rewriteHeadingLinks,
  rewriteLinksForMoves,
  type NoteMove,
} from '../../src-shared/markdown/links/link-rewrite';
import type { PlannedChange } from './note-writes';
import type { NoteName, VaultNames } from './vault-notes';

export type { NoteMove };

/**
 * What a refactor writes, computed from the notes it read and nothing else: the link rewriting is
 * the pure functions of src-shared/markdown/links, so this is the only place that knows how an
 * operation maps onto them.
 */

export interface Plan {
  changes: PlannedChange[];
  /** Links rewritten in all the notes together. */
  linksRewritten: number;
  /** Notes whose text had a link rewritten. */
  linkedNotes: number;
}

/**
 * The live notes that also answer to a moved note's new name (a move may shadow their links),
 * or, with `old`, to its old name too.
 */
export function namesakes(vault: readonly NoteName[], moves: readonly NoteMove[], old = false): string[] {
  const moving = new Set(moves.map((move) => move.id));
  const names = new Set(
    moves.flatMap((move) => (old ? [move.to.title, move.from.title] : [move.to.title]).map(linkKey)),
  );
  return vault
    .filter(
      (note) =>
        !moving.has(note.id) &&
        (names.has(linkKey(note.title)) || note.aliases.some((alias) => names.has(linkKey(alias.trim())))),
    )
    .map((note) => note.id);
}

/**
 * The vault as links resolve after the moves, over the notes that matter to these sources only:
 * what their links name now, the moved notes at their new places, and every note that shares a
 * name with one (the only ones a move can put in competition). A winner that is present keeps
 * winning when losers are left out, so each of these links resolves as over the whole vault;
 * a link to a note outside it resolves to none and is left alone.
 */
function resolverAfter(
  vault: VaultNames,
  moves: readonly NoteMove[],
  sources: readonly NoteVersion[],
): LinkResolver {
  const { resolver } = vault;
  const ids = new Set([...moves.map((move) => move.id), ...namesakes(vault.notes, moves, true)]);
  for (const source of sources) {
    for (const link of parseLinks(source.body)) {
      const id = link.target === '' ? null : resolver.resolve(link.target, source.folder, link.kind);
      if (id !== null) ids.add(id);
    }
  }
  const after = createLinkResolver([...ids].flatMap((id) => resolver.note(id) ?? []));
  for (const move of moves) {
    const aliases = resolver.note(move.id)?.aliases ?? [];
    after.upsert({ id: move.id, title: move.to.title, folder: move.to.folder, aliases });
  }
  return after;
}

/** Rename and move: every link that named a moved note names it again, in the form it was written. */
export function planMoves(input: {
  moves: readonly NoteMove[];
  vault: VaultNames;
  sources: readonly NoteVersion[];
}): Plan {
  const before = input.vault.resolver;
  const after = resolverAfter(input.vault, input.moves, input.sources);
  const moves = new Map(input.moves.map((move) => [move.id, move]));
  const changes: PlannedChange[] = [];
  let linksRewritten = 0;
  let linkedNotes = 0;
  for (const source of input.sources) {
    const move = moves.get(source.id);
    const result = rewriteLinksForMoves({
      text: source.body,
      sourceId: source.id,
      sourceFolder: source.folder,
      ...(move ? { sourceMove: { folder: move.to.folder } } : {}),
      before,
      after,
      moves,
    });
    linksRewritten += result.rewritten;
    if (result.rewritten > 0) linkedNotes += 1;
    const patch = {
      ...(result.text !== source.body ? { body: result.text } : {}),
      ...(move && move.to.title !== source.title ? { title: move.to.title } : {}),
      ...(move && move.to.folder !== source.folder ? { folder: move.to.folder } : {}),
    };
    if (Object.keys(patch).length > 0) changes.push({ base: source, patch });
  }
  return { changes, linksRewritten, linkedNotes };
}

/** The links to one heading of `noteId`, renamed (the note's own `[[#Heading]]` links too). */
export function rewriteHeadings(input: {
  vault: VaultNames;
  sources: readonly NoteVersion[];
  noteId: string;
  from: string;
  to: string;
}): Plan {
  const { resolver } = input.vault;
  const changes: PlannedChange[] = [];
  let linksRewritten = 0;
  let linkedNotes = 0;
  for (const source of input.sources) {
    const result = headingRewrite(resolver, source, input.noteId, input.from, input.to);
    if (result.rewritten === 0) continue;
    linksRewritten += result.rewritten;
    linkedNotes += 1;
    changes.push({ base: source, patch: { body: result.text } });
  }
  return { changes, linksRewritten, linkedNotes };
}

function headingRewrite(
  resolver: LinkResolver,
  source: NoteVersion,
  noteId: string,
  from: string,
  to: string,
) {
  return rewriteHeadingLinks({
    text: source.body,
    sourceId: source.id,
    sourceFolder: source.folder,
    resolver,
    noteId,
    fromHeading: from,
    toHeading: to,
  });
}

/** How many links name `heading` of `noteId`: the rewrite's own matching, run without writing. */
export function countHeadingLinks(input: {
  vault: VaultNames;
  sources: readonly NoteVersion[];
  noteId: string;
  heading: string;
}): LinkCount {
  const { resolver } = input.vault;
  let links = 0;
  let notes = 0;
  for (const source of input.sources) {
    // Any other heading text makes every matching link a rewrite, so `rewritten` counts them.
    const { rewritten } = headingRewrite(resolver, source, input.noteId, input.heading, `${input.heading} 2`);
    links += rewritten;
    if (rewritten > 0) notes += 1;
  }
  return { links, notes };
}

/** The links in other notes' text that name `noteId`. */
export function countLinksTo(input: {
  resolver: LinkResolver;
  sources: readonly NoteVersion[];
  noteId: string;
}): LinkCount {
  let links = 0;
  let notes = 0;
  for (const source of input.sources) {
    if (source.id === input.noteId) continue;
    const found = parseLinks(source.body).filter(
      (link) =>
        link.target !== '' && input.resolver.resolve(link.target, source.folder, link.kind) === input.noteId,
    ).length;
    links += found;
    if (found > 0) notes += 1;
  }
  return { links, notes };
}

/** Whether `text` links to any of `ids` (the scan used when no link index is injected). */
export function linksToAny(
  note: { body: string; folder: string },
  resolver: LinkResolver,
  ids: ReadonlySet<string>,
): boolean {
  for (const link of parseLinks(note.body)) {
    if (link.target === '') continue;
    const id = resolver.resolve(link.target, note.folder, link.kind);
    if (id !== null && ids.has(id)) return true;
  }
  return false;
}
