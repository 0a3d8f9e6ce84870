import { diffComm } from 'node-diff3';
import { diff3Regions, LCS_BUDGET, lcsCost, sameItems, uniqueAnchors } from './diff3';
import type { ConflictMarkerLines } from './markers';
import { mergeWords } from './merge-words';

export interface TextMerge {
  text: string;
  conflicted: boolean;
}

/**
 * M6 on a text split at '\n': lines first, then the words of every stretch whose lines
 * conflict; markers only around the lines of a stretch whose words changed on both sides. The
 * trailing newline is not a line of its own (that would make "added a line at the end" conflict
 * with "added a final newline"); the result ends with one if either side's does.
 */
export function mergeLines(
  base: string,
  ours: string,
  theirs: string,
  markers: ConflictMarkerLines,
): TextMerge {
  if (ours === theirs || theirs === base) return { text: ours, conflicted: false };
  if (ours === base) return { text: theirs, conflicted: false };
  const toLines = (text: string): string[] =>
    text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');

  const out: string[] = [];
  let conflicted = false;
  // Lines first; a stretch with conflicting lines is merged again word by word (M6).
  for (const region of diff3Regions(toLines(ours), toLines(base), toLines(theirs), mergeWords)) {
    if (region.kind === 'ok') {
      out.push(...region.items);
      continue;
    }
    for (const piece of narrowConflict(region.ours, region.theirs)) {
      if (piece.kind === 'common') {
        out.push(...piece.lines);
      } else {
        conflicted = true;
        out.push(markers.open, ...piece.ours, markers.separator, ...piece.theirs, markers.close);
      }
    }
  }
  const trailing = (ours.endsWith('\n') || theirs.endsWith('\n')) && out.length > 0 ? '\n' : '';
  return { text: out.join('\n') + trailing, conflicted };
}

type ConflictPiece =
  { kind: 'common'; lines: string[] } | { kind: 'conflict'; ours: string[]; theirs: string[] };

/**
 * Lines both sides of a conflict share stay outside the markers, so the user reviews only what
 * really differs; that is what makes M9 (both sides "added" everything) readable. A shared run
 * with no letter or digit (a blank line, a code fence) between two differences is not worth
 * splitting the conflict for: it would scatter one change over several marker blocks.
 */
function narrowConflict(ours: string[], theirs: string[]): ConflictPiece[] {
  const pieces: ConflictPiece[] = [];
  const add = (piece: ConflictPiece): void => {
    const last = pieces[pieces.length - 1];
    if (piece.kind === 'common' && piece.lines.length === 0) return;
    if (last?.kind === 'common' && piece.kind === 'common') last.lines.push(...piece.lines);
    else if (last?.kind === 'conflict' && piece.kind === 'conflict') {
      last.ours.push(...piece.ours);
      last.theirs.push(...piece.theirs);
    } else pieces.push(piece);
  };
  // Same anchoring and cost guard as diff3Regions: this is an LCS of two whole texts under M9.
  let [o0, t0] = [0, 0];
  for (const [o1, t1] of [...uniqueAnchors([ours, theirs]), [ours.length, theirs.length]] as number[][]) {
    if (o1 === undefined || t1 === undefined) continue;
    const a = ours.slice(o0, o1);
    const b = theirs.slice(t0, t1);
    if (sameItems(a, b)) add({ kind: 'common', lines: a });
    else if (a.length === 0 || b.length === 0 || lcsCost(a, b) > LCS_BUDGET)
      add({ kind: 'conflict', ours: a, theirs: b });
    else {
      for (const chunk of diffComm(a, b)) {
        if (chunk.common) add({ kind: 'common', lines: [...chunk.common] });
        else add({ kind: 'conflict', ours: [...chunk.buffer1], theirs: [...chunk.buffer2] });
      }
    }
    if (o1 < ours.length) add({ kind: 'common', lines: [ours[o1] ?? ''] });
    [o0, t0] = [o1 + 1, t1 + 1];
  }

  const merged: ConflictPiece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const last = merged[merged.length - 1];
    const next = pieces[i + 1];
    if (
      piece?.kind === 'common' &&
      last?.kind === 'conflict' &&
      next?.kind === 'conflict' &&
      !piece.lines.some((line) => /[\p{L}\p{N}]/u.test(line))
    ) {
      last.ours.push(...piece.lines, ...next.ours);
      last.theirs.push(...piece.lines, ...next.theirs);
      i += 1;
    } else if (piece) {
      merged.push(piece);
    }
  }
  return merged;
}
