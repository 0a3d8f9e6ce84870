import { diffComm } from 'node-diff3';

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** Words, runs of spaces, line breaks and single other characters: the units a change keeps. */
const TOKEN = /\n|[\p{L}\p{N}_]+|[^\S\n]+|[^\p{L}\p{N}_\s]/gu;
/** Above this many tokens between the first and last difference, one change is good enough. */
const MAX_DIFF_TOKENS = 20_000;

/**
 * The changes that turn `current` into `next`, as small and as many as a token diff finds
 * (editing rule E8). Applied as one transaction, each keeps the text around it in place, so a
 * cursor between two remote edits stays where it was (one change spanning both would move it).
 */
export function textChanges(current: string, next: string): TextChange[] {
  if (current === next) return [];
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endCurrent = current.length;
  let endNext = next.length;
  while (
    endCurrent > start &&
    endNext > start &&
    current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)
  ) {
    endCurrent--;
    endNext--;
  }
  // Never split a surrogate pair at either edge.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
    endCurrent++;
    endNext++;
  }
  const single: TextChange = { from: start, to: endCurrent, insert: next.slice(start, endNext) };
  const a = current.slice(start, endCurrent).match(TOKEN) ?? [];
  const b = next.slice(start, endNext).match(TOKEN) ?? [];
  if (a.join('') !== current.slice(start, endCurrent) || b.join('') !== next.slice(start, endNext))
    return [single];
  if (a.length + b.length > MAX_DIFF_TOKENS || a.length === 0 || b.length === 0) return [single];

  const changes: TextChange[] = [];
  let pos = start;
  for (const chunk of diffComm(a, b)) {
    if (chunk.common) {
      pos += chunk.common.join('').length;
      continue;
    }
    const removed = chunk.buffer1.join('');
    const inserted = chunk.buffer2.join('');
    changes.push({ from: pos, to: pos + removed.length, insert: inserted });
    pos += removed.length;
  }
  return changes;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
