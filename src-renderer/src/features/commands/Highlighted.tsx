import type { ReactNode } from 'react';
import type { MatchRanges } from './fuzzy';

/** A text with the matched letters marked (`<mark>`), as the switcher and the palette show them. */
export function Highlighted({ text, ranges }: { text: string; ranges: MatchRanges }) {
  if (ranges.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from > at) parts.push(text.slice(at, from));
    parts.push(
      <mark key={from} className="picker-match">
        {text.slice(from, to)}
      </mark>,
    );
    at = to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
