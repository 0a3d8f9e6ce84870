import { diffIndices } from 'node-diff3';
import { LCS_BUDGET, lcsCost, sameItems } from './diff3';

/**
 * The word merge (docs/sync-protocol.md M6) that the line merge of merge-lines.ts runs again on
 * every stretch of lines diff3 found conflicting, so that edits of neighbouring lines or of
 * different words of one line both apply.
 */

/**
 * The words of a stretch of lines merged again, for a stretch the line merge found conflicts in
 * (neighbouring lines, different words of one line). Returns the merged lines, or null when
 * some tokens changed on both sides or the stretch is too costly to align: the caller then
 * keeps the whole lines of both sides between markers.
 *
 * Each side is compared with the base by lines first: lines it inserted or deleted, or
 * replaced by a different number of lines, are a change of whole lines; only a line it
 * replaced by one line is compared with that line token by token. Matching tokens across lines
 * would align unrelated text (the spaces and "0" of "base line 0" with those of "ours added 0")
 * and merge garbage without a marker.
 */
export function mergeWords(base: string[], ours: string[], theirs: string[]): string[] | null {
  if (sameItems(ours, theirs) || sameItems(theirs, base)) return ours;
  if (sameItems(ours, base)) return theirs;
  // Both inserted all their lines at one spot (M9): a conflict, however long the texts.
  if (base.length === 0) return null;
  const b = tokenLines(base);
  const merged = mergeTokens(
    b.tokens,
    sideHunks(b, tokenLines(ours), 'ours'),
    sideHunks(b, tokenLines(theirs), 'theirs'),
  );
  if (merged === null) return null;
  const joined = merged.join('');
  if (joined === '') return [];
  // Every line ends with a newline token, so a clean merge does too; anything else is not trusted.
  if (!joined.endsWith('\n')) return null;
  return joined.slice(0, -1).split('\n');
}

/** Lines as tokens, each line with its newline (deleting a line and emptying it differ). */
interface TokenLines {
  lines: string[];
  tokens: string[];
  /** Index in `tokens` where each line starts, and the end. */
  starts: number[];
}

function tokenLines(lines: string[]): TokenLines {
  const tokens: string[] = [];
  const starts: number[] = [];
  for (const line of lines) {
    starts.push(tokens.length);
    tokens.push(...tokenize(`${line}\n`));
  }
  starts.push(tokens.length);
  return { lines, tokens, starts };
}

/**
 * diff3 of token sequences, given each side's hunks against the base; null on any conflict.
 * An insertion or deletion can often sit at several places with the same text ("brown " before
 * "fox", or " brown" after "quick"): which one a diff picked must not decide whether two edits
 * conflict. So hunks may slide over the tokens they could equally cover; two hunks of different
 * sides conflict if no sliding leaves an unchanged token between them, or if they could come in
 * either order (both inserted at one spot). A change both sides made identically counts once.
 */
function mergeTokens(base: string[], o: Hunk[], t: Hunk[]): string[] | null {
  const order: Hunk[] = [];
  let [i, j] = [0, 0];
  while (i < o.length || j < t.length) {
    const a = o[i];
    const b = t[j];
    if (a && b && sameEdit(a, b)) {
      order.push({ ...a, owner: 'both', right: Math.min(a.right, b.start + b.right - a.start) });
      [i, j] = [i + 1, j + 1];
      continue;
    }
    const aFirst = a !== undefined && (b === undefined || canPrecede(a, b));
    const bFirst = b !== undefined && (a === undefined || canPrecede(b, a));
    // Either order possible: both changed one spot. Neither: they change the same tokens.
    if (aFirst === bFirst) return null;
    if (aFirst) i += 1;
    else j += 1;
    order.push((aFirst ? a : b) as Hunk);
  }
  // Each hunk as far left as the ones before it allow: one of the same owner may touch it (one
  // side's edits next to each other are one edit), any other needs an unchanged token between.
  const ends: Partial<Record<Owner, number>> = {};
  const merged: string[] = [];
  let at = 0;
  for (const hunk of order) {
    let from = hunk.start + hunk.left;
    for (const owner of OWNERS) {
      const end = ends[owner];
      if (end !== undefined) from = Math.max(from, owner === hunk.owner ? end : end + 1);
    }
    const shift = from - hunk.start;
    if (shift > hunk.right) return null;
    merged.push(...base.slice(at, from));
    merged.push(...hunk.side.slice(hunk.sideStart + shift, hunk.sideEnd + shift));
    at = hunk.end + shift;
    ends[hunk.owner] = at;
  }
  merged.push(...base.slice(at));
  return merged;
}

type Owner = 'ours' | 'theirs' | 'both';
const OWNERS: Owner[] = ['ours', 'theirs', 'both'];

/**
 * A change of base tokens [start, end) into side tokens [sideStart, sideEnd), which reads the
 * same shifted by any number of tokens from `left` (≤ 0) to `right` (≥ 0).
 */
interface Hunk {
  owner: Owner;
  side: string[];
  start: number;
  end: number;
  sideStart: number;
  sideEnd: number;
  left: number;
  right: number;
}

/** Whether `a` (of one side) can come wholly before `b` (of the other), a token between them. */
function canPrecede(a: Hunk, b: Hunk): boolean {
  return a.end + a.left < b.start + b.right;
}

