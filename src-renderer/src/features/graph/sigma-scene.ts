import Graph from 'graphology';
import Sigma from 'sigma';
import { DEFAULT_PRIMITIVES } from 'sigma/primitives';
import { pathLine } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { GraphModel } from './graph-model';
import { WebGLUnavailableError, type GraphScene, type SceneCallbacks, type SceneLook } from './graph-scene';

interface NodeAttributes {
  x: number;
  y: number;
  index: number;
  label: string;
  size: number;
  color: string;
}

interface EdgeAttributes {
  a: number;
  b: number;
}

/** From this many nodes on, the scene trades detail for speed (settings below). */
const BIG_GRAPH = 2_000;

/** The graph on sigma.js (WebGL) over a graphology graph; nodes keyed by note id. */
export function createSigmaScene(
  container: HTMLElement,
  model: GraphModel,
  positions: Float32Array,
  initialLook: SceneLook,
  callbacks: SceneCallbacks,
): GraphScene {
  const { nodes } = model.data;
  const big = nodes.length > BIG_GRAPH;
  const graph = new Graph<NodeAttributes, EdgeAttributes>({
    type: 'undirected',
    multi: false,
    allowSelfLoops: false,
  });
  // One `import` of the whole graph instead of 10,000 addNode and 40,000 addEdge calls, each
  // checking its arguments and emitting an event.
  const serializedNodes = nodes.map((node, index) => ({
    key: node.id,
    attributes: {
      x: positions[index * 2] ?? 0,
      y: positions[index * 2 + 1] ?? 0,
      index,
      label: node.title || 'Untitled',
      size: initialLook.sizes[index] ?? 3,
      color: initialLook.colors[index] ?? initialLook.palette.other,
    },
  }));
  const serializedEdges: { source: string; target: string; attributes: EdgeAttributes }[] = [];
  model.neighbours.forEach((list, a) => {
    for (const b of list) {
      const source = nodes[a]?.id;
      const target = nodes[b]?.id;
      if (b > a && source !== undefined && target !== undefined)
        serializedEdges.push({ source, target, attributes: { a, b } });
    }
  });
  graph.import({ nodes: serializedNodes, edges: serializedEdges });

  let look = initialLook;
  let focus: number | null = null;
  let focusSet = new Set<number>();
  const idOf = (index: number): string | undefined => nodes[index]?.id;

  const nodeReducer = (
    _key: string,
    data: NodeDisplayData,
    attrs: NodeAttributes,
  ): Partial<NodeDisplayData> => {
    const i = attrs.index;
    // Only what differs from the styles: sigma merges it, and 10,000 copies a frame add up.
    const out: Partial<NodeDisplayData> = {
      color: look.colors[i] ?? look.palette.other,
      size: look.sizes[i] ?? data.size,
      labelColor: look.palette.label,
      backdropColor: look.palette.labelHalo,
      backdropShadowColor: 'rgba(0, 0, 0, 0.25)',
      cursor: 'pointer',
    };
    if (look.visible[i] !== 1) out.visibility = 'hidden';
    if (focus !== null && !focusSet.has(i)) {
      out.color = look.palette.dimmed;
      out.labelVisibility = 'hidden';
    } else if (focus !== null) {
      out.labelVisibility = 'visible';
    }
    if (look.marked === i) {
      out.labelVisibility = 'visible';
      out.backdropVisibility = 'visible';
      out.size = (out.size ?? data.size) * 1.35;
      out.zIndex = 2;
    }
    return out;
  };
  // Edges share their display objects (sigma copies what a reducer returns): no allocation per
  // edge per refresh, which is 40,000 objects a frame on a vault of 10,000 notes.
  const edgeStyles = (palette: SceneLook['palette']) => ({
    plain: { color: palette.edge, size: 0.6 },
    hidden: { color: palette.edge, size: 0.6, visibility: 'hidden' as const },
    highlight: { color: palette.edgeHighlight, size: 1.4, zIndex: 1 },
  });
  let edgeStyle = edgeStyles(look.palette);
  const edgeReducer = (
    _key: string,
    _data: EdgeDisplayData,
    attrs: EdgeAttributes,
  ): Partial<EdgeDisplayData> => {
    if (look.visible[attrs.a] !== 1 || look.visible[attrs.b] !== 1) return edgeStyle.hidden;
    if (focus === null) return edgeStyle.plain;
    return attrs.a === focus || attrs.b === focus ? edgeStyle.highlight : edgeStyle.hidden;
  };

  let sigma: Sigma<NodeAttributes, EdgeAttributes>;
  try {
    sigma = new Sigma(graph, container, {
      // Straight edges only. Sigma's defaults add the self-loop path, and one edge program
      // serves every path, so each edge was drawn with the loop's 66 vertices instead of 4:
      // on software WebGL that alone was seconds a frame at 40,000 edges. The graph has no
      // self-loops (`allowSelfLoops: false`).
      primitives: { ...DEFAULT_PRIMITIVES, edges: { ...DEFAULT_PRIMITIVES.edges, paths: [pathLine()] } },
      nodeReducer,
      edgeReducer,
      settings: {
        itemSizesReference: 'screen',
        // Labels by zoom: sigma's grid keeps one label per cell, the biggest node's first.
        labelDensity: 0.8,
        labelGridCellSize: 120,
        labelRenderedSizeThreshold: nodes.length > 2_000 ? 9 : 6,
        // Big graphs: while the camera moves only the nodes are drawn (software WebGL spends
        // most of a frame on 40,000 edges), edges without anti-aliasing, a coarser picking
        // layer (redrawn every frame for hovering) and no edge labels or events at all.
        hideEdgesOnMove: big,
        hideLabelsOnMove: big,
        antialiasEdges: !big,
        pickingDownSizingRatio: big ? 4 : 2,
        renderEdgeLabels: false,
        enableEdgeEvents: false,
        minCameraRatio: 0.02,
        maxCameraRatio: 4,
        // Room for the labels of the outermost notes.
        stagePadding: 56,
      },
    });
  } catch (error) {
    graph.clear();
    throw error instanceof Error && /webgl/i.test(error.message) ? new WebGLUnavailableError() : error;
  }

  const indexOfKey = (key: string): number => graph.getNodeAttribute(key, 'index');
  sigma.on('enterNode', ({ node }) => callbacks.onHover(indexOfKey(node)));
  sigma.on('leaveNode', () => callbacks.onHover(null));
  sigma.on('clickNode', ({ node }) => callbacks.onClick(indexOfKey(node)));
  sigma.on('doubleClickNode', (payload) => {
    payload.preventSigmaDefault();
    callbacks.onDoubleClick(indexOfKey(payload.node));
  });

  // Re-runs the reducers in place, once in the next frame (hovering changes focus faster than
  // frames): a plain refresh would re-index and re-sort every node and edge. A filter change
  // shows or hides items, which needs that indexing.
  const nodeKeys = graph.nodes();
  const edgeKeys = graph.edges();
  const restyle = (reindex: boolean): void => {
    if (reindex) sigma.scheduleRefresh();
    else sigma.scheduleRefresh({ partialGraph: { nodes: nodeKeys, edges: edgeKeys }, skipIndexation: true });
  };

  const camera = sigma.getCamera();
  return {
    setPositions(next) {
      graph.updateEachNodeAttributes(
        (_key, attrs) => {
          attrs.x = next[attrs.index * 2] ?? attrs.x;
          attrs.y = next[attrs.index * 2 + 1] ?? attrs.y;
          return attrs;
        },
        { attributes: ['x', 'y'] },
      );
    },
    setLook(next) {
      // The scene starts with this look: a second full pass over every node and edge at 10,000
      // notes would be seconds of blocked UI on software WebGL.
      if (next === look) return;
      if (next.palette !== look.palette) edgeStyle = edgeStyles(next.palette);
      const filtered = next.visible !== look.visible;
      look = next;
      restyle(filtered);
    },
    setFocus(index) {
      if (index === focus) return;
      focus = index;
      focusSet = new Set(index === null ? [] : [index, ...(model.neighbours[index] ?? [])]);
      restyle(false);
    },
    zoomIn: () => void camera.zoomIn({ duration: 200 }),
    zoomOut: () => void camera.zoomOut({ duration: 200 }),
    fit: () => void camera.reset({ duration: 300 }),
    centreOn(index) {
      const key = idOf(index);
      const display = key === undefined ? undefined : sigma.getNodeDisplayData(key);
      if (!display) return;
      void camera.animate(
        { x: display.x, y: display.y, ratio: Math.min(camera.ratio, 0.5) },
        { duration: 350 },
      );
    },
    kill() {
      sigma.kill();
      graph.clear();
    },
  };
}
