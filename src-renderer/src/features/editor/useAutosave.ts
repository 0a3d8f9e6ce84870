import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { describeFailure, failureReasonOf, retryHelps } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { useSyncStatus } from '../sync';
import { AutosaveController, type AutosaveSnapshot } from './autosave';
import { NoteSessions } from './note-sessions';

export interface Autosave {
  controller: AutosaveController;
  snapshot: AutosaveSnapshot;
  /** The open notes' texts and bases; the queue saves through them (editing rule E1). */
  sessions: NoteSessions;
}

/**
 * The app's one autosave queue. Besides the debounce it flushes whenever the page may go away
 * (unload, pagehide, tab hidden) and publishes `window.__quireFlushPendingSaves` for the shell.
 */
export function useAutosave(delayMs: number): Autosave {
  const { api } = useServices();
  // The name the sync server knows this device by labels conflict markers (M10).
  const deviceName = useSyncStatus()?.account?.deviceName ?? 'this device';
  const [sessions] = useState(
    () =>
      new NoteSessions({
        update: (input) => api.notes.update.mutate(input),
        get: (id) => api.notes.get.query({ id }),
        now: () => Date.now(),
      }),
  );
  // The sessions read the name at the moment they merge.
  useEffect(() => sessions.setDeviceName(deviceName), [sessions, deviceName]);
  const [controller] = useState(
    () =>
      new AutosaveController({
        // For an open note the patch only says that it changed: its session holds the text and base.
        save: (id, patch) => sessions.save(id, patch),
        delayMs,
        describeError: describeFailure,
        // Retrying cannot bring a deleted note back or make an invalid patch valid.
        isPermanent: (error) => !retryHelps(failureReasonOf(error)),
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
  return useMemo(() => ({ controller, snapshot, sessions }), [controller, snapshot, sessions]);
}
