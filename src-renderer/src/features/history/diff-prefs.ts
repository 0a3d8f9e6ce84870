import { useCallback, useState } from 'react';
import type { DiffLayout } from './DiffView';

const LAYOUT_KEY = 'quire.history.diffLayout';

function readLayout(): DiffLayout {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'split' ? 'split' : 'inline';
  } catch {
    return 'inline';
  }
}

/** Inline or side by side, remembered by this window's browser storage (a view choice, not vault data). */
export function useDiffLayout(): [DiffLayout, (layout: DiffLayout) => void] {
  const [layout, setLayout] = useState<DiffLayout>(readLayout);
  const choose = useCallback((next: DiffLayout) => {
    setLayout(next);
    try {
      localStorage.setItem(LAYOUT_KEY, next);
    } catch {
      // Storage can be unavailable (private mode): the choice then lasts while the window does.
    }
  }, []);
  return [layout, choose];
}
