import { describe, expect, it } from 'vitest';
import {
  adjacencyOf,
  BARNES_HUT_FROM,
  layoutSettings,
  createLayoutSimulation,
  layoutGraph,
  seedPositions,
  seededRandom,
  type LayoutInput,
} from '../../src-shared/graph/graph-layout';

/** Two clusters of `size` notes in rings, joined by one bridge. */
function twoClusters(size: number): LayoutInput {
  const nodes = Array.from({ length: size * 2 }, (_, i) => ({ id: `n${i}` }));
  const edges: [number, number][] = [];
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < size; i++) {
      edges.push([c * size + i, c * size + ((i + 1) % size)]);
      edges.push([c * size + i, c * size + ((i + 3) % size)]);
    }
  }
  edges.push([0, size]);
  return { nodes, edges };
}

const distance = (p: Float32Array, a: number, b: number): number =>
  Math.hypot((p[a * 2] ?? 0) - (p[b * 2] ?? 0), (p[a * 2 + 1] ?? 0) - (p[b * 2 + 1] ?? 0));

describe('graph layout', () => {
  it('is deterministic for a seed, and a different seed gives a different layout', () => {
    const graph = twoClusters(30);
    const a = layoutGraph(graph, { iterations: 50, seed: 7 });
    const b = layoutGraph(graph, { iterations: 50, seed: 7 });
    const c = layoutGraph(graph, { iterations: 50, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(graph.nodes.length * 2);
    expect([...a].every(Number.isFinite)).toBe(true);
  });

  it('running in slices gives the same positions as running at once (the worker steps it)', () => {
    const graph = twoClusters(20);
    const sliced = createLayoutSimulation(graph, { seed: 3 });
    for (let i = 0; i < 10; i++) sliced.step(4);
    expect(sliced.iterations).toBe(40);
    expect(sliced.positions()).toEqual(layoutGraph(graph, { iterations: 40, seed: 3 }));
  });

  it('pulls linked notes together: a cluster ends tighter than the distance between clusters', () => {
    const size = 25;
    const graph = twoClusters(size);
    const positions = layoutGraph(graph, { iterations: 300, seed: 1 });
    let within = 0;
    let across = 0;
    for (let i = 1; i < size; i++) {
      within += distance(positions, 1, i + 0) + distance(positions, size + 1, size + i);
      across += distance(positions, i, size + i) * 2;
    }
    expect(within).toBeLessThan(across);
  });

  it('settles: movement shrinks as it runs', () => {
    const simulation = createLayoutSimulation(twoClusters(30), { seed: 5 });
    simulation.step(5);
    const early = simulation.movement();
    simulation.step(400);
    expect(simulation.movement()).toBeLessThan(early);
  });

  it('seeds every node, linked ones near the neighbour that reached them', () => {
    const graph: LayoutInput = {
      nodes: Array.from({ length: 5 }, (_, i) => ({ id: String(i) })),
      edges: [
        [0, 1],
        [3, 4],
      ],
    };
    const seeded = seedPositions(graph, 9);
    expect(seeded).toEqual(seedPositions(graph, 9));
    expect(distance(seeded, 0, 1)).toBeLessThanOrEqual(10);
    expect(distance(seeded, 3, 4)).toBeLessThanOrEqual(10);
    expect(new Set([0, 2, 3].map((i) => `${seeded[i * 2]},${seeded[i * 2 + 1]}`)).size).toBe(3);
  });

  it('ignores self-loops, duplicates and edges out of range; an empty graph lays out to nothing', () => {
    expect(
      adjacencyOf(3, [
        [0, 0],
        [0, 1],
        [1, 0],
        [2, 9],
        [-1, 2],
      ]),
    ).toEqual([[1], [0], []]);
    expect(layoutGraph({ nodes: [], edges: [] }, { iterations: 10, seed: 1 })).toHaveLength(0);
  });

  it('approximates repulsion with Barnes-Hut from a few hundred nodes, still deterministic', () => {
    expect(layoutSettings(BARNES_HUT_FROM - 1).barnesHutOptimize).toBe(false);
    expect(layoutSettings(BARNES_HUT_FROM).barnesHutOptimize).toBe(true);
    // Coarser on big graphs, where the speed matters more than the precision.
    expect(layoutSettings(10_000).barnesHutTheta).toBeGreaterThan(layoutSettings(1_000).barnesHutTheta);
    const graph = twoClusters(BARNES_HUT_FROM);
    const a = layoutGraph(graph, { iterations: 20, seed: 2 });
    expect(a).toEqual(layoutGraph(graph, { iterations: 20, seed: 2 }));
    expect([...a].every(Number.isFinite)).toBe(true);
  });

  it('the seeded generator is repeatable and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
