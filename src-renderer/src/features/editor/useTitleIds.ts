import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../../api/useServices';
import type { TitleIds } from './title-resolver';

/**
 * Resolves wikilink titles to note ids, live: while these titles are shown, any note change
 * re-checks them (one batched call). Pass a stable array: a new one re-watches the titles.
 */
export function useTitleIds(titles: readonly string[]): TitleIds {
  const { titles: resolver } = useServices();
  const ids = useSyncExternalStore(resolver.subscribe, resolver.getSnapshot);
  useEffect(() => resolver.watch(titles), [resolver, titles]);
  return ids;
}
