import { Fragment, type ReactNode } from 'react';

/**
 * `text` with the ranges the index matched marked, as React nodes (no HTML strings). The index
 * knows which words matched (diacritics, CJK, prefixes, phrases); guessing again here would
 * mark `tag:` and `-excluded` words too.
 */
export function HighlightedText({
  text,
  marks,
}: {
  text: string;
  marks: readonly (readonly [number, number])[];
}) {
  if (marks.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end > text.length || end <= start) continue;
    if (start > at) parts.push(<Fragment key={`t${at}`}>{text.slice(at, start)}</Fragment>);
    parts.push(<mark key={`m${start}`}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(<Fragment key={`t${at}`}>{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}
