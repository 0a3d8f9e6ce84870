import type { GraphInput, GraphNode, GraphOutput } from '../../src-shared/api/link-index-api';
import { LINK_INDEX_LIMITS } from '../../src-shared/api/link-index-api';
import { normalizeTagFilter, tagMatches } from '../../src-shared/markdown/inline-tags';
import type { LinkModel } from './link-model';
import type { IndexedNote } from './link-store';

type GraphRequest = GraphInput & { limit?: number | undefined };

function passes(note: IndexedNote, tag: string | null, folder: string | null): boolean {
  if (folder !== null && note.folder !== folder && !note.folder.startsWith(`${folder}/`)) return false;
  return tag === null || note.tags.some((t) => tagMatches(t, tag));
}

/**
 * The graph view's data: notes as nodes, resolved links as undirected edges (each pair once, no
 * self-loops). Over the limit the best-linked notes are kept (for a local graph: nearer first).
 */
export function buildGraph(model: LinkModel, input: GraphRequest): GraphOutput {
  const limit = input.limit ?? LINK_INDEX_LIMITS.graphNodesMax;
  const tag = input.tag === undefined ? null : normalizeTagFilter(input.tag);
  const folder = input.folder === undefined || input.folder === '' ? null : input.folder.replace(/\/+$/, '');
  const neighbours = new Map<string, Set<string>>();
  const neighboursOf = (id: string): Set<string> => {
    let found = neighbours.get(id);
    if (!found) neighbours.set(id, (found = model.neighbours(id)));
    return found;
  };

  let chosen: string[];
  let truncated = false;
  if (input.scope === 'vault') {
    const candidates: string[] = [];
    for (const note of model.notes()) if (passes(note, tag, folder)) candidates.push(note.id);
    if (candidates.length > limit) {
      truncated = true;
      const degree = new Map(candidates.map((id) => [id, neighboursOf(id).size]));
      candidates.sort((a, b) => degree.get(b)! - degree.get(a)! || (a < b ? -1 : 1));
      candidates.length = limit;
    }
    chosen = candidates;
  } else {
    const center = model.get(input.id);
    if (!center) return { nodes: [], edges: [], truncated: false };
    // Breadth first, nearer notes first; filters leave out other notes, never the one asked about.
    const seen = new Set([center.id]);
    chosen = [center.id];
    let frontier = [center.id];
    for (let depth = 0; depth < input.depth && !truncated; depth += 1) {
      const next: string[] = [];
      for (const id of frontier) {
        const ring = [...neighboursOf(id)].sort();
        for (const neighbour of ring) {
          if (seen.has(neighbour)) continue;
          seen.add(neighbour);
          const note = model.get(neighbour);
          if (!note || !passes(note, tag, folder)) continue;
          if (chosen.length >= limit) {
            truncated = true;
            break;
          }
          chosen.push(neighbour);
          next.push(neighbour);
        }
        if (truncated) break;
      }
      frontier = next;
    }
  }

  const indexOf = new Map(chosen.map((id, i) => [id, i]));
  const nodes: GraphNode[] = chosen.map((id) => {
    const note = model.get(id)!;
    return {
      id,
      title: note.title,
      folder: note.folder,
      tags: [...note.tags],
      degree: neighboursOf(id).size,
    };
  });
  const edges: [number, number][] = [];
  const seenPairs = new Set<number>();
  const count = chosen.length;
  chosen.forEach((id, a) => {
    for (const target of model.resolutions(id)) {
      if (target === null) continue;
      const b = indexOf.get(target);
      if (b === undefined || b === a) continue;
      const low = Math.min(a, b);
      const high = Math.max(a, b);
      const pair = low * count + high;
      if (seenPairs.has(pair)) continue;
      seenPairs.add(pair);
      edges.push([low, high]);
    }
  });
  return { nodes, edges, truncated };
}
