import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../../api/useServices';
import type { TemplatesState } from './templates-store';

/** The host's note templates; loads them on first use (and retries a failed load on the next). */
export function useTemplates(): TemplatesState & { reload: () => void } {
  const { templates: store } = useServices();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => store.load(), [store]);
  return { ...state, reload: () => store.load() };
}
