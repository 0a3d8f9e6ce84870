import type { z } from 'zod';
import type { SettingsStore } from './settings-store';

/** One group of settings kept under one key of the host's settings file (attachments, daily notes…). */
export interface SettingsSection<T> {
  get(): T;
  set(patch: { [K in keyof T]?: T[K] | undefined }): T;
}

export function createSettingsSection<Shape extends z.ZodRawShape>(deps: {
  settings: SettingsStore;
  key: string;
  schema: z.ZodObject<Shape>;
  defaults: z.infer<z.ZodObject<Shape>>;
  /** Applied to a valid value before it is stored, so `get` shows what the host will use. */
  normalize?: (value: z.infer<z.ZodObject<Shape>>) => z.infer<z.ZodObject<Shape>>;
}): SettingsSection<z.infer<z.ZodObject<Shape>>> {
  type T = z.infer<z.ZodObject<Shape>>;
  const { settings, key, schema, defaults, normalize = (value: T) => value } = deps;
  /** A hand-edited or older file keeps its valid fields; the rest fall back to defaults. */
  const read = (): T => {
    const stored = settings.get(key);
    const result: T = { ...defaults };
    if (typeof stored !== 'object' || stored === null) return result;
    for (const [field, fieldSchema] of Object.entries(schema.shape) as [string, z.ZodType][]) {
      const parsed = fieldSchema.safeParse((stored as Record<string, unknown>)[field]);
      if (parsed.success) Object.assign(result, { [field]: parsed.data });
    }
    return result;
  };
  return {
    get: read,
    set(patch) {
      const given = Object.entries(patch).filter(([, value]) => value !== undefined);
      const next = normalize(schema.parse({ ...read(), ...Object.fromEntries(given) }));
      settings.set(key, next);
      return next;
    },
  };
}
