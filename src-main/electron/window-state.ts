import { z } from 'zod';

/**
 * Window geometry remembered between launches. Pure (no electron import) so it can be tested:
 * the settings file may be hand-edited, from another machine (a synced vault), or from a monitor
 * layout that no longer exists, so what is read is validated, then fitted to the displays.
 */
export const WINDOW_STATE_KEY = 'windowState';
export const MIN_WINDOW_SIZE = { width: 480, height: 360 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;
/** How much of the window must overlap a display for the saved position to be kept (title bar reachable). */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
export const windowStateSchema = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.number().int().min(MIN_WINDOW_SIZE.width).max(20_000),
  height: z.number().int().min(MIN_WINDOW_SIZE.height).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function parseWindowState(raw: unknown): WindowState {
  const parsed = windowStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_SIZE, maximized: false };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

/**
 * Keeps the saved position if it is still reasonably visible on some display's work area,
 * shrinking and nudging the window to fit that display; otherwise drops the position, so
 * Electron centres the window on the primary display.
 */
export function fitToWorkAreas(state: WindowState, workAreas: readonly Rect[], primary: Rect): WindowState {
  const fitSize = (area: Rect) => ({
    width: clamp(state.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width),
    height: clamp(state.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height),
  });
  const centred = (): WindowState => ({ ...fitSize(primary), maximized: state.maximized });
  if (state.x === undefined || state.y === undefined) return centred();
  const saved = { x: state.x, y: state.y, width: state.width, height: state.height };

  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(saved, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return centred();
  const size = fitSize(best);
  return {
    x: clamp(saved.x, best.x, best.x + best.width - size.width),
    y: clamp(saved.y, best.y, best.y + best.height - size.height),
    ...size,
    maximized: state.maximized,
  };
}
