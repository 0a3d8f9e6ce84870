import type { TagNode } from '../../src-shared/api/tags-api';
import type { QuireDatabase } from '../db/database';
import { followNotes } from '../folders/note-feed';
import { createTagCatalog } from './tag-catalog';

export interface TagsService {
  /** Every tag of the live notes, parents before children, with their counts. */
  tree(): Promise<TagNode[]>;
  close(): Promise<void>;
}

/** The tag pane's tree, from an in-memory catalog kept on the notes' change feed. */
export function createTagsService(deps: { db: QuireDatabase }): TagsService {
  const catalog = createTagCatalog();
  const feed = followNotes(deps.db, (doc) => catalog.apply(doc));
  return {
    async tree() {
      await feed.inStep();
      return catalog.tree();
    },
    close: () => feed.close(),
  };
}
