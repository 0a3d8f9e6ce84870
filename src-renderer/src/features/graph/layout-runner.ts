import { createLayoutLoop } from './layout-loop';
import { SLICE_MS, type LayoutFrame, type LayoutStart } from './layout-protocol';

export interface LayoutRun {
  stop(): void;
}

export type StartLayout = (start: LayoutStart, onFrame: (frame: LayoutFrame) => void) => LayoutRun;

/**
 * Runs the layout in a Web Worker. Where no worker can start (a browser without module
 * workers, a blocked script), it runs on this thread a few milliseconds per animation frame.
 */
export const startLayout: StartLayout = (start, onFrame) => {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), {
      type: 'module',
      name: 'graph-layout',
    });
  } catch {
    return startOnMainThread(start, onFrame);
  }
  let stopped = false;
  let fallback: LayoutRun | null = null;
  let heard = false;
  worker.onmessage = (event: MessageEvent<LayoutFrame>) => {
    heard = true;
    if (!stopped) onFrame(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    worker?.terminate();
    // A worker that failed before its first frame never loaded: lay out here instead.
    if (!stopped && !heard) fallback = startOnMainThread(start, onFrame);
  };
  worker.postMessage(start);
  return {
    stop() {
      stopped = true;
      worker?.terminate();
      fallback?.stop();
    },
  };
};

function startOnMainThread(start: LayoutStart, onFrame: (frame: LayoutFrame) => void): LayoutRun {
  const loop = createLayoutLoop(start, () => performance.now());
  let handle: number | null = null;
  const tick = (): void => {
    const frame = loop.slice(SLICE_MS.mainThread);
    onFrame(frame);
    handle = frame.settled ? null : requestAnimationFrame(tick);
  };
  handle = requestAnimationFrame(tick);
  return {
    stop() {
      if (handle !== null) cancelAnimationFrame(handle);
      handle = null;
    },
  };
}
