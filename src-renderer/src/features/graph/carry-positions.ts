import type { GraphModel } from './graph-model';

/**
 * Starting positions for a new answer from the previous one's, so a refetch after an edit (or a
 * depth change) does not scatter the graph: known notes keep their place, a new note starts at
 * a known neighbour's. Null when too little is shared to be worth keeping.
 */
export function carryPositions(
  previous: { model: GraphModel; positions: Float32Array } | null,
  next: GraphModel,
): Float32Array | null {
  if (!previous || previous.model === next) return null;
  const count = next.data.nodes.length;
  const out = new Float32Array(count * 2);
  const known = new Uint8Array(count);
  let shared = 0;
  next.data.nodes.forEach((node, i) => {
    const before = previous.model.indexOf.get(node.id);
    if (before === undefined) return;
    out[i * 2] = previous.positions[before * 2] ?? 0;
    out[i * 2 + 1] = previous.positions[before * 2 + 1] ?? 0;
    known[i] = 1;
    shared += 1;
  });
  if (shared < count / 2) return null;
  next.neighbours.forEach((list, i) => {
    if (known[i]) return;
    const anchor = list.find((j) => known[j] === 1);
    // A small offset by index: two new notes on one neighbour must not sit on the same point.
    const angle = i * 2.399963;
    out[i * 2] = (anchor === undefined ? 0 : (out[anchor * 2] ?? 0)) + 6 * Math.cos(angle);
    out[i * 2 + 1] = (anchor === undefined ? 0 : (out[anchor * 2 + 1] ?? 0)) + 6 * Math.sin(angle);
  });
  return out;
}
