import { createLayoutLoop } from './layout-loop';
import { SLICE_MS, type LayoutFrame, type LayoutRequest } from './layout-protocol';

/**
 * The graph's ForceAtlas2 layout off the UI thread: slices of iterations, the positions posted
 * after each (transferred, not copied), until it settles or the view says stop.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutFrame, transfer: Transferable[]): void;
  setTimeout(task: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

const scope = self as unknown as WorkerScope;
let timer: number | null = null;

scope.onmessage = (event) => {
  if (timer !== null) scope.clearTimeout(timer);
  timer = null;
  const request = event.data;
  if (request.type === 'stop') return;
  const loop = createLayoutLoop(request, () => performance.now());
  const run = (): void => {
    const frame = loop.slice(SLICE_MS.worker);
    scope.postMessage(frame, [frame.positions.buffer]);
    // A timer between slices lets a 'stop' (or a new start) in.
    timer = frame.settled ? null : scope.setTimeout(run, 0);
  };
  run();
};
