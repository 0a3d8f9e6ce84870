import { z } from 'zod';

export const themePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof themePreferenceSchema>;

/** Live Preview (Markdown drawn in place, Obsidian's default) or the plain source. */
export const editorModeSchema = z.enum(['live', 'source']);
export type EditorMode = z.infer<typeof editorModeSchema>;

/** User preferences the UI may read and write. Window geometry lives in the shell, not here. */
export const preferencesSchema = z.object({
  theme: themePreferenceSchema,
  previewOpen: z.boolean(),
  /** The outline column beside the editor. */
  outlineOpen: z.boolean(),
  /** Milliseconds of idle typing before the editor saves. */
  autosaveDelayMs: z.number().int().min(100).max(5_000),
  editorMode: editorModeSchema,
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  previewOpen: false,
  outlineOpen: false,
  autosaveDelayMs: 400,
  editorMode: 'live',
};

export const updatePreferencesInput = preferencesSchema.partial();
export type PreferencesPatch = z.infer<typeof updatePreferencesInput>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  runtime: z.enum(['electron', 'web', 'node', 'cli']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
