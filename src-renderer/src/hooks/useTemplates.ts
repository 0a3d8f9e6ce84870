import { useEffect, useSyncExternalStore } from 'react';
import type { TemplatesState } from '../state/templates-store';
import { useServices } from './useServices';

/** The host's note templates; loads them on first use (and retries a failed load on the next). */
export function useTemplates(): TemplatesState & { reload: () => void } {
  const { templates: store } = useServices();
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => store.load(), [store]);
  return { ...state, reload: () => store.load() };
}
