import type { QuireDatabase } from '../db/database';
import type { Note } from '../../src-shared/schema/note';
import { titleKey } from '../../src-shared/note-title';
import { createLinkResolver, type LinkResolver } from '../../src-shared/markdown/links/link-resolution';
import { createLinkCatalog, linkableOf, type LinkCatalog } from '../links/link-catalog';

/** A live note's names, as link resolution needs them. */
export interface NoteName {
  id: string;
  title: string;
  folder: string;
  aliases: readonly string[];
}

/** Live notes read in pages, so a 50,000-note vault is never one result set in memory twice. */
const PAGE = 2_000;

/**
 * Every live note, page by page, in id order. Only the primary key is in the selector, so each
 * page is a range of the primary index; trashed notes are skipped here.
 */
export async function* liveNotes(db: QuireDatabase): AsyncGenerator<Note[]> {
  let after = '';
  for (;;) {
    const docs = await db.notes
      .find({ selector: { id: { $gt: after } }, sort: [{ id: 'asc' }], limit: PAGE })
      .exec();
    if (docs.length === 0) return;
    yield docs.flatMap((doc) => (doc.trashedAt === 0 ? [doc.toJSON() as Note] : []));
    after = docs[docs.length - 1]!.id;
    if (docs.length < PAGE) return;
  }
}

/** Every live note's names, and a resolver over them (as links resolve before an operation). */
export interface VaultNames {
  notes: readonly NoteName[];
  resolver: LinkResolver;
}

export interface NoteNames {
  /** The vault's names with every write made so far applied. */
  current(): Promise<VaultNames>;
  stop(): Promise<void>;
}

/** Names from elsewhere (an injected source): the resolver is built over them. */
export function vaultNamesOf(notes: Iterable<NoteName>): VaultNames {
  const list = [...notes];
  return { notes: list, resolver: createLinkResolver(list) };
}

/**
 * The names of every live note (aliases from frontmatter), in memory: read once, on the first
 * operation, then kept in step by replaying the storage's change feed (`createLinkCatalog`), so
 * a rename in a 50,000-note vault does not read every note's text again.
 */
export function createNoteNames(db: QuireDatabase): NoteNames {
  let catalog: LinkCatalog | null = null;
  return {
    async current() {
      catalog ??= createLinkCatalog({ collection: db.notes });
      const view = await catalog.current();
      // The catalog's own resolver: building one over 50,000 notes per operation is what costs.
      return { notes: [...view.entries.values()].map(linkableOf), resolver: view.resolver };
    },
    async stop() {
      await catalog?.stop();
    },
  };
}

/** Live notes in `folder` or any folder inside it (the index on `folder` serves both ranges). */
export async function notesUnderFolder(db: QuireDatabase, folder: string): Promise<Note[]> {
  const [own, nested] = await Promise.all([
    db.notes.find({ selector: { folder, trashedAt: 0 } }).exec(),
    // `a/` up to `a0`: '0' is the character after '/'.
    db.notes.find({ selector: { folder: { $gte: `${folder}/`, $lt: `${folder}0` }, trashedAt: 0 } }).exec(),
  ]);
  return [...own, ...nested].map((doc) => doc.toJSON() as Note);
}

/** The live notes of one folder, keyed by title as names collide (case-insensitively). */
export async function titlesInFolder(db: QuireDatabase, folder: string): Promise<Map<string, string>> {
  const docs = await db.notes.find({ selector: { folder, trashedAt: 0 } }).exec();
  return new Map(docs.map((doc) => [titleKey(doc.title), doc.id]));
}
