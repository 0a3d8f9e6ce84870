import iterate from 'graphology-layout-forceatlas2/iterate.js';
// The default export: the package is CommonJS, and Node's ESM loader sees no named exports in it.
import forceAtlas2, { type ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

/**
 * The graph view's layout, runnable anywhere (renderer, its worker, Node for the benchmark):
 * ForceAtlas2's own iteration kernel (the one its sync layout and its worker run) on flat
 * matrices kept between steps, so a worker can run it a slice at a time and post positions.
 * Everything is seeded: the same graph, seed and iteration count give the same positions.
 */

export interface LayoutInput {
  nodes: readonly { id: string }[];
  /** Indices into `nodes`; self-loops and out-of-range pairs are ignored. */
  edges: readonly (readonly [number, number])[];
}

export interface LayoutOptions {
  iterations: number;
  seed: number;
}

// ForceAtlas2's matrix layout (graphology-layout-forceatlas2/iterate.js): 10 floats per node, 3 per edge.
const PPN = 10;
const PPE = 3;
const NODE_MASS = 6;
const NODE_CONVERGENCE = 7;
const NODE_SIZE = 8;

/** A small, fast PRNG (mulberry32): seeded, identical on every runtime. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cheap starting positions (x,y pairs), so something shows before the first layout step: nodes
 * in breadth-first order, each placed near the neighbour that reached it, roots spread on a
 * sunflower spiral. Linked notes start close, and ForceAtlas2 has less to untangle. O(n + m).
 */
export function seedPositions(input: LayoutInput, seed: number): Float32Array {
  const count = input.nodes.length;
  const positions = new Float32Array(count * 2);
  const random = seededRandom(seed);
  const adjacency = adjacencyOf(count, input.edges);
  const placed = new Uint8Array(count);
  const queue = new Int32Array(count);
  const spread = Math.sqrt(count) * 10 + 10;
  const golden = Math.PI * (3 - Math.sqrt(5));
  let roots = 0;
  for (let start = 0; start < count; start++) {
    if (placed[start]) continue;
    const radius = spread * Math.sqrt((roots + 0.5) / Math.max(1, count));
    const angle = roots * golden;
    roots += 1;
    positions[start * 2] = radius * Math.cos(angle);
    positions[start * 2 + 1] = radius * Math.sin(angle);
    placed[start] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const node = queue[head++] ?? 0;
      for (const next of adjacency[node] ?? []) {
        if (placed[next]) continue;
        placed[next] = 1;
        const a = random() * Math.PI * 2;
        const r = 2 + random() * 8;
        positions[next * 2] = (positions[node * 2] ?? 0) + r * Math.cos(a);
        positions[next * 2 + 1] = (positions[node * 2 + 1] ?? 0) + r * Math.sin(a);
        queue[tail++] = next;
      }
    }
  }
  return positions;
}

/** Each node's neighbours (both directions, no duplicates, no self-loops). */
export function adjacencyOf(count: number, edges: LayoutInput['edges']): number[][] {
  const adjacency: number[][] = Array.from({ length: count }, () => []);
  const seen = new Set<number>();
  for (const [a, b] of edges) {
    if (a === b || a < 0 || b < 0 || a >= count || b >= count) continue;
    const key = a < b ? a * count + b : b * count + a;
    if (seen.has(key)) continue;
    seen.add(key);
    adjacency[a]?.push(b);
    adjacency[b]?.push(a);
  }
  return adjacency;
}

/** From this order on, repulsion goes through the Barnes-Hut quadtree instead of every pair. */
export const BARNES_HUT_FROM = 250;

/**
 * ForceAtlas2 settings for a graph of this size: the package's own inference, every key set, with
 * Barnes-Hut from a much lower order than its 2,000 (below that it is O(n²): 2,000 nodes × 100
 * iterations took 3.7 s of CPU, 0.7 s with the quadtree) and a coarser θ on big graphs (θ 1.4
 * is about 1.5× faster than 1 at 10,000 notes, and a note map needs no more precision).
 */
