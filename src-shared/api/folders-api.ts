import { z } from 'zod';
import { folderSchema, repairText } from '../schema/note';

/**
 * `folders.*`: the folder tree of the sidebar. Folders holding notes come from the notes' own
 * `folder` field; folders the user makes empty are remembered on this device until they hold a
 * note or are deleted.
 */

/** At most this many folders in one tree answer (a vault of 50,000 notes has far fewer). */
export const FOLDER_TREE_MAX = 20_000;
/** Empty folders and collapsed paths this device remembers (the settings file stays small). */
export const REMEMBERED_FOLDERS_MAX = 2_000;

const SEGMENT_PROBLEM = 'A folder name cannot be empty, “.” or “..”, or start or end with a space';

/**
 * A folder the user names: `a/b` with no empty, `.`, `..` or space-padded part and no leading or
 * trailing `/`. Stored notes may hold folders imported as they were on disk (`folderSchema`);
 * those are still accepted where an existing folder is named (`existingFolderSchema`).
 */
export const folderPathSchema = z
  .string()
  .transform(repairText)
  .pipe(
    folderSchema
      .pipe(z.string().min(1, 'Give the folder a name'))
      .refine(
        (path) =>
          path
            .split('/')
            .every((part) => part !== '' && part !== '.' && part !== '..' && part.trim() === part),
        SEGMENT_PROBLEM,
      )
      .refine((path) => !path.includes('\\'), 'A folder name cannot contain “\\”'),
  );

/** A folder that exists (it may have been imported with names Quire would not make). */
export const existingFolderSchema = folderSchema.pipe(z.string().min(1));

export const folderNodeSchema = z.object({
  path: z.string(),
  /** The last part of the path. */
  name: z.string(),
  /** '' for a folder at the root. */
  parent: z.string(),
  /** Live notes directly in this folder. */
  noteCount: z.number().int().nonnegative(),
  /** Live notes in this folder and every folder below it. */
  totalCount: z.number().int().nonnegative(),
  /** The latest change of a note in this folder or below (0 for an empty folder). */
  updatedAt: z.number().int().nonnegative(),
  /** Made by the user and holding no note yet (kept on this device only). */
  empty: z.boolean(),
});
export type FolderNode = z.infer<typeof folderNodeSchema>;

export const folderSortSchema = z.enum(['name', 'updated']);
export type FolderSort = z.infer<typeof folderSortSchema>;

export const folderSettingsSchema = z.object({
  /** Paths shown collapsed; every other folder with children is expanded. */
  collapsed: z.array(existingFolderSchema).max(REMEMBERED_FOLDERS_MAX),
  sort: folderSortSchema,
  /** A folder's note list shows the notes of its subfolders too. */
  includeSubfolders: z.boolean(),
});
export type FolderSettings = z.infer<typeof folderSettingsSchema>;

export const DEFAULT_FOLDER_SETTINGS: FolderSettings = {
  collapsed: [],
  sort: 'name',
  includeSubfolders: false,
};

export const setFolderSettingsInput = folderSettingsSchema.partial();

export const createFolderInput = z.object({ path: folderPathSchema });
export const deleteFolderInput = z.object({ path: existingFolderSchema });
export interface DeleteFolderResult {
  /** Notes moved to the trash (each keeps its folder, so restoring puts it back). */
  trashed: number;
}

/** `a/b/c` → `a/b`; '' for a root folder. */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `a/b/c` → `c`. */
export function folderName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The folder itself or a folder below it. */
export function isInFolder(folder: string, ancestor: string): boolean {
  return ancestor === '' || folder === ancestor || folder.startsWith(`${ancestor}/`);
}

/** `a/b/c` → `['a', 'a/b', 'a/b/c']`. */
export function folderAncestry(path: string): string[] {
  if (path === '') return [];
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}
