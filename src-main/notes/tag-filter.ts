import type { MangoQueryOperators } from 'rxdb';
import { normalizeTagFilter } from '../../src-shared/markdown/inline-tags';

/**
 * `notes.list`'s tag filter as a Mango condition on the `tags` array (met when one tag meets it,
 * as in MongoDB), matching as `tagMatches` does: the tag or one nested under it, any case. Null
 * when there is no filter. No index holds tags: the storage walks the list's index in order and
 * tests each note (10,000 notes: ~0.2 s a page on SQLite), which keeps the total exact.
 */
export function tagFilterSelector(tag: string | undefined): MangoQueryOperators<string[]> | null {
  const wanted = tag === undefined ? '' : normalizeTagFilter(tag);
  if (wanted === '') return null;
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { $regex: `^${escaped}(?:/|$)`, $options: 'i' };
}
