import { z } from 'zod';
import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection, type SettingsSection } from '../settings/settings-section';
import {
  DEFAULT_FOLDER_SETTINGS,
  existingFolderSchema,
  folderSettingsSchema,
  REMEMBERED_FOLDERS_MAX,
  type FolderSettings,
} from '../../src-shared/api/folders-api';

/** The tree's collapsed folders, its sort and the list's "include subfolders"; this device only. */
export function createFolderSettings(deps: { settings: SettingsStore }): SettingsSection<FolderSettings> {
  return createSettingsSection({
    settings: deps.settings,
    key: 'folders',
    schema: folderSettingsSchema,
    defaults: DEFAULT_FOLDER_SETTINGS,
    normalize: (value) => ({ ...value, collapsed: [...new Set(value.collapsed)] }),
  });
}

const emptyFoldersSchema = z.object({ paths: z.array(existingFolderSchema).max(REMEMBERED_FOLDERS_MAX) });

/**
 * Folders the user made that hold no note yet. Notes carry their folder, so a folder with notes
 * needs no record; an empty one exists only here, on this device (it does not sync).
 */
export function createEmptyFolders(deps: { settings: SettingsStore }): SettingsSection<{ paths: string[] }> {
  return createSettingsSection({
    settings: deps.settings,
    key: 'emptyFolders',
    schema: emptyFoldersSchema,
    defaults: { paths: [] },
    normalize: (value) => ({ paths: [...new Set(value.paths)].sort() }),
  });
}
