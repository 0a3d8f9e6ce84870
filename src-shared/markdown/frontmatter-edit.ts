import { isMap, parseDocument, type Node, type Pair, type Scalar } from 'yaml';
import { jsonEqual } from '../json-equal';
import { coerceValue, type PropertyScalar, type PropertyType, type PropertyValue } from './property-types';
import { setExisting, unchangedEnds, type Target } from './frontmatter-value-edit';
import {
  jsOf,
  keyText,
  lineStart,
  nextLineStart,
  nodeStart,
  removeLines,
  renderKey,
  renderList,
  renderScalar,
  valueEnd,
  type Parsed,
  type TextEdit,
} from './yaml-text';

/**
 * Property edits as the smallest text changes: the YAML is never re-stringified, so comments,
 * blank lines, key order, indentation, other values' quoting and CRLF stay byte for byte. Every
 * edit is checked by parsing the result: if anything but the intended value would change (an
 * alias, an odd layout), the edit is refused instead of guessed.
 */

export type { TextEdit } from './yaml-text';

export type FrontmatterEdit =
  /** Sets the value, adding the property at the end when the note has none by that name. */
  | { op: 'set'; key: string; value: PropertyValue }
  | { op: 'rename'; key: string; to: string }
  | { op: 'remove'; key: string }
  /** Converts the value to `type` (what carries over is kept, see `coerceValue`). */
  | { op: 'retype'; key: string; type: PropertyType };

export type EditResult = { ok: true; changes: TextEdit[] } | { ok: false; error: string };

export interface PropertyEntry {
  key: string;
  value: unknown;
}

export type ReadResult =
  | { kind: 'none' }
  | { kind: 'properties'; properties: PropertyEntry[] }
  | { kind: 'invalid'; message: string };

/** The same block `parseFrontmatter` reads (src-shared/markdown/frontmatter.ts); a test keeps them equal. */
const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const OPENING_FENCE = /^---[ \t]*\r?\n/;

interface Block {
  /** The YAML between the fences. */
  raw: string;
  /** Where `raw` starts in the note's text. */
  start: number;
  /** False for `---` directly followed by its closing fence: there is no YAML line at all. */
  hasLines: boolean;
}

function locate(text: string): Block | null {
  const match = FRONTMATTER.exec(text);
  if (!match) return null;
  const start = OPENING_FENCE.exec(text)?.[0].length ?? 0;
  return { raw: match[1] ?? '', start, hasLines: match[1] !== undefined };
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function parse(raw: string): Parsed {
  return parseDocument(raw, { prettyErrors: true });
}

function firstError(doc: Parsed): string | null {
  const error = doc.errors[0];
  return error ? (error.message.split('\n')[0] ?? 'Invalid YAML') : null;
}

/** The mapping's entries in their written order (a JS object would put "1" before "a"). */
function entriesOf(doc: Parsed): PropertyEntry[] | string {
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) return 'Frontmatter must be a list of "key: value" lines';
  const read = jsOf(doc);
  if ('error' in read) return read.error;
  const js = read.value as Record<string, unknown>;
  const entries: PropertyEntry[] = [];
  for (const pair of doc.contents.items) {
    const key = keyText(pair);
    if (key === null) return 'A property name must be plain text';
    entries.push({ key, value: js[key] ?? null });
  }
  return entries;
}

/** The frontmatter block's whole text, fences included; null when the note has none. */
export function frontmatterSource(text: string): string | null {
  return FRONTMATTER.exec(text)?.[0] ?? null;
}

/** The note's properties in order, as the panel shows them. */
export function readProperties(text: string): ReadResult {
  const block = locate(text);
  if (!block) return { kind: 'none' };
  const doc = parse(block.raw);
  const error = firstError(doc);
  // The parser counts lines from the YAML's first; the note's first line is the opening fence.
  const message = error?.replace(/\bat line (\d+)/, (_, line: string) => `at line ${Number(line) + 1}`);
  if (message !== undefined) return { kind: 'invalid', message };
  const entries = entriesOf(doc);
  return typeof entries === 'string'
    ? { kind: 'invalid', message: entries }
    : { kind: 'properties', properties: entries };
}

