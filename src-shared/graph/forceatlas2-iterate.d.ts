/**
 * ForceAtlas2's one-iteration kernel, which the package's own worker runs on its flat matrices.
 * It ships without types: this is its exact signature (settings as in the package's index.d.ts).
 */
declare module 'graphology-layout-forceatlas2/iterate.js' {
  import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

  export default function iterate(
    settings: Required<ForceAtlas2Settings>,
    nodeMatrix: Float32Array,
    edgeMatrix: Float32Array,
  ): Record<string, never>;
}
