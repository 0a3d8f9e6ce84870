import { createLayoutSimulation, type LayoutSimulation } from '../../../../src-shared/graph/graph-layout';
import { MAX_ITERATIONS, SETTLED_MOVEMENT, type LayoutFrame, type LayoutStart } from './layout-protocol';

/**
 * One layout run in slices: each `slice` call iterates for about `budgetMs` and returns the
 * frame to show. The worker and the main-thread fallback share it.
 */
export function createLayoutLoop(start: LayoutStart, now: () => number) {
  const edges: [number, number][] = [];
  for (let i = 0; i + 1 < start.edges.length; i += 2)
    edges.push([start.edges[i] ?? 0, start.edges[i + 1] ?? 0]);
  const nodes = Array.from({ length: start.nodeCount }, (_, i) => ({ id: String(i) }));
  const simulation: LayoutSimulation = createLayoutSimulation(
    { nodes, edges },
    { seed: start.seed, initial: start.positions },
  );
  return {
    slice(budgetMs: number): LayoutFrame {
      const began = now();
      // At least one iteration a slice, so a huge graph still moves.
      do simulation.step(1);
      while (now() - began < budgetMs && simulation.iterations < MAX_ITERATIONS);
      const settled =
        start.nodeCount === 0 ||
        simulation.iterations >= MAX_ITERATIONS ||
        (simulation.iterations > 20 && simulation.movement() < SETTLED_MOVEMENT);
      return {
        type: 'positions',
        positions: simulation.positions(),
        iterations: simulation.iterations,
        settled,
      };
    },
  };
}
