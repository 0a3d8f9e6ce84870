import { folderAncestry, isInFolder, type FolderSort } from '../../../../src-shared/api/folders-api';
import type { FolderNode } from '../../api/quire-api';

/** One visible row of the tree, in display order. */
export interface FolderRow {
  node: FolderNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

const byName = (a: FolderNode, b: FolderNode): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

/**
 * The rows a user sees: children under their parent, sorted by name or by latest change, and
 * nothing under a collapsed folder. The host sends parents before children.
 */
export function visibleRows(
  nodes: readonly FolderNode[],
  collapsed: ReadonlySet<string>,
  sort: FolderSort,
): FolderRow[] {
  const children = new Map<string, FolderNode[]>();
  for (const node of nodes) {
    const siblings = children.get(node.parent);
    if (siblings) siblings.push(node);
    else children.set(node.parent, [node]);
  }
  const compare =
    sort === 'name' ? byName : (a: FolderNode, b: FolderNode) => b.updatedAt - a.updatedAt || byName(a, b);
  for (const siblings of children.values()) siblings.sort(compare);
  const rows: FolderRow[] = [];
  const walk = (parent: string, depth: number): void => {
    for (const node of children.get(parent) ?? []) {
      const hasChildren = children.has(node.path);
      const expanded = hasChildren && !collapsed.has(node.path);
      rows.push({ node, depth, hasChildren, expanded });
      if (expanded) walk(node.path, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}

/** Where a dragged thing may go: a note anywhere; a folder not into itself, its child or its parent. */
export type DragItem = { kind: 'note'; id: string; folder: string } | { kind: 'folder'; path: string };

export function canDrop(item: DragItem, target: string): boolean {
  if (item.kind === 'note') return item.folder !== target;
  if (isInFolder(target, item.path) && target !== '') return false;
  // Dropping a folder onto its own parent changes nothing.
  const parent = item.path.includes('/') ? item.path.slice(0, item.path.lastIndexOf('/')) : '';
  return parent !== target;
}

/** The path a folder gets when dropped into `target` ('' = the root). */
export function movedPath(path: string, target: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return target === '' ? name : `${target}/${name}`;
}

/** The collapsed set with every ancestor of `path` opened, so the folder is visible. */
export function expandTo(collapsed: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(collapsed);
  for (const ancestor of folderAncestry(path).slice(0, -1)) next.delete(ancestor);
  return next;
}

/** The drag data type of Quire's own drags (a note row, a folder row). */
export const DRAG_TYPE = 'application/x-quire-item';

export function readDragItem(data: DataTransfer | null): DragItem | null {
  const raw = data?.getData(DRAG_TYPE);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<DragItem> & Record<string, unknown>;
    if (value.kind === 'note' && typeof value.id === 'string' && typeof value.folder === 'string')
      return { kind: 'note', id: value.id, folder: value.folder };
    if (value.kind === 'folder' && typeof value.path === 'string')
      return { kind: 'folder', path: value.path };
  } catch {
    // Not ours.
  }
  return null;
}
