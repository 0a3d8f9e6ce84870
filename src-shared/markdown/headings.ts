import { stripFrontmatter } from './frontmatter';

export interface MarkdownHeading {
  level: number;
  text: string;
  /** Offset of the heading line's first character in the text given. */
  from: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * ATX headings (`# Title`) outside fenced code, in order. Frontmatter is skipped when `body` is a
 * whole note; offsets count from the start of `body` either way.
 */
export function extractHeadings(body: string, limit = Infinity): MarkdownHeading[] {
  const content = stripFrontmatter(body);
  let offset = body.length - content.length;
  const headings: MarkdownHeading[] = [];
  let fence: string | null = null;
  for (const rawLine of content.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (fence === null) {
      const match = ATX.exec(line);
      const text = match?.[2]?.trim() ?? '';
      if (match?.[1] && text !== '') {
        headings.push({ level: match[1].length, text, from: offset });
        if (headings.length >= limit) break;
      }
    }
    offset += rawLine.length + 1;
  }
  return headings;
}

/** How `[[Note#Heading]]` matches a heading: case, spacing and Markdown emphasis do not matter. */
export function headingKey(text: string): string {
  return text
    .replace(/[*_`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
