import type { MangoQueryOperators } from 'rxdb';

/**
 * `notes.list`'s folder filter: the folder exactly, or (with `below`) it and its subfolders as a
 * range on the folder index ('0' follows '/'), narrowed by a pattern to whole path parts (`a`
 * takes `a/b`, not `a b`). Undefined when nothing is filtered (the root and below).
 */
export function folderSelector(
  folder: string,
  below: boolean | undefined,
): string | MangoQueryOperators<string> | undefined {
  if (!below) return folder;
  if (folder === '') return undefined;
  const escaped = folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { $gte: folder, $lt: `${folder}0`, $regex: `^${escaped}(?:/|$)` };
}
