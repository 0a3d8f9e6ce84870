import { useEffect, useState, useSyncExternalStore } from 'react';
import { describeError, errorCode } from '../api/errors';
import { AutosaveController, type AutosaveSnapshot } from '../lib/autosave';
import { useServices } from './useServices';

// Retrying cannot bring a deleted note back or make an invalid patch valid.
const PERMANENT_CODES = new Set(['NOT_FOUND', 'BAD_REQUEST', 'PRECONDITION_FAILED']);

export interface Autosave {
  controller: AutosaveController;
  snapshot: AutosaveSnapshot;
}

/**
 * The app's one autosave queue. Besides the debounce it flushes whenever the page may go away
 * (unload, pagehide, tab hidden) and publishes `window.__quireFlushPendingSaves` for the shell.
 */
export function useAutosave(delayMs: number): Autosave {
  const { api } = useServices();
  const [controller] = useState(
    () =>
      new AutosaveController({
        save: (id, patch) => api.notes.update.mutate({ id, ...patch }),
        delayMs,
        describeError: (error) => describeError(error, 'Your last changes are not saved yet.'),
        isPermanent: (error) => PERMANENT_CODES.has(errorCode(error) ?? ''),
      }),
  );

  useEffect(() => controller.setDelay(delayMs), [controller, delayMs]);

  useEffect(() => {
    const flush = (): void => {
      void controller.flush();
    };
    const flushWhenHidden = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    const flushForShell = (): Promise<void> => controller.flush();
    window.addEventListener('beforeunload', flush);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flushWhenHidden);
    window.__quireFlushPendingSaves = flushForShell;
    return () => {
      window.removeEventListener('beforeunload', flush);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flushWhenHidden);
      if (window.__quireFlushPendingSaves === flushForShell) delete window.__quireFlushPendingSaves;
      // Unmounting must not strand an edit; the queue outlives the component.
      flush();
    };
  }, [controller]);

  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  return { controller, snapshot };
}
