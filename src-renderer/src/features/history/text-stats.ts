import { stripFrontmatter } from '../../../../src-shared/markdown/frontmatter';

const encoder = new TextEncoder();

/** "812 B", "4.2 KB", "1.3 MB": a note's size as a file of it would have. */
export function formatSize(text: string): string {
  return formatBytes(encoder.encode(text).length);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * The first line of text below the frontmatter, without Markdown heading or list marks, skipping
 * a line that only repeats `title` (the usual "# Title" at the top).
 */
export function firstLine(body: string, title = ''): string {
  const skip = title.trim().toLowerCase();
  let fallback = '';
  for (const raw of stripFrontmatter(body).split('\n', 200)) {
    const line = raw.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)/, '').trim();
    if (!line) continue;
    if (skip !== '' && line.toLowerCase() === skip) {
      fallback ||= line;
      continue;
    }
    return line.length > 120 ? `${line.slice(0, 119)}…` : line;
  }
  return fallback;
}
