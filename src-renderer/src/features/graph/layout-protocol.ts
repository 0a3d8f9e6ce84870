/** Messages between the graph view and its layout worker (`layout.worker.ts`). */

export interface LayoutStart {
  type: 'start';
  nodeCount: number;
  /** Edge ends as pairs of node indices, flattened. */
  edges: Uint32Array;
  /** Starting positions, x,y pairs. */
  positions: Float32Array;
  seed: number;
}

export type LayoutRequest = LayoutStart | { type: 'stop' };

export interface LayoutFrame {
  type: 'positions';
  positions: Float32Array;
  iterations: number;
  /** The layout stopped by itself: it settled or ran its budget. */
  settled: boolean;
}

/** How long one slice of iterations may run before positions are posted (worker and fallback). */
export const SLICE_MS = { worker: 24, mainThread: 6 } as const;

/** Below this mean movement per iteration (relative to the graph's extent) the layout has settled. */
export const SETTLED_MOVEMENT = 0.0004;

/** A layout never runs longer than this many iterations, however big the graph. */
export const MAX_ITERATIONS = 1_500;
