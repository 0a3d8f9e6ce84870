import type { TagNode } from '../../api/quire-api';
import { tagKey } from '../../../../src-shared/markdown/inline-tags';

export type TagSort = 'name' | 'count';

export interface TagRow {
  node: TagNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

const byName = (a: TagNode, b: TagNode): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

/** Visible rows: nested tags under their parent (matched any case), only under expanded ones. */
export function visibleTagRows(
  nodes: readonly TagNode[],
  expanded: ReadonlySet<string>,
  sort: TagSort,
): TagRow[] {
  const children = new Map<string, TagNode[]>();
  for (const node of nodes) {
    const parent = tagKey(node.parent);
    const siblings = children.get(parent);
    if (siblings) siblings.push(node);
    else children.set(parent, [node]);
  }
  const compare =
    sort === 'name' ? byName : (a: TagNode, b: TagNode) => b.totalCount - a.totalCount || byName(a, b);
  for (const siblings of children.values()) siblings.sort(compare);
  const rows: TagRow[] = [];
  const walk = (parent: string, depth: number): void => {
    for (const node of children.get(parent) ?? []) {
      const key = tagKey(node.path);
      const hasChildren = children.has(key);
      const open = hasChildren && expanded.has(key);
      rows.push({ node, depth, hasChildren, expanded: open });
      if (open) walk(key, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}
