/** `[[Target]]`, `[[Target|alias]]`, `[[Target#Heading]]` — Obsidian's link syntax. */
export const WIKILINK_PATTERN = /\[\[([^[\]|#\n]+)(?:#([^[\]|\n]*))?(?:\|([^[\]\n]*))?\]\]/g;

export interface WikiLink {
  target: string;
  heading: string | null;
  alias: string | null;
  index: number;
}

export function extractWikiLinks(markdown: string): WikiLink[] {
  const links: WikiLink[] = [];
  for (const match of markdown.matchAll(WIKILINK_PATTERN)) {
    const target = match[1]?.trim() ?? '';
    if (target.length === 0) continue;
    links.push({
      target,
      heading: match[2]?.trim() || null,
      alias: match[3]?.trim() || null,
      index: match.index ?? 0,
    });
  }
  return links;
}
