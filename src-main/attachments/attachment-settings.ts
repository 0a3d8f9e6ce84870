import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection } from '../settings/settings-section';
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
  return createSettingsSection({
    settings: deps.settings,
    key: KEY,
    schema: attachmentSettingsSchema,
    defaults: DEFAULT_ATTACHMENT_SETTINGS,
  });
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
