import { useLayoutEffect, useState, type CSSProperties, type RefObject } from 'react';

const GAP = 4;
const MARGIN = 8;

/**
 * Where a popover shows beside its anchor, in viewport coordinates (`position: fixed`), so the
 * panel's own scrolling never clips it: below the anchor, or above it when there is more room
 * there; it follows the anchor while anything scrolls and when the window is resized.
 */
export function useAnchoredPosition(
  open: boolean,
  anchorRef: RefObject<HTMLElement | null>,
  popoverRef: RefObject<HTMLElement | null>,
): CSSProperties {
  const [style, setStyle] = useState<CSSProperties>({ position: 'fixed', visibility: 'hidden' });
  useLayoutEffect(() => {
    if (!open) return;
    const place = (): void => {
      const anchor = anchorRef.current?.getBoundingClientRect();
      if (!anchor) return;
      const height = popoverRef.current?.offsetHeight ?? 0;
      const width = popoverRef.current?.offsetWidth ?? 0;
      const below = window.innerHeight - anchor.bottom - GAP - MARGIN;
      const above = anchor.top - GAP - MARGIN;
      const up = height > below && above > below;
      const left = Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - width - MARGIN));
      setStyle({
        position: 'fixed',
        left,
        ...(up ? { bottom: window.innerHeight - anchor.top + GAP } : { top: anchor.bottom + GAP }),
        maxHeight: Math.max(120, up ? above : below),
        minWidth: anchor.width,
      });
    };
    place();
    window.addEventListener('resize', place);
    document.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      document.removeEventListener('scroll', place, true);
    };
  }, [open, anchorRef, popoverRef]);
  return style;
}
