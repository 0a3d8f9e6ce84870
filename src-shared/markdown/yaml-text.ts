import { isMap, isScalar, parseDocument, type Node, type Pair, type Scalar } from 'yaml';
import { jsonEqual } from '../json-equal';
import type { PropertyScalar } from './property-types';

/**
 * YAML written by hand, a value at a time (for frontmatter-edit.ts): each value in the least
 * quoting that reads back as itself where it is written, and the positions of lines and values
 * in the YAML's own text.
 */

export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

export type ScalarStyle = Scalar.Type;
export type Parsed = ReturnType<typeof parseDocument>;

export function keyText(pair: Pair): string | null {
  return isScalar(pair.key) ? String(pair.key.value) : null;
}

/** The document's value; a message when it has none (an alias to an anchor that isn't there). */
export function jsOf(doc: Parsed): { value: unknown } | { error: string } {
  try {
    return { value: doc.toJS() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'Invalid YAML' };
  }
}

export type Context = 'map' | 'block-item' | 'flow-item';

export interface RenderOptions {
  context: Context;
  /** Indentation of a block scalar's lines. */
  indent: string;
  eol: string;
}

function renderAs(value: PropertyScalar, style: ScalarStyle, options: RenderOptions): string | null {
  if (value === null) return style === 'PLAIN' ? '' : null;
  if (typeof value !== 'string') return style === 'PLAIN' ? String(value) : null;
  switch (style) {
    case 'PLAIN':
      return value.includes('\n') || value !== value.trim() || value === '' ? null : value;
    case 'QUOTE_SINGLE':
      return value.includes('\n') ? null : `'${value.replaceAll("'", "''")}'`;
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value);
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return options.context === 'flow-item' ? null : renderBlock(value, style === 'BLOCK_LITERAL', options);
  }
}

function renderBlock(value: string, literal: boolean, { indent, eol }: RenderOptions): string | null {
  const trailing = /\n*$/.exec(value)?.[0].length ?? 0;
  const body = value.slice(0, value.length - trailing);
  if (body === '' || /^[ \t]/m.test(body) || /[ \t]$/m.test(body)) return null;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // Folded: a run of n line breaks is written as n blank lines (a single break would fold to a space).
  const source = literal ? body : body.replace(/\n+/g, (run) => '\n'.repeat(run.length + 1));
  const lines = source.split('\n').concat(Array<string>(Math.max(0, trailing - 1)).fill(''));
  return `${literal ? '|' : '>'}${chomp}${eol}${lines.map((line) => (line ? indent + line : '')).join(eol)}`;
}

/** Whether `rendered` reads back as `value` where it is written. */
function readsBack(rendered: string, value: PropertyScalar, { context }: RenderOptions): boolean {
  const source =
    context === 'flow-item' ? `[${rendered}]` : context === 'block-item' ? `- ${rendered}` : `k: ${rendered}`;
  const doc = parseDocument(source);
  if (doc.errors.length > 0) return false;
  const parsed = jsOf(doc);
  if ('error' in parsed) return false;
  const js = parsed.value;
  const read = context === 'map' ? (js as Record<string, unknown> | null)?.k : (js as unknown[] | null)?.[0];
  if (context === 'flow-item' && (js as unknown[]).length !== 1) return false;
  return jsonEqual(read ?? null, value);
}

export function renderScalar(
  value: PropertyScalar,
  styles: readonly ScalarStyle[],
  options: RenderOptions,
): string {
  for (const style of styles) {
    const rendered = renderAs(value, style, options);
    if (rendered !== null && readsBack(rendered, value, options)) return rendered;
  }
  // JSON's string form is a YAML double-quoted scalar: it always reads back.
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The existing style first, then the least quoting that keeps the value a string. */
export function stylesAfter(style: ScalarStyle | undefined): ScalarStyle[] {
  if (style === 'QUOTE_SINGLE') return ['QUOTE_SINGLE', 'QUOTE_DOUBLE'];
  if (style === 'QUOTE_DOUBLE') return ['QUOTE_DOUBLE'];
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') return [style, 'QUOTE_DOUBLE'];
  return ['PLAIN', 'QUOTE_DOUBLE'];
}

export function renderKey(key: string, style: ScalarStyle | undefined): string | null {
  for (const candidate of stylesAfter(
    style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? style : 'PLAIN',
  )) {
    const rendered = renderAs(key, candidate, { context: 'map', indent: '', eol: '\n' });
    if (rendered === null) continue;
    const doc = parseDocument(`${rendered}: 1`);
    const first = isMap(doc.contents) ? doc.contents.items[0] : undefined;
    if (doc.errors.length === 0 && first && keyText(first) === key) return rendered;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Positions in the YAML text.

export function lineStart(raw: string, pos: number): number {
  return raw.lastIndexOf('\n', pos - 1) + 1;
}

/** Just past the line break ending the line `pos` is on (the end of the text on the last line). */
export function nextLineStart(raw: string, pos: number): number {
  const at = raw.indexOf('\n', pos);
  return at === -1 ? raw.length : at + 1;
}

/** A node's value end, without the line break a block scalar or collection swallows. */
export function valueEnd(raw: string, node: Node): number {
  const range = node.range;
  if (!range) return 0;
  let end = range[1];
  if (end > range[0] && raw[end - 1] === '\n') end -= raw[end - 2] === '\r' ? 2 : 1;
  return end;
}

export function nodeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}

/** Removes whole lines [from, to); at the end of the text, the line break before them goes too. */
export function removeLines(raw: string, from: number, to: number): TextEdit {
  if (to === raw.length && from > 0) {
    const before = raw[from - 2] === '\r' ? from - 2 : from - 1;
    return { from: before, to, insert: '' };
  }
  return { from, to, insert: '' };
}

export function indentOf(raw: string, pos: number): string {
  return /^[ \t]*/.exec(raw.slice(lineStart(raw, pos), pos))?.[0] ?? '';
}

/** The indentation of a block scalar's lines, as written. */
export function blockIndent(raw: string, node: Node, fallback: string): string {
  const source = raw.slice(nodeStart(node), node.range?.[1] ?? 0);
  return /\n([ \t]+)\S/.exec(source)?.[1] ?? fallback;
}

export function renderList(
  items: readonly PropertyScalar[],
  flow: boolean,
  indent: string,
  eol: string,
): string {
  if (items.length === 0) return ' []';
  if (flow) {
    const options: RenderOptions = { context: 'flow-item', indent, eol };
    return ` [${items.map((item) => renderScalar(item, ['PLAIN', 'QUOTE_DOUBLE'], options)).join(', ')}]`;
  }
  const options: RenderOptions = { context: 'block-item', indent: `${indent}    `, eol };
  return items
    .map((item) => `${eol}${indent}  - ${renderScalar(item, ['PLAIN', 'QUOTE_DOUBLE'], options)}`)
    .join('');
}
