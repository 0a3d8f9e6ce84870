import { Subject, type Observable } from 'rxjs';
import type { SettingsStore } from './settings-store';
import {
  DEFAULT_PREFERENCES,
  preferencesSchema,
  type Preferences,
  type PreferencesPatch,
} from '../../src-shared/api/settings-api';

const KEY = 'preferences';

export interface PreferencesService {
  get(): Preferences;
  update(patch: PreferencesPatch): Preferences;
  readonly changes$: Observable<Preferences>;
}

export function createPreferencesService(deps: { settings: SettingsStore }): PreferencesService {
  const changes = new Subject<Preferences>();

  /** A hand-edited or older file keeps its valid fields; the rest fall back to defaults. */
  const read = (): Preferences => {
    const stored = deps.settings.get(KEY);
    const result: Preferences = { ...DEFAULT_PREFERENCES };
    if (typeof stored !== 'object' || stored === null) return result;
    const shape = preferencesSchema.shape;
    for (const key of Object.keys(shape) as (keyof Preferences)[]) {
      const parsed = shape[key].safeParse((stored as Record<string, unknown>)[key]);
      if (parsed.success) Object.assign(result, { [key]: parsed.data });
    }
    return result;
  };

  return {
    get: read,
    update(patch) {
      // A key sent as undefined means "unchanged", not "unset".
      const given = Object.entries(patch).filter(([, value]) => value !== undefined);
      const next = preferencesSchema.parse({ ...read(), ...Object.fromEntries(given) });
      deps.settings.set(KEY, next);
      changes.next(next);
      return next;
    },
    changes$: changes.asObservable(),
  };
}
