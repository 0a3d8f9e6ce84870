import { isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { jsonEqual } from '../json-equal';
import { findInlineTags, readTagAt, tagMatches } from './inline-tags';
import { normalizeTags, TAG_KEYS, tagValueOf } from './frontmatter';
import { applyTextEdits, type TextEdit } from './frontmatter-edit';
import { keyText, valueEnd } from './yaml-text';

/**
 * Renaming a tag in one note's text as the smallest edits: only the tag's own characters change
 * (`#project/quire` → `#work/quire` replaces `project`), in the body's inline tags (found by
 * `findInlineTags`, so code, links and URLs are never touched) and in the frontmatter's tag list
 * (edited in place, quoting and comments kept, and refused unless the re-read tags are exactly
 * the renamed ones and every other property is unchanged).
 */

/** Whether `tag` is a tag name on its own (`#tag` reads back as exactly it). */
export function isValidTagName(tag: string): boolean {
  const read = readTagAt(`#${tag}`, 0);
  return read !== null && read.tag === tag && read.end === tag.length + 1;
}

/** `tag` with `from` (or its nesting parent) renamed to `to`; unchanged when it is not under `from`. */
export function renamedTag(tag: string, from: string, to: string): string {
  return tagMatches(tag, from) ? to + tag.slice(from.length) : tag;
}

export interface TagRenameResult {
  text: string;
  /** Tag occurrences renamed (inline and in the frontmatter). */
  renamed: number;
  /** The frontmatter names the tag but could not be edited exactly; it was left as it was. */
  frontmatterSkipped: boolean;
}

/** The block `parseFrontmatter` reads (src-shared/markdown/frontmatter.ts). */
const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const OPENING_FENCE = /^---[ \t]*\r?\n/;
/** One tag in a frontmatter value's source: what `normalizeTags` splits on, and quotes. */
const VALUE_TOKEN = /[^\s,"'[\]]+/gu;

export function renameTagInText(text: string, from: string, to: string): TagRenameResult {
  const match = FRONTMATTER.exec(text);
  const bodyStart = match ? match[0].length : 0;
  const edits: TextEdit[] = [];
  let frontmatterSkipped = false;
  if (match) {
    const rawStart = OPENING_FENCE.exec(text)?.[0].length ?? 0;
    const front = frontmatterEdits(match[1] ?? '', from, to);
    if (front === null) frontmatterSkipped = true;
    else
      edits.push(...front.map((e) => ({ from: e.from + rawStart, to: e.to + rawStart, insert: e.insert })));
  }
  for (const tag of findInlineTags(text.slice(bodyStart), bodyStart)) {
    if (!tagMatches(tag.tag, from)) continue;
    edits.push({ from: tag.from + 1, to: tag.from + 1 + from.length, insert: to });
  }
  const renamed = edits.length;
  return { text: renamed === 0 ? text : applyTextEdits(text, edits), renamed, frontmatterSkipped };
}

/** The edits of the frontmatter's tags (offsets in `raw`); [] when it has none; null when refused. */
function frontmatterEdits(raw: string, from: string, to: string): TextEdit[] | null {
  const doc = parseDocument(raw);
  if (doc.errors.length > 0) return [];
  let before: unknown;
  try {
    before = doc.toJS();
  } catch {
    return [];
  }
  if (typeof before !== 'object' || before === null || Array.isArray(before)) return [];
  const data = before as Record<string, unknown>;
  const oldTags = normalizeTags(tagValueOf((key) => data[key]));
  if (!oldTags.some((tag) => tagMatches(tag, from))) return [];

  const key = TAG_KEYS.find((name) => data[name] !== undefined && data[name] !== null);
  const items = 'items' in (doc.contents ?? {}) ? (doc.contents as { items: Pair[] }).items : [];
  const pair = items.find((item) => keyText(item) === key);
  const value = pair?.value as Node | null | undefined;
  if (!value) return null;
  const scalars = isSeq(value) ? value.items : [value];
  const edits: TextEdit[] = [];
  for (const node of scalars) {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const start = node.range[0];
    const source = raw.slice(start, valueEnd(raw, node));
    for (const token of source.matchAll(VALUE_TOKEN)) {
      const hashes = /^#*/.exec(token[0])?.[0].length ?? 0;
      const tag = token[0].slice(hashes);
      if (!tagMatches(tag, from)) continue;
      const at = start + (token.index ?? 0) + hashes;
      edits.push({ from: at, to: at + from.length, insert: to });
    }
  }
  if (edits.length === 0) return null;
  return verified(raw, edits, data, key, oldTags, from, to) ? edits : null;
}

/** The edited YAML reads back as the renamed tags, and every other property as it was. */
function verified(
  raw: string,
  edits: readonly TextEdit[],
  before: Record<string, unknown>,
  key: string | undefined,
  oldTags: readonly string[],
  from: string,
  to: string,
): boolean {
  const doc = parseDocument(applyTextEdits(raw, edits));
  if (doc.errors.length > 0) return false;
  let after: unknown;
  try {
    after = doc.toJS();
  } catch {
    return false;
  }
  if (typeof after !== 'object' || after === null || Array.isArray(after)) return false;
  const data = after as Record<string, unknown>;
  const expected = normalizeTags(oldTags.map((tag) => renamedTag(tag, from, to)));
  const tags = normalizeTags(tagValueOf((name) => data[name]));
  if (tags.length !== expected.length || tags.some((tag, i) => tag !== expected[i])) return false;
  const others = (record: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
  return jsonEqual(others(before), others(data));
}
