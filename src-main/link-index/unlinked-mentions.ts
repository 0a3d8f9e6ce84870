import { scanLines } from '../../src-shared/markdown/links/markdown-blocks';
import { parseLinks } from '../../src-shared/markdown/links/link-syntax';
import type { UnlinkedMention } from '../../src-shared/api/link-index-api';
import { snippetOf } from './note-links';

/** Shorter names would match everywhere ("a", "to"): Obsidian does not offer them either. */
const NAME_MIN_LENGTH = 2;
const URL_TOKEN = /\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
const INLINE_CODE = /(`+)[^`]*?\1/g;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One pattern for all of a note's names, longest first, whole words only, any case. */
export function mentionPattern(names: readonly string[]): RegExp | null {
  const usable = [...new Set(names.map((name) => name.trim()))]
    .filter((name) => name.length >= NAME_MIN_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (usable.length === 0) return null;
  return new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${usable.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
}

function rangesOf(pattern: RegExp, text: string): [number, number][] {
  const found: [number, number][] = [];
  // matchAll starts where the pattern's last `test` stopped.
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) found.push([match.index, match.index + match[0].length]);
  return found;
}

const overlaps = (ranges: readonly [number, number][], from: number, to: number): boolean =>
  ranges.some(([a, b]) => from < b && to > a);

/**
 * Where `text` names a note without linking it: the note's title or aliases as whole words, in any
 * case, outside frontmatter, code, links and web addresses, in text order, at most `max`.
 */
export function findUnlinkedMentions(text: string, names: readonly string[], max: number): UnlinkedMention[] {
  const pattern = mentionPattern(names);
  if (pattern === null) return [];
  const mentions: UnlinkedMention[] = [];
  // Cheap rejection first: most candidates from the search index do mention the name, but
  // a note that does not need not be parsed.
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return [];
  const links = parseLinks(text).map((link): [number, number] => [link.from, link.to]);
  scanLines(text, (from, to, kind, line) => {
    if (kind !== 'text' || mentions.length >= max) return;
    const content = text.slice(from, to);
    pattern.lastIndex = 0;
    if (!pattern.test(content)) return;
    const skipped = [...rangesOf(URL_TOKEN, content), ...rangesOf(INLINE_CODE, content)];
    for (const [start, end] of rangesOf(pattern, content)) {
      if (mentions.length >= max) break;
      if (overlaps(skipped, start, end) || overlaps(links, from + start, from + end)) continue;
      const snippet = snippetOf(text, from + start, from + end);
      mentions.push({
        line,
        text: snippet.text,
        from: snippet.from,
        to: snippet.to,
        matched: content.slice(start, end),
        lineFrom: start,
        lineTo: end,
      });
    }
  });
  return mentions;
}

/** The offset in `text` where 0-based `line` starts, or -1 past the end. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i += 1) {
    const next = text.indexOf('\n', at);
    if (next === -1) return -1;
    at = next + 1;
  }
  return at;
}
