import { useEffect, useSyncExternalStore } from 'react';
import type { DailyNoteSettings, QuireApi } from '../../api/quire-api';
import { useServices } from '../../api/useServices';

/**
 * The host's daily-note settings, shared by the editor's day bar and the settings menu: the bar
 * must know the format to tell a daily note, and follows a change made in the menu at once.
 */
class DailySettingsStore {
  private settings: DailyNoteSettings | null = null;
  private loading = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: QuireApi) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DailyNoteSettings | null => this.settings;

  /** Asks the host, unless it is already asked; a failed load is retried on the next use. */
  load(): void {
    if (this.settings || this.loading) return;
    this.loading = true;
    this.api.dailyNotes.settings.query().then(
      (settings) => {
        this.loading = false;
        this.set(settings);
      },
      () => {
        this.loading = false;
      },
    );
  }

  set(settings: DailyNoteSettings): void {
    this.settings = settings;
    for (const listener of [...this.listeners]) listener();
  }
}

const stores = new WeakMap<QuireApi, DailySettingsStore>();

export function dailySettingsStore(api: QuireApi): DailySettingsStore {
  let store = stores.get(api);
  if (!store) {
    store = new DailySettingsStore(api);
    stores.set(api, store);
  }
  return store;
}

/** The daily-note settings (null until the host answered). */
export function useDailyNoteSettings(): DailyNoteSettings | null {
  const { api } = useServices();
  const store = dailySettingsStore(api);
  const settings = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => store.load(), [store]);
  return settings;
}
