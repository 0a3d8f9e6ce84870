import type { SettingsStore } from '../settings/settings-store';
import {
  DEFAULT_ATTACHMENT_SETTINGS,
  attachmentSettingsSchema,
  type AttachmentSettings,
} from '../../src-shared/api/attachments-api';

const KEY = 'attachments';

/** Where pasted files go and how they are linked; kept in the host's settings file. */
export interface AttachmentSettingsStore {
  get(): AttachmentSettings;
  set(patch: { [K in keyof AttachmentSettings]?: AttachmentSettings[K] | undefined }): AttachmentSettings;
}

export function createAttachmentSettings(deps: { settings: SettingsStore }): AttachmentSettingsStore {
  /** A hand-edited or older file keeps its valid fields; the rest fall back to defaults. */
  const read = (): AttachmentSettings => {
    const stored = deps.settings.get(KEY);
    const result: AttachmentSettings = { ...DEFAULT_ATTACHMENT_SETTINGS };
    if (typeof stored !== 'object' || stored === null) return result;
    const shape = attachmentSettingsSchema.shape;
    for (const key of Object.keys(shape) as (keyof AttachmentSettings)[]) {
      const parsed = shape[key].safeParse((stored as Record<string, unknown>)[key]);
      if (parsed.success) Object.assign(result, { [key]: parsed.data });
    }
    return result;
  };
  return {
    get: read,
    set(patch) {
      const given = Object.entries(patch).filter(([, value]) => value !== undefined);
      const next = attachmentSettingsSchema.parse({ ...read(), ...Object.fromEntries(given) });
      deps.settings.set(KEY, next);
      return next;
    },
  };
}

/** The vault folder new attachments of a note in `noteFolder` go to ('' = the vault root). */
export function attachmentFolderFor(settings: AttachmentSettings, noteFolder: string): string {
  const folder = settings.folder.trim();
  const relative = folder === '.' || folder.startsWith('./');
  const parts = [...(relative ? noteFolder.split('/') : []), ...folder.split('/')];
  const out: string[] = [];
  for (const part of parts) {
    const name = part.trim();
    if (name === '' || name === '.') continue;
    if (name === '..') out.pop();
    else out.push(name);
  }
  return out.join('/');
}