// ---------------------------------------------------------------------------------------------
// The edits.

function fail(error: string): EditResult {
  return { ok: false, error };
}

function pairOf(doc: Parsed, key: string): Pair | undefined {
  return isMap(doc.contents) ? doc.contents.items.find((pair) => keyText(pair) === key) : undefined;
}

function isItemScalar(value: unknown): value is PropertyScalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function addLine(key: string, value: PropertyValue, eol: string): string | null {
  const renderedKey = renderKey(key, undefined);
  if (renderedKey === null) return null;
  if (Array.isArray(value)) return `${renderedKey}:${renderList(value as PropertyScalar[], false, '', eol)}`;
  const rendered = renderScalar(value as PropertyScalar, ['PLAIN', 'QUOTE_DOUBLE'], {
    context: 'map',
    indent: '  ',
    eol,
  });
  return rendered === '' ? `${renderedKey}:` : `${renderedKey}: ${rendered}`;
}

/** Where a new last property goes: after the last line with text, else at the very end. */
function addAt(block: Block, line: string, eol: string): TextEdit[][] {
  const { raw } = block;
  if (!block.hasLines) return [[{ from: 0, to: 0, insert: line + eol }]];
  if (raw.trim() === '') return [[{ from: 0, to: raw.length, insert: line }]];
  const trimmed = raw.replace(/\s+$/, '').length;
  const options = [[{ from: trimmed, to: trimmed, insert: eol + line }]];
  if (trimmed !== raw.length) options.push([{ from: raw.length, to: raw.length, insert: eol + line }]);
  return options;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.from - b.from)) {
    out += text.slice(at, edit.from) + edit.insert;
    at = edit.to;
  }
  return out + text.slice(at);
}

/** The result's entries are exactly `expected`, in order, with equal values. */
function verified(raw: string, expected: readonly PropertyEntry[]): boolean {
  const doc = parse(raw);
  if (doc.errors.length > 0) return false;
  const entries = entriesOf(doc);
  if (typeof entries === 'string' || entries.length !== expected.length) return false;
  return entries.every(
    (entry, i) => entry.key === expected[i]!.key && jsonEqual(entry.value, expected[i]!.value),
  );
}

function expectedList(old: unknown, next: readonly PropertyScalar[]): unknown[] {
  // Items that still read as the same text keep their parsed value (a `1` stays a number).
  if (!Array.isArray(old)) return [...next];
  const items = old as unknown[];
  const { prefix, suffix } = unchangedEnds(items, next);
  return [
    ...items.slice(0, prefix),
    ...next.slice(prefix, next.length - suffix),
    ...items.slice(items.length - suffix),
  ];
}

const CANNOT = 'These properties are written in a way Quire can’t change safely; edit them in the text.';

/**
 * The changes to the note's text (offsets in `text`) that make `edit`; none when it changes
 * nothing; an error (and no changes) when the YAML does not parse or cannot be edited exactly.
 */
