import type { ViewUpdate } from '@codemirror/view';
import { useState } from 'react';

export type ViewUpdateListener = (update: ViewUpdate) => void;

/** The editor's view updates, fanned out to the panes that follow it (outline, counts). */
export interface ViewUpdates {
  emit: ViewUpdateListener;
  subscribe: (listener: ViewUpdateListener) => () => void;
}

export function createViewUpdates(): ViewUpdates {
  const listeners = new Set<ViewUpdateListener>();
  return {
    emit: (update) => {
      for (const listener of listeners) listener(update);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** One fan-out for the component's lifetime, so subscribers never see it change. */
export function useViewUpdates(): ViewUpdates {
  const [updates] = useState(createViewUpdates);
  return updates;
}
