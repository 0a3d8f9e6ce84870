import { useCallback, useEffect, useState } from 'react';
import {
  DEFAULT_PREFERENCES,
  preferencesSchema,
  type Preferences,
} from '../../../../src-shared/api/settings-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { toasts } from '../../ui';

const CACHE_KEY = 'quire.preferences';

/**
 * The last preferences seen, kept in localStorage so the theme and layout are right on the first
 * frame instead of flashing the defaults while the host answers.
 */
export function readCachedPreferences(): Preferences {
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

function cache(preferences: Preferences): void {
  try {
    localStorage.setItem(CACHE_KEY, JSON.stringify(preferences));
  } catch {
    // Storage may be full or disabled; the cache only saves a flash of defaults.
  }
}

export interface PreferencesState {
  preferences: Preferences;
  update: (patch: Partial<Preferences>) => void;
}

/** Host-stored preferences: applied optimistically, kept in step with other windows. */
export function usePreferences(): PreferencesState {
  const { api } = useServices();
  const [preferences, setPreferences] = useState(readCachedPreferences);

  const accept = useCallback((next: Preferences) => {
    cache(next);
    setPreferences(next);
  }, []);

  useEffect(() => {
    let active = true;
    api.settings.preferences
      .query()
      .then((p) => active && accept(p))
      .catch((error: unknown) =>
        toasts.show({ tone: 'error', message: `Couldn’t load your settings. ${describeFailure(error)}` }),
      );
    const subscription = api.settings.preferencesChanged.subscribe(undefined, {
      onData: (p) => accept(p),
      // Losing this stream only means another window's change shows up later; not worth a toast.
      onError: () => undefined,
    });
    return () => {
      active = false;
      subscription.unsubscribe();
    };
  }, [api, accept]);

  const update = useCallback(
    (patch: Partial<Preferences>) => {
      setPreferences((current) => ({ ...current, ...patch }));
      api.settings.updatePreferences
        .mutate(patch)
        .then(accept)
        .catch((error: unknown) => {
          toasts.show({ tone: 'error', message: `Couldn’t save that setting. ${describeFailure(error)}` });
          // Put back whatever the host really has.
          api.settings.preferences.query().then(accept, () => undefined);
        });
    },
    [api, accept],
  );

  return { preferences, update };
}
