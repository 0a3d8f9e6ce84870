import { useEffect, useSyncExternalStore } from 'react';
import type { TitleIds } from '../state/title-resolver';
import { useServices } from './useServices';

/** Resolves wikilink titles to note ids, live: any note change re-checks the titles on screen. */
export function useTitleIds(titles: readonly string[]): TitleIds {
  const { titles: resolver, changes } = useServices();
  const ids = useSyncExternalStore(resolver.subscribe, resolver.getSnapshot);
  useEffect(() => changes.subscribe((change) => resolver.invalidate(change)), [changes, resolver]);
  // `ids` is a dependency on purpose: invalidate() swaps it, so stale titles are asked again.
  useEffect(() => resolver.request(titles), [resolver, titles, ids]);
  return ids;
}
