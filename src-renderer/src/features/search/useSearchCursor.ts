import { useState } from 'react';
import type { SearchState } from './useSearch';

/**
 * The search result Enter opens, which is also the one the list shows selected: the top hit of
 * each new answer, until the user picks another (a click, the arrow keys). One id for both
 * means what looks selected is what opens, whatever note happens to be open in the editor.
 */
export function useSearchCursor(search: SearchState, selectedId: string | null): string | null {
  const [picked, setPicked] = useState<{ answered: string; id: string } | null>(null);
  const [seenSelected, setSeenSelected] = useState(selectedId);
  const inHits = (id: string | null | undefined): id is string =>
    id != null && search.hits.some((hit) => hit.id === id);
  // A selection made while these results are up (click, arrows) moves the cursor to it.
  if (seenSelected !== selectedId) {
    setSeenSelected(selectedId);
    if (inHits(selectedId)) setPicked({ answered: search.answered, id: selectedId });
  }
  if (picked && picked.answered === search.answered && inHits(picked.id)) return picked.id;
  return search.hits[0]?.id ?? null;
}
