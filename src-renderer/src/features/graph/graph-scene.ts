import type { GraphPalette } from './graph-colors';
import type { GraphModel } from './graph-model';

/**
 * What the graph view asks of whatever draws the graph. Sigma (WebGL) implements it in
 * `sigma-scene.ts`; keeping the view on this small surface lets tests run without WebGL.
 */
export interface SceneLook {
  /** Node index → colour. */
  colors: readonly string[];
  /** Node index → drawn size in pixels at zoom 1. */
  sizes: readonly number[];
  palette: GraphPalette;
  /** 1 = shown, 0 = hidden by a filter. */
  visible: Uint8Array;
  /** The note the local graph centres on, or the one the find box picked: drawn with a ring and its label. */
  marked: number | null;
}

export interface SceneCallbacks {
  /** Pointer entered a node (its index) or left it (null). */
  onHover(index: number | null): void;
  onClick(index: number): void;
  onDoubleClick(index: number): void;
}

export interface GraphScene {
  /** New positions, x,y pairs in node order (the layout's latest). */
  setPositions(positions: Float32Array): void;
  setLook(look: SceneLook): void;
  /** Dims everything but this node and its neighbours (null: nothing dimmed). */
  setFocus(index: number | null): void;
  zoomIn(): void;
  zoomOut(): void;
  /** The whole graph in view. */
  fit(): void;
  /** Moves the camera to a node and zooms in a little. */
  centreOn(index: number): void;
  /** Frees the WebGL context and every listener. */
  kill(): void;
}

export type CreateGraphScene = (
  container: HTMLElement,
  model: GraphModel,
  positions: Float32Array,
  look: SceneLook,
  callbacks: SceneCallbacks,
) => GraphScene | Promise<GraphScene>;

/** The browser gives no WebGL context (turned off, blocked, or the GPU process failed). */
export class WebGLUnavailableError extends Error {
  constructor() {
    super('WebGL is not available');
    this.name = 'WebGLUnavailableError';
  }
}

/** Sigma v4 draws on WebGL 2; ask once, up front, so the view can say so instead of staying blank. */
export function hasWebGL2(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('webgl2');
    context?.getExtension('WEBGL_lose_context')?.loseContext();
    return context !== null;
  } catch {
    return false;
  }
}
