import { useEffect, useSyncExternalStore } from 'react';
import type { TitleIds } from '../state/title-resolver';
import { useServices } from './useServices';

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
