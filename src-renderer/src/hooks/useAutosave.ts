import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
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
    const flushBeforeUnload = (event: BeforeUnloadEvent): void => {
      flush();
      // In a browser tab the WebSocket link sends on a later task, which an unloading page may
      // never run: ask the browser to confirm leaving while a save is still out. Not in Electron,
      // where this would silently cancel the close; the shell awaits the flush below instead.
      if (!window.quireIpc && controller.hasUnsavedChanges()) event.preventDefault();
    };
    const flushWhenHidden = (): void => {
      if (document.visibilityState === 'hidden') flush();
    };
    const flushForShell = (): Promise<void> => controller.flush();
    window.addEventListener('beforeunload', flushBeforeUnload);
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flushWhenHidden);
    window.__quireFlushPendingSaves = flushForShell;
    return () => {
      window.removeEventListener('beforeunload', flushBeforeUnload);
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flushWhenHidden);
      if (window.__quireFlushPendingSaves === flushForShell) delete window.__quireFlushPendingSaves;
      // Unmounting must not strand an edit; the queue outlives the component.
      flush();
    };
  }, [controller]);

  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  return useMemo(() => ({ controller, snapshot }), [controller, snapshot]);
}
