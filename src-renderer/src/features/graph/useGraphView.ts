import { useCallback, useMemo, useState } from 'react';
import type { GraphTarget } from './useGraphData';

/** Opens and closes the graph view; what the sidebar, the shortcut and palette commands call. */
export interface GraphOpener {
  /** What the graph shows while open; null when the editor is shown. */
  target: GraphTarget | null;
  openVault: () => void;
  /** The note's local graph (depth 1 unless the last local graph had 2). */
  openLocal: (id: string) => void;
  /** Opens the vault graph, or closes the graph if it is open. */
  toggle: () => void;
  setTarget: (target: GraphTarget) => void;
  close: () => void;
}

export function useGraphView(): GraphOpener {
  const [target, setTarget] = useState<GraphTarget | null>(null);
  const [depth, setDepth] = useState<1 | 2>(1);
  const change = useCallback((next: GraphTarget) => {
    if (next.scope === 'local') setDepth(next.depth);
    setTarget(next);
  }, []);
  const openVault = useCallback(() => setTarget({ scope: 'vault' }), []);
  const openLocal = useCallback((id: string) => setTarget({ scope: 'local', id, depth }), [depth]);
  const toggle = useCallback(() => setTarget((open) => (open ? null : { scope: 'vault' })), []);
  const close = useCallback(() => setTarget(null), []);
  return useMemo(
    () => ({ target, openVault, openLocal, toggle, setTarget: change, close }),
    [target, openVault, openLocal, toggle, change, close],
  );
}
