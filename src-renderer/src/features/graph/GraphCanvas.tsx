import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { seedPositions } from '../../../../src-shared/graph/graph-layout';
import type { GraphModel } from './graph-model';
import { WebGLUnavailableError, type CreateGraphScene, type GraphScene, type SceneLook } from './graph-scene';
import type { LayoutRun, StartLayout } from './layout-runner';

export interface GraphCanvasHandle {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  centreOn(index: number): void;
}

export type LayoutState = 'running' | 'settled';

interface GraphCanvasProps {
  model: GraphModel;
  /** Positions to start from (the previous answer's, by note id), else a seeded layout. */
  startFrom: (model: GraphModel) => Float32Array | null;
  onPositions: (model: GraphModel, positions: Float32Array) => void;
  look: SceneLook;
  focus: number | null;
  label: string;
  createScene: CreateGraphScene;
  startLayout: StartLayout;
  onHover: (index: number | null) => void;
  onClick: (index: number) => void;
  onDoubleClick: (index: number) => void;
  onLayoutState: (state: LayoutState) => void;
  ref?: Ref<GraphCanvasHandle>;
}

const LAYOUT_SEED = 0x51e1;

/**
 * The least time between two position updates drawn, by graph size (0: every frame). At 10,000
 * notes a frame on software WebGL costs seconds of GPU time, which the UI thread waits for when
 * the frame is composited; one update a second leaves room for the frames of pan and zoom.
 */
export function positionSpacingMs(nodeCount: number): number {
  return nodeCount > 5_000 ? 1_000 : nodeCount > 2_000 ? 120 : 0;
}

/**
 * The drawn graph: one scene per answer, its layout in a worker, both ended when the answer
 * changes or the view closes (sigma's WebGL context included).
 */
export function GraphCanvas(props: GraphCanvasProps) {
  const { model, createScene, startLayout, look, focus, label, ref } = props;
  const container = useRef<HTMLDivElement>(null);
  const scene = useRef<GraphScene | null>(null);
  const [failure, setFailure] = useState<'webgl' | 'error' | null>(null);
  // Callbacks and the look change often; the scene reads the latest without being rebuilt.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const count = model.data.nodes.length;
    const initial =
      latest.current.startFrom(model) ??
      seedPositions({ nodes: model.data.nodes, edges: model.data.edges }, LAYOUT_SEED);
    let ended = false;
    let created: GraphScene | null = null;
    let run: LayoutRun | null = null;
    // Frames arrive faster than the screen refreshes on small graphs: draw the latest once a
    // frame. On big ones each position update re-processes every node (and, on software WebGL,
    // costs tens of ms), so updates are spaced out to keep pan and zoom at full frame rate.
    const spacing = positionSpacingMs(count);
    let pending: Float32Array | null = null;
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let drawnAt = -Infinity;
    const draw = (): void => {
      frame = null;
      drawnAt = performance.now();
      if (pending) created?.setPositions(pending);
      pending = null;
    };
    const schedule = (): void => {
      if (frame !== null || timer !== null) return;
      const wait = drawnAt + spacing - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(draw);
      else
        timer = setTimeout(() => {
          timer = null;
          frame = requestAnimationFrame(draw);
        }, wait);
    };

    const begin = (ready: GraphScene): void => {
      if (ended) return ready.kill();
      created = ready;
      scene.current = ready;
      setFailure(null);
      ready.setLook(latest.current.look);
      ready.setFocus(latest.current.focus);
      const edges = new Uint32Array(model.data.edges.length * 2);
      model.data.edges.forEach(([a, b], i) => {
        edges[i * 2] = a;
        edges[i * 2 + 1] = b;
      });
      latest.current.onLayoutState(count === 0 ? 'settled' : 'running');
      if (count === 0) return;
      run = startLayout(
        { type: 'start', nodeCount: count, edges, positions: initial, seed: LAYOUT_SEED },
        (next) => {
          pending = next.positions;
          latest.current.onPositions(model, next.positions);
          schedule();
          if (next.settled) latest.current.onLayoutState('settled');
        },
      );
    };
    const fail = (error: unknown): void => {
      if (!ended) setFailure(error instanceof WebGLUnavailableError ? 'webgl' : 'error');
    };
    try {
      const made = createScene(element, model, initial, latest.current.look, {
        onHover: (index) => latest.current.onHover(index),
        onClick: (index) => latest.current.onClick(index),
        onDoubleClick: (index) => latest.current.onDoubleClick(index),
      });
      if (made instanceof Promise) made.then(begin, fail);
      else begin(made);
    } catch (error) {
      fail(error);
    }
    return () => {
      ended = true;
      run?.stop();
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      created?.kill();
      scene.current = null;
    };
  }, [model, createScene, startLayout]);

  useEffect(() => {
    scene.current?.setLook(look);
  }, [look]);
  useEffect(() => {
    scene.current?.setFocus(focus);
  }, [focus]);

  useImperativeHandle(
    ref,
    () => ({
      zoomIn: () => scene.current?.zoomIn(),
      zoomOut: () => scene.current?.zoomOut(),
      fit: () => scene.current?.fit(),
      centreOn: (index) => scene.current?.centreOn(index),
    }),
    [],
  );

  return (
    <div className="graph-canvas-wrap">
      <div
        ref={container}
        className="graph-canvas"
        role="img"
        aria-label={label}
        data-testid="graph-canvas"
        hidden={failure !== null}
      />
      {failure === 'webgl' && (
        <div className="graph-message" role="alert">
          <strong>The graph needs WebGL, which is turned off in this browser</strong>
          <span>
            Turn on hardware acceleration (or WebGL) in the browser’s settings and open the graph again.
          </span>
        </div>
      )}
      {failure === 'error' && (
        <div className="graph-message" role="alert">
          <strong>The graph could not be drawn</strong>
          <span>Close the graph and open it again.</span>
        </div>
      )}
    </div>
  );
}
