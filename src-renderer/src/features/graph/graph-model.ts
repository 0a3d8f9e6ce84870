import type { GraphOutput } from '../../../../src-shared/api/link-index-api';
import { normalizeTagFilter, tagMatches } from '../../../../src-shared/markdown/inline-tags';
import { adjacencyOf } from '../../../../src-shared/graph/graph-layout';

/**
 * The graph as the view uses it: the host's answer plus what the view derives once per answer
 * (neighbours, top-level folders), and the pure transforms the toolbar applies (filters, find).
 */
export interface GraphModel {
  data: GraphOutput;
  /** Node index → indices of its neighbours among the nodes shown. */
  neighbours: number[][];
  /** Node index → its top-level folder ('' for the vault's root). */
  groups: string[];
  /** Note id → node index. */
  indexOf: Map<string, number>;
}

export function buildGraphModel(data: GraphOutput): GraphModel {
  return {
    data,
    neighbours: adjacencyOf(data.nodes.length, data.edges),
    groups: data.nodes.map((node) => topFolder(node.folder)),
    indexOf: new Map(data.nodes.map((node, index) => [node.id, index])),
  };
}

export function topFolder(folder: string): string {
  const slash = folder.indexOf('/');
  return slash < 0 ? folder : folder.slice(0, slash);
}

export interface GraphFilters {
  /** A tag (with or without `#`); nested tags match their parent. '' = any. */
  tag: string;
  /** A folder path; notes in it or below it. '' = any. */
  folder: string;
  /** Show notes with no links among the nodes shown. */
  orphans: boolean;
}

export const NO_FILTERS: GraphFilters = { tag: '', folder: '', orphans: true };

function inFolder(folder: string, wanted: string): boolean {
  return folder === wanted || folder.startsWith(`${wanted}/`);
}

/**
 * Which nodes the filters keep (1) or hide (0). A note is an orphan when none of its neighbours
 * is kept, so hiding orphans also hides notes the tag or folder filter cut loose.
 */
export function visibleNodes(model: GraphModel, filters: GraphFilters): Uint8Array {
  const { nodes } = model.data;
  const tag = normalizeTagFilter(filters.tag);
  const folder = filters.folder.trim().replace(/^\/+|\/+$/g, '');
  const keep = new Uint8Array(nodes.length);
  nodes.forEach((node, i) => {
    const tagOk = tag === '' || node.tags.some((t) => tagMatches(t, tag));
    const folderOk = folder === '' || inFolder(node.folder, folder);
    keep[i] = tagOk && folderOk ? 1 : 0;
  });
  if (filters.orphans) return keep;
  const linked = new Uint8Array(nodes.length);
  model.neighbours.forEach((list, i) => {
    linked[i] = keep[i] === 1 && list.some((j) => keep[j] === 1) ? 1 : 0;
  });
  return linked;
}

/** The distinct tags and folders (with every parent folder) of the nodes, most used first. */
export function filterSuggestions(model: GraphModel): { tags: string[]; folders: string[] } {
  const tags = new Map<string, number>();
  const folders = new Map<string, number>();
  for (const node of model.data.nodes) {
    for (const tag of node.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const parts = node.folder === '' ? [] : node.folder.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = parts.slice(0, depth).join('/');
      folders.set(path, (folders.get(path) ?? 0) + 1);
    }
  }
  const byUse = (counts: Map<string, number>): string[] =>
    [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  return { tags: byUse(tags), folders: byUse(folders) };
}

/**
 * The nodes whose title matches `query`, best first: exact, then prefix, then a word starting
 * with it, then anywhere; ties go to the better-linked note. Case-insensitive; hidden nodes skipped.
 */
export function findNodes(model: GraphModel, query: string, visible: Uint8Array, limit = 8): number[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [];
  const scored: { index: number; rank: number }[] = [];
  model.data.nodes.forEach((node, index) => {
    if (visible[index] !== 1) return;
    const title = node.title.toLowerCase();
    const at = title.indexOf(wanted);
    if (at < 0) return;
    const rank = title === wanted ? 0 : at === 0 ? 1 : /[\s\-_/([]/.test(title[at - 1] ?? '') ? 2 : 3;
    scored.push({ index, rank });
  });
  const degree = (i: number): number => model.data.nodes[i]?.degree ?? 0;
  scored.sort((a, b) => a.rank - b.rank || degree(b.index) - degree(a.index) || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.index);
}

/** A node's drawn size: grows with the square root of its links, smaller on crowded graphs. */
export function nodeSize(degree: number, nodeCount: number): number {
  const base = nodeCount > 5_000 ? 1.6 : nodeCount > 1_000 ? 2.4 : 4;
  return Math.min(base * 5, base + Math.sqrt(Math.max(0, degree)) * (base * 0.6));
}

/** The same graph as before (a refetch after an edit that changed no link, title or folder). */
export function sameGraph(a: GraphOutput, b: GraphOutput): boolean {
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length || a.truncated !== b.truncated)
    return false;
  const nodesSame = a.nodes.every((node, i) => {
    const other = b.nodes[i];
    return (
      other !== undefined &&
      node.id === other.id &&
      node.title === other.title &&
      node.folder === other.folder &&
      node.degree === other.degree &&
      node.tags.join('\n') === other.tags.join('\n')
    );
  });
  return nodesSame && a.edges.every(([x, y], i) => b.edges[i]?.[0] === x && b.edges[i]?.[1] === y);
}