/** The same change at the same place, each slid as far left as it goes. */
function sameEdit(a: Hunk, b: Hunk): boolean {
  return (
    a.start + a.left === b.start + b.left &&
    a.end + a.left === b.end + b.left &&
    sameItems(
      a.side.slice(a.sideStart + a.left, a.sideEnd + a.left),
      b.side.slice(b.sideStart + b.left, b.sideEnd + b.left),
    )
  );
}

/** One side's hunks against the base: lines first, then tokens inside lines replaced one for one. */
function sideHunks(base: TokenLines, side: TokenLines, owner: Owner): Hunk[] {
  const raw: Hunk[] = [];
  const add = (start: number, end: number, sideStart: number, sideEnd: number): void => {
    raw.push({ owner, side: side.tokens, start, end, sideStart, sideEnd, left: 0, right: 0 });
  };
  for (const [bs, be, ss, se] of twoWayDiff(base.lines, side.lines)) {
    if (be - bs !== se - ss) {
      add(base.starts[bs] ?? 0, base.starts[be] ?? 0, side.starts[ss] ?? 0, side.starts[se] ?? 0);
      continue;
    }
    for (let k = 0; k < be - bs; k++) {
      const [bLine, sLine] = [base.starts[bs + k] ?? 0, side.starts[ss + k] ?? 0];
      const bTokens = base.tokens.slice(bLine, base.starts[bs + k + 1]);
      const sTokens = side.tokens.slice(sLine, side.starts[ss + k + 1]);
      for (const [ts, te, us, ue] of twoWayDiff(bTokens, sTokens))
        add(bLine + ts, bLine + te, sLine + us, sLine + ue);
    }
  }
  measureSlides(raw, base.tokens);
  const hunks: Hunk[] = [];
  for (const hunk of raw) {
    const last = hunks[hunks.length - 1];
    // Spaces and punctuation alone between two edits do not hold them apart: they match
    // anywhere ("base line 0" and "ours added 0" share two spaces and a "0"). Where one edit
    // can slide up to the other they just touch; else the tokens between join the edit.
    if (last && base.tokens.slice(last.end, hunk.start).every((token) => WEAK.test(token))) {
      const gap = hunk.start - last.end;
      if (hunk.left <= -gap) move(hunk, -gap);
      else if (last.right >= gap) move(last, gap);
      last.end = hunk.end;
      last.sideEnd = hunk.sideEnd;
      continue;
    }
    hunks.push(hunk);
  }
  measureSlides(hunks, base.tokens);
  return hunks;
}

/**
 * The changed spans [baseStart, baseEnd, sideStart, sideEnd] turning a into b. What both share
 * at the start and the end is cut off first (linear), so the quadratic LCS runs only between
 * the first and the last change; beyond the cost guard that whole span is one change (which
 * then conflicts with any change of the other side inside it).
 */
function twoWayDiff(a: string[], b: string[]): [number, number, number, number][] {
  const shortest = Math.min(a.length, b.length);
  let head = 0;
  while (head < shortest && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < shortest - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const [aEnd, bEnd] = [a.length - tail, b.length - tail];
  if (head === aEnd && head === bEnd) return [];
  const am = a.slice(head, aEnd);
  const bm = b.slice(head, bEnd);
  if (am.length === 0 || bm.length === 0 || lcsCost(am, bm) > LCS_BUDGET) return [[head, aEnd, head, bEnd]];
  return (diffIndices(am, bm) as TwoWayHunk[]).map(({ buffer1: [as, al], buffer2: [bs, bl] }) => [
    head + as,
    head + as + al,
    head + bs,
    head + bs + bl,
  ]);
}

interface TwoWayHunk {
  buffer1: [number, number];
  buffer2: [number, number];
}

function move(hunk: Hunk, by: number): void {
  hunk.start += by;
  hunk.end += by;
  hunk.sideStart += by;
  hunk.sideEnd += by;
}

/**
 * How far each hunk reads the same shifted. Only a pure insertion or deletion does: the token
 * leaving one end of it must equal the one joining at the other. It may come to touch its
 * neighbours (of the same side), not cross them.
 */
function measureSlides(hunks: Hunk[], base: string[]): void {
  hunks.forEach((hunk, k) => {
    hunk.left = 0;
    hunk.right = 0;
    const insertion = hunk.start === hunk.end;
    if (!insertion && hunk.sideStart !== hunk.sideEnd) return;
    const seq = insertion ? hunk.side : base;
    const [from, to] = insertion ? [hunk.sideStart, hunk.sideEnd] : [hunk.start, hunk.end];
    const low = hunks[k - 1]?.end ?? 0;
    const high = hunks[k + 1]?.start ?? base.length;
    while (hunk.start + hunk.left > low && seq[from + hunk.left - 1] === seq[to + hunk.left - 1]) {
      hunk.left -= 1;
    }
    while (hunk.end + hunk.right < high && seq[from + hunk.right] === seq[to + hunk.right]) {
      hunk.right += 1;
    }
  });
}

/**
 * Words (letters, marks, digits, underscore), runs of spaces and tabs, each newline, and every
 * other character on its own. Deterministic, and joining the tokens gives back the text exactly.
 */
const TOKEN = /\n|[\p{L}\p{M}\p{N}_]+|[^\S\n]+|[^\p{L}\p{M}\p{N}_\s]/gu;

/** A token that is no word and no line break. */
const WEAK = /^[^\p{L}\p{M}\p{N}_\n]+$/u;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}
