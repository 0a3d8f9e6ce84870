import { parseDocument } from 'yaml';
import { NOTE_LIMITS } from '../schema/note-limits';
import { extractInlineTags, mergeTags } from './inline-tags';

/** The YAML block at the top of a note, between `---` fences, as Obsidian and Jekyll write it. */
const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export interface ParsedFrontmatter {
  /** The parsed mapping; {} when there is no frontmatter or it is not a mapping. */
  data: Record<string, unknown>;
  /** The raw YAML text between the fences, '' when absent. */
  raw: string;
  /** The Markdown after the frontmatter block. */
  content: string;
  /** A human-readable YAML error; the note stays usable, its frontmatter is just ignored. */
  error: string | null;
}

/** The Markdown after the frontmatter block, without parsing the YAML (hot paths: indexing). */
export function stripFrontmatter(markdown: string): string {
  const match = FRONTMATTER.exec(markdown);
  return match ? markdown.slice(match[0].length) : markdown;
}

export function parseFrontmatter(markdown: string): ParsedFrontmatter {
  const match = FRONTMATTER.exec(markdown);
  if (!match) return { data: {}, raw: '', content: markdown, error: null };
  const raw = match[1] ?? '';
  const content = markdown.slice(match[0].length);
  const doc = parseDocument(raw, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return { data: {}, raw, content, error: doc.errors[0]?.message.split('\n')[0] ?? 'Invalid YAML' };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // An alias to no anchor (`a: *x`) parses without errors and only fails here.
    return { data: {}, raw, content, error: error instanceof Error ? error.message : 'Invalid YAML' };
  }
  if (value === null || value === undefined) return { data: {}, raw, content, error: null };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { data: {}, raw, content, error: 'Frontmatter must be a list of "key: value" lines' };
  }
  return { data: value as Record<string, unknown>, raw, content, error: null };
}

/**
 * Tags as users write them: `tags: [a, b]`, a YAML list, or `tags: a, b` / `tags: "#a #b"`.
 * Leading '#' is dropped, duplicates removed, order kept. Tags beyond NOTE_LIMITS are dropped,
 * not refused: the text is the user's, and saving it must not fail on what it derives.
 */
export function normalizeTags(value: unknown): string[] {
  const raw: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[,\s]+/)
      : [];
  const seen = new Set<string>();
  for (const item of raw) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const tag = String(item).trim().replace(/^#+/, '');
    if (tag.length > 0 && tag.length <= NOTE_LIMITS.tagMaxLength) seen.add(tag);
    if (seen.size === NOTE_LIMITS.tagsMax) break;
  }
  return [...seen];
}

/**
 * The frontmatter keys a note's tags are read from, in precedence order: the first key present
 * (with a value other than null) is the note's tags; the others are ignored.
 */
export const TAG_KEYS = ['tags', 'tag'] as const;

/** The raw value of the tag key that wins by TAG_KEYS' precedence, undefined when none has one. */
export function tagValueOf(read: (key: (typeof TAG_KEYS)[number]) => unknown): unknown {
  for (const key of TAG_KEYS) {
    const value = read(key);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/**
 * A note's tags: the frontmatter's, then the body's inline `#tags`, one per spelling-insensitive
 * name (Obsidian's `#Tag` is `#tag`; the first spelling is kept), at most NOTE_LIMITS.tagsMax.
 */
export function extractTags(markdown: string): string[] {
  const { data, content } = parseFrontmatter(markdown);
  return mergeTags([normalizeTags(tagValueOf((key) => data[key])), extractInlineTags(content)]);
}
