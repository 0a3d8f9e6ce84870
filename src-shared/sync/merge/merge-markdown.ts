import { NOTE_LIMITS } from '../../schema/note';
import type { ConflictMarkerLines } from './markers';
import { mergeFrontmatter, splitFrontmatter } from './merge-frontmatter';
import { mergeLines, type TextMerge } from './merge-lines';
import { pick3 } from './pick3';

/**
 * Merges the whole Markdown text: the frontmatter block as YAML (M3, M4, M5), the rest by
 * lines (M6). Line endings are compared modulo CR, so a side whose editor rewrote every line
 * ending does not conflict on every line; the result uses one style, merged like a scalar.
 * (A file that mixes styles comes out in one.)
 */
export function mergeMarkdown(
  base: string,
  ours: string,
  theirs: string,
  oursWins: boolean,
  markers: ConflictMarkerLines,
): TextMerge {
  if (ours === theirs || theirs === base) return { text: ours, conflicted: false };
  if (ours === base) return { text: theirs, conflicted: false };

  const eol = pickEol(base, ours, theirs, oursWins);
  const [b, o, t] = [base, ours, theirs].map((text) => text.replace(/\r\n/g, '\n')) as [
    string,
    string,
    string,
  ];

  const fb = splitFrontmatter(b);
  const fo = splitFrontmatter(o);
  const ft = splitFrontmatter(t);
  let block: string | null;
  if (fo.block === ft.block || ft.block === fb.block) block = fo.block;
  else if (fo.block === fb.block) block = ft.block;
  else block = mergeFrontmatter(fb, fo, ft, oursWins);

  let merged: TextMerge;
  if (block === null) {
    // Some side's frontmatter is not a plain YAML mapping: its block is just lines of text.
    merged = mergeLines(b, o, t, markers);
  } else {
    const content = mergeLines(fb.content, fo.content, ft.content, markers);
    const joint = block !== '' && !block.endsWith('\n') && content.text !== '' ? '\n' : '';
    merged = { text: block + joint + content.text, conflicted: content.conflicted };
  }
  return {
    text: eol === '\n' ? merged.text : merged.text.replace(/\n/g, eol),
    conflicted: merged.conflicted,
  };
}

type Eol = '\n' | '\r\n';

function eolOf(text: string): Eol | null {
  const all = text.split('\n').length - 1;
  if (all === 0) return null;
  const crlf = text.split('\r\n').length - 1;
  return crlf > all - crlf ? '\r\n' : '\n';
}

function pickEol(base: string, ours: string, theirs: string, oursWins: boolean): Eol {
  // A side without any line break has no style to contribute.
  const o = eolOf(ours);
  const t = eolOf(theirs);
  if (o === null) return t ?? '\n';
  if (t === null) return o;
  return pick3(eolOf(base), o, t, oursWins) ?? '\n';
}

/**
 * When the merged text would exceed the note limit (huge insertions on both sides, or markers
 * around huge hunks), keep this device's text whole and append as much of the other device's
 * text as fits, whole lines, between markers. Ours goes first because it exists nowhere else:
 * writing the result replaces the server's master, which the server keeps as a revision (R11),
 * so the cut part of theirs stays restorable. Only if not even the markers fit is the result
 * ours alone (still flagged for review, the one case where a conflict has no markers).
 */
export function overflowBody(ours: string, theirs: string, markers: ConflictMarkerLines): string {
  const eol = eolOf(ours) ?? '\n';
  const head = `${ours === '' || ours.endsWith('\n') ? '' : eol}${markers.open}${eol}${markers.separator}${eol}`;
  const tail = `${markers.close}${eol}`;
  const room = NOTE_LIMITS.bodyMaxLength - ours.length - head.length - tail.length - eol.length;
  if (room < 0) return ours;
  let part = theirs.slice(0, room);
  // Cut at a line break: never mid-line, so never inside a surrogate pair.
  if (part.length < theirs.length) part = part.slice(0, part.lastIndexOf('\n') + 1);
  if (part !== '' && !part.endsWith('\n')) part += eol;
  return ours + head + part + tail;
}