export function editFrontmatter(text: string, edit: FrontmatterEdit): EditResult {
  const eol = lineBreakOf(text);
  const block = locate(text);
  if (!block) {
    if (edit.op !== 'set') return fail(`There is no property “${edit.key}”.`);
    const line = addLine(edit.key, edit.value, eol);
    if (line === null) return fail(CANNOT);
    return { ok: true, changes: [{ from: 0, to: 0, insert: `---${eol}${line}${eol}---${eol}` }] };
  }
  const doc = parse(block.raw);
  const error = firstError(doc);
  if (error !== null) return fail(`These properties can’t be read: ${error}`);
  const entries = entriesOf(doc);
  if (typeof entries === 'string') return fail(entries);
  if (isMap(doc.contents) && doc.contents.flow === true) return fail(CANNOT);
  const target: Target = { raw: block.raw, doc, eol };
  const index = entries.findIndex((entry) => entry.key === edit.key);
  const pair = pairOf(doc, edit.key);

  let candidates: TextEdit[][];
  let expected: PropertyEntry[];
  switch (edit.op) {
    case 'retype':
    case 'set': {
      if (index === -1 || !pair) {
        if (edit.op === 'retype') return fail(`There is no property “${edit.key}”.`);
        const line = addLine(edit.key, edit.value, eol);
        if (line === null) return fail(CANNOT);
        candidates = addAt(block, line, eol);
        const added: unknown = Array.isArray(edit.value) ? [...(edit.value as PropertyScalar[])] : edit.value;
        expected = [...entries, { key: edit.key, value: added }];
        break;
      }
      const old = entries[index]!.value;
      const value = edit.op === 'set' ? edit.value : coerceValue(toPropertyValue(old), edit.type);
      const changes = setExisting(target, pair, old, value);
      if (changes === null) return fail(CANNOT);
      if (changes.length === 0) return { ok: true, changes: [] };
      candidates = [changes];
      const next = Array.isArray(value) ? expectedList(old, value as PropertyScalar[]) : value;
      expected = entries.map((entry, i) => (i === index ? { key: entry.key, value: next } : entry));
      break;
    }
    case 'rename': {
      if (!pair) return fail(`There is no property “${edit.key}”.`);
      if (edit.to === edit.key) return { ok: true, changes: [] };
      if (entries.some((entry) => entry.key === edit.to))
        return fail(`There is already a property “${edit.to}”.`);
      const keyNode = pair.key as Scalar;
      const rendered = renderKey(edit.to, keyNode.type);
      if (rendered === null || edit.to.trim() === '') return fail('A property needs a name.');
      candidates = [[{ from: nodeStart(keyNode), to: valueEnd(block.raw, keyNode), insert: rendered }]];
      expected = entries.map((entry, i) => (i === index ? { key: edit.to, value: entry.value } : entry));
      break;
    }
    case 'remove': {
      if (!pair) return fail(`There is no property “${edit.key}”.`);
      const keyStart = nodeStart(pair.key as Node);
      const from = lineStart(block.raw, keyStart);
      if (block.raw.slice(from, keyStart).trim() !== '') return fail(CANNOT);
      const node = pair.value as Node | null;
      const end = node?.range ? Math.max(valueEnd(block.raw, node), keyStart) : keyStart;
      const to = nextLineStart(block.raw, end);
      let removal = removeLines(block.raw, from, to);
      // The last property of a block: the line break before the closing fence goes with it.
      if (removal.from === 0 && removal.to === block.raw.length && block.hasLines) {
        const fenceBreak = text.startsWith('\r\n', block.start + block.raw.length) ? 2 : 1;
        if (entries.length === 1 && block.raw.slice(0, from).trim() === '')
          removal = { from: 0, to: block.raw.length + fenceBreak, insert: '' };
      }
      candidates = [[removal]];
      // Blank lines after it would join a block scalar above it: they go too.
      const blanks = /^(?:[ \t]*\r?\n)+/.exec(block.raw.slice(removal.to))?.[0].length ?? 0;
      if (blanks > 0) candidates.push([{ ...removal, to: removal.to + blanks }]);
      expected = entries.filter((_, i) => i !== index);
      break;
    }
  }
  for (const changes of candidates) {
    const after = applyEdits(
      block.raw,
      changes.filter((c) => c.to <= block.raw.length),
    );
    const raw = changes.some((c) => c.to > block.raw.length) ? '' : after;
    if (!verified(raw, expected)) continue;
    return {
      ok: true,
      changes: changes.map((c) => ({ from: c.from + block.start, to: c.to + block.start, insert: c.insert })),
    };
  }
  return fail(CANNOT);
}

/** A parsed value as the panel edits it: lists of scalars stay lists; anything else is a scalar. */
export function toPropertyValue(value: unknown): PropertyValue {
  if (Array.isArray(value)) return value.map((item) => (isItemScalar(item) ? item : JSON.stringify(item)));
  if (isItemScalar(value)) return value;
  return value === undefined ? null : JSON.stringify(value);
}

/** Applies text edits (non-overlapping) to `text`; the edited note's text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, edits);
}