export function layoutSettings(order: number): Required<ForceAtlas2Settings> {
  const inferred = forceAtlas2.inferSettings(Math.max(1, order));
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 1,
    strongGravityMode: false,
    gravity: 1,
    slowDown: 1,
    ...inferred,
    barnesHutOptimize: order >= BARNES_HUT_FROM,
    barnesHutTheta: order > 5_000 ? 1.4 : 1,
  };
}

export interface LayoutSimulation {
  readonly nodeCount: number;
  readonly iterations: number;
  /** Runs `count` more iterations. */
  step(count: number): void;
  /** The current positions as x,y pairs (a fresh copy). */
  positions(): Float32Array;
  /** Mean distance a node moved in the last step, relative to the graph's extent (0 when idle). */
  movement(): number;
}

/**
 * A layout that runs a step at a time from `initial` positions (x,y pairs; `seedPositions` when
 * omitted). Node mass is 1 + degree, as ForceAtlas2 sets it, so hubs push harder.
 */
export function createLayoutSimulation(
  input: LayoutInput,
  options: { seed: number; initial?: Float32Array },
): LayoutSimulation {
  const count = input.nodes.length;
  const start = options.initial ?? seedPositions(input, options.seed);
  const settings = layoutSettings(count);
  const adjacency = adjacencyOf(count, input.edges);
  let edgeCount = 0;
  for (const list of adjacency) edgeCount += list.length;
  edgeCount /= 2;

  const nodes = new Float32Array(count * PPN);
  const edges = new Float32Array(edgeCount * PPE);
  for (let i = 0; i < count; i++) {
    const j = i * PPN;
    nodes[j] = start[i * 2] ?? 0;
    nodes[j + 1] = start[i * 2 + 1] ?? 0;
    nodes[j + NODE_MASS] = 1 + (adjacency[i]?.length ?? 0);
    nodes[j + NODE_CONVERGENCE] = 1;
    nodes[j + NODE_SIZE] = 1;
  }
  // The kernel stores matrix offsets (index × PPN) for edge ends, not node indices.
  let e = 0;
  adjacency.forEach((list, a) => {
    for (const b of list) {
      if (b < a) continue;
      edges[e] = a * PPN;
      edges[e + 1] = b * PPN;
      edges[e + 2] = 1;
      e += PPE;
    }
  });

  let done = 0;
  let lastMovement = 0;
  const read = (): Float32Array => {
    const out = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) {
      out[i * 2] = nodes[i * PPN] ?? 0;
      out[i * 2 + 1] = nodes[i * PPN + 1] ?? 0;
    }
    return out;
  };

  return {
    nodeCount: count,
    get iterations() {
      return done;
    },
    step(iterations) {
      if (count === 0 || iterations <= 0) return;
      const before = read();
      for (let i = 0; i < iterations; i++) iterate(settings, nodes, edges);
      done += iterations;
      lastMovement = relativeMovement(before, read()) / iterations;
    },
    positions: read,
    movement: () => lastMovement,
  };
}

function relativeMovement(before: Float32Array, after: Float32Array): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let moved = 0;
  const count = after.length / 2;
  for (let i = 0; i < count; i++) {
    const x = after[i * 2] ?? 0;
    const y = after[i * 2 + 1] ?? 0;
    moved += Math.hypot(x - (before[i * 2] ?? 0), y - (before[i * 2 + 1] ?? 0));
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const extent = Math.max(maxX - minX, maxY - minY, 1);
  return moved / count / extent;
}

/**
 * The whole layout in one call: seeded start, then `iterations` of ForceAtlas2. Returns x,y
 * pairs in node order. This is what the benchmark times as `graph_layout_ms`.
 */
export function layoutGraph(input: LayoutInput, options: LayoutOptions): Float32Array {
  const simulation = createLayoutSimulation(input, { seed: options.seed });
  simulation.step(Math.max(0, Math.floor(options.iterations)));
  return simulation.positions();
}
