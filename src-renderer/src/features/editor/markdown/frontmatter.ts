import { parseFrontmatter } from '../../../../../src-shared/markdown/frontmatter';

export interface FrontmatterProperty {
  key: string;
  /** Lists stay lists so the table can show them as chips; everything else becomes display text. */
  value: string | string[];
}

export type Frontmatter =
  | { kind: 'none' }
  | { kind: 'properties'; properties: FrontmatterProperty[] }
  | { kind: 'invalid'; message: string };

export interface SplitNote {
  frontmatter: Frontmatter;
  /** The Markdown after the frontmatter block. */
  content: string;
}

function displayScalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return '';
}

function displayValue(value: unknown): string | string[] {
  return Array.isArray(value) ? value.map(displayScalar) : displayScalar(value);
}

/**
 * The preview's view of a note's frontmatter: the shared parser (the one the host derives tags
 * with) turned into display rows, so what the preview shows and what gets indexed never disagree.
 */
export function splitFrontmatter(source: string): SplitNote {
  const parsed = parseFrontmatter(source);
  if (parsed.content === source) return { frontmatter: { kind: 'none' }, content: source };
  if (parsed.error !== null)
    return { frontmatter: { kind: 'invalid', message: parsed.error }, content: parsed.content };
  const properties = Object.entries(parsed.data).map(([key, value]) => ({ key, value: displayValue(value) }));
  return { frontmatter: { kind: 'properties', properties }, content: parsed.content };
}
