/**
 * Editor and preview scroll together by source line: the preview's top-level blocks carry the
 * line they start on (`data-line`), and positions between two blocks are interpolated. Lines are
 * fractional (12.5 is half-way through line 12), so a long paragraph scrolls smoothly too.
 */
export interface Anchor {
  line: number;
  /** The anchor's offset from the top of the scrolled content, in pixels. */
  top: number;
}

/** Anchors in line order, with those out of order (a float, an absolutely placed block) dropped. */
export function orderedAnchors(anchors: readonly Anchor[]): Anchor[] {
  const sorted = [...anchors].sort((a, b) => a.line - b.line);
  const result: Anchor[] = [];
  for (const anchor of sorted) {
    const last = result.at(-1);
    if (last && (anchor.line <= last.line || anchor.top < last.top)) continue;
    result.push(anchor);
  }
  return result;
}

function interpolate(
  anchors: readonly Anchor[],
  value: number,
  from: (a: Anchor) => number,
  to: (a: Anchor) => number,
): number | null {
  if (anchors.length === 0) return null;
  if (value <= from(anchors[0]!)) return to(anchors[0]!);
  for (let i = 0; i < anchors.length - 1; i++) {
    const a = anchors[i]!;
    const b = anchors[i + 1]!;
    if (value < from(b)) {
      const span = from(b) - from(a);
      const t = span === 0 ? 0 : (value - from(a)) / span;
      return to(a) + t * (to(b) - to(a));
    }
  }
  return to(anchors.at(-1)!);
}

/** Where the target should scroll to show `line` at its top. */
export function topForLine(anchors: readonly Anchor[], line: number): number | null {
  return interpolate(
    anchors,
    line,
    (a) => a.line,
    (a) => a.top,
  );
}

/** Which (fractional) line is at `top`. */
export function lineForTop(anchors: readonly Anchor[], top: number): number | null {
  return interpolate(
    anchors,
    top,
    (a) => a.top,
    (a) => a.line,
  );
}
