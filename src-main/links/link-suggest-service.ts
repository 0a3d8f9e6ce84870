import type { QuireDatabase } from '../db/database';
import { NoteNotFoundError } from '../errors';
import { LINK_HEADINGS_MAX, type LinkSuggestion, type NoteHeading } from '../../src-shared/api/links-api';
import { extractHeadings } from '../../src-shared/markdown/headings';
import { createLinkCatalog } from './link-catalog';
import { resolveLink, suggestLinks } from './link-suggestions';

export interface LinkSuggestService {
  /** Notes whose title, alias or `folder/title` matches `query`, best first; recent notes when empty. */
  suggest(input: { query: string; limit: number }): Promise<LinkSuggestion[]>;
  /** The live note a link target names: `folder/Title` by path, else by title (newest wins). */
  resolve(target: string): Promise<{ id: string } | null>;
  /** The note's headings in order; a note that is missing or in the trash is NOTE_NOT_FOUND. */
  headings(id: string): Promise<NoteHeading[]>;
  close(): Promise<void>;
}

/** Suggestions for `[[` autocomplete and link resolution, over an in-memory catalog of names. */
export function createLinkSuggestService(deps: { db: QuireDatabase }): LinkSuggestService {
  const catalog = createLinkCatalog({ collection: deps.db.notes });

  return {
    async suggest({ query, limit }) {
      return suggestLinks(await catalog.current(), query, limit);
    },

    async resolve(target) {
      return resolveLink(await catalog.current(), target);
    },

    async headings(id) {
      const doc = await deps.db.notes.findOne(id).exec();
      if (!doc || doc.trashedAt > 0) throw new NoteNotFoundError(id);
      return extractHeadings(doc.body, LINK_HEADINGS_MAX).map(({ level, text }) => ({ level, text }));
    },

    close: () => catalog.stop(),
  };
}
