/**
 * The parts of a note that `![[Note#Heading]]` and `![[Note#^block-id]]` show, as Obsidian cuts
 * them: a heading's section runs to the next heading of the same or a higher level; a block is
 * the paragraph, list item (with its children) or, for an id on its own line, the block above.
 */
import { extractHeadings, headingKey } from '../headings';
import { stripFrontmatter } from '../frontmatter';
import { blockIdsOf, parseLinks } from './link-syntax';
import { listMarkerEnd } from './markdown-blocks';

/** What one embed asks for. */
export interface EmbedRequestTarget {
  target: string;
  heading: string | null;
  blockId: string | null;
}

/** An embed's key in `LinkEmbed.embeds`: target (case-folded), heading and block as written. */
export function embedKey(target: EmbedRequestTarget): string {
  return JSON.stringify([target.target.trim().toLowerCase(), target.heading, target.blockId]);
}

/** The body as an embed of the whole note shows it: without the frontmatter. */
export function embeddableBody(text: string): string {
  return stripFrontmatter(text);
}

/**
 * The section under `heading` (its own line included), or null when there is no such heading.
 * A nested subpath (`Part#Detail`) looks for each heading inside the previous one's section.
 */
export function sectionOf(text: string, heading: string): string | null {
  const headings = extractHeadings(text);
  let from = 0;
  let to = text.length;
  let found = false;
  for (const part of heading.split('#')) {
    const key = headingKey(part);
    if (key === '') continue;
    const index = headings.findIndex((h) => h.from >= from && h.from < to && headingKey(h.text) === key);
    if (index === -1) return null;
    const start = headings[index]!;
    const next = headings.slice(index + 1).find((h) => h.level <= start.level && h.from < to);
    from = start.from;
    to = next ? next.from : to;
    found = true;
  }
  return found ? text.slice(from, to).trimEnd() : null;
}

interface Line {
  from: number;
  to: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let from = 0; ;) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    lines.push({ from, to: end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end });
    if (newline === -1) return lines;
    from = newline + 1;
  }
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The block `^id` names, without the id, or null when the note has no such block. */
export function blockOf(text: string, id: string): string | null {
  const wanted = id.trim().toLowerCase();
  const block = blockIdsOf(text).find((candidate) => candidate.id.toLowerCase() === wanted);
  if (!block) return null;
  const lines = linesOf(text);
  const lineText = (index: number): string => text.slice(lines[index]!.from, lines[index]!.to);
  const blank = (index: number): boolean => lineText(index).trim() === '';
  const withoutId = (line: string): string => line.replace(/\s*\^[A-Za-z0-9-]+[ \t]*$/, '');
  const own = lineText(block.line);
  let first = block.line;
  let last = block.line;
  if (withoutId(own).trim() === '') {
    // `^id` alone under a table, quote or list: the block above it.
    last = block.line - 1;
    while (last >= 0 && blank(last)) last -= 1;
    if (last < 0) return null;
    first = last;
    while (first > 0 && !blank(first - 1)) first -= 1;
    return text.slice(lines[first]!.from, lines[last]!.to);
  }
  const trimmed = own.trimStart();
  const start = own.length - trimmed.length;
  if (listMarkerEnd(trimmed, 0, trimmed.length) !== -1 || /^>\s*[-*+]\s/.test(trimmed)) {
    // A list item: its line and the lines nested under it.
    const indent = start;
    while (last + 1 < lines.length && !blank(last + 1) && indentOf(lineText(last + 1)) > indent) last += 1;
  } else {
    // A paragraph: back to the blank line (or list item) before it.
    const startsBlock = (line: string): boolean =>
      listMarkerEnd(line, 0, line.length) !== -1 || /^#{1,6}(?:\s|$)/.test(line);
    while (first > 0 && !blank(first - 1) && !startsBlock(lineText(first - 1).trimStart())) first -= 1;
  }
  const out: string[] = [];
  for (let index = first; index <= last; index += 1) {
    const line = lineText(index);
    out.push(index === block.line ? withoutId(line) : line);
  }
  // Nested items keep their indentation relative to the item.
  const base = indentOf(out[0] ?? '');
  return out.map((line) => (indentOf(line) >= base ? line.slice(base) : line)).join('\n');
}

/** The embeds `![[…]]` and `![…](Note.md)` in a piece of Markdown, once each, in order. */
export function embedTargetsOf(markdown: string): EmbedRequestTarget[] {
  const seen = new Set<string>();
  const targets: EmbedRequestTarget[] = [];
  for (const link of parseLinks(markdown)) {
    if (!link.embedded) continue;
    // `![[image.png]]` is an attachment embed: the preview's attachments show those.
    if (link.kind === 'embed' && /\.[^./]+$/.test(link.target) && !/\.md$/i.test(link.target)) continue;
    const target = { target: link.target, heading: link.heading, blockId: link.blockId };
    const key = embedKey(target);
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(target);
  }
  return targets;
}
