import { isCollection, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { jsonEqual } from '../json-equal';
import type { PropertyScalar, PropertyValue } from './property-types';
import {
  blockIndent,
  indentOf,
  lineStart,
  nextLineStart,
  nodeStart,
  removeLines,
  renderList,
  renderScalar,
  stylesAfter,
  valueEnd,
  type Context,
  type Parsed,
  type RenderOptions,
  type TextEdit,
} from './yaml-text';

/**
 * One property's value changed in place (for frontmatter-edit.ts): a scalar in its own quoting,
 * a list item by item (flow stays flow, block stays block), or the whole value when its kind
 * changes. Offsets are in the YAML's text.
 */

export interface Target {
  raw: string;
  doc: Parsed;
  eol: string;
}

/** The position just past the `:` after a pair's key. */
export function afterColon(raw: string, pair: Pair): number {
  const keyNode = pair.key as Node;
  return raw.indexOf(':', keyNode.range?.[1] ?? 0) + 1;
}

/** A list item the panel shows as `text` is unchanged if it still reads as that text. */
export function sameItem(old: unknown, next: PropertyScalar): boolean {
  if (jsonEqual(old, next)) return true;
  return (
    typeof next === 'string' && (typeof old === 'number' || typeof old === 'boolean') && String(old) === next
  );
}

/** How many items at the start and at the end of the list are unchanged. */
export function unchangedEnds(
  old: readonly unknown[],
  next: readonly PropertyScalar[],
): { prefix: number; suffix: number } {
  const common = Math.min(old.length, next.length);
  let prefix = 0;
  while (prefix < common && sameItem(old[prefix], next[prefix]!)) prefix += 1;
  let suffix = 0;
  while (suffix < common - prefix && sameItem(old[old.length - 1 - suffix], next[next.length - 1 - suffix]!))
    suffix += 1;
  return { prefix, suffix };
}

/** The whole value after `key:` replaced (a new kind of value: scalar ↔ list). */
export function replaceValue(target: Target, pair: Pair, value: PropertyValue): TextEdit {
  const { raw, eol } = target;
  const from = afterColon(raw, pair);
  const node = pair.value as Node | null;
  // An empty value keeps what follows the colon (`key: # why` keeps its comment's space).
  const empty = !node?.range || node.range[0] === node.range[1];
  const to = empty || !node.range ? from : Math.max(from, valueEnd(raw, node));
  const indent = indentOf(raw, nodeStart(pair.key as Node));
  if (Array.isArray(value)) {
    const flow = isSeq(node) && node.flow === true;
    return { from, to, insert: renderList(value as PropertyScalar[], flow, indent, eol) };
  }
  const rendered = renderScalar(value as PropertyScalar, ['PLAIN', 'QUOTE_DOUBLE'], {
    context: 'map',
    indent: `${indent}  `,
    eol,
  });
  return { from, to, insert: rendered === '' ? '' : ` ${rendered}` };
}

export function replaceScalar(
  target: Target,
  node: Scalar,
  value: PropertyScalar,
  context: Context,
  indent: string,
): TextEdit {
  const { raw, eol } = target;
  const start = nodeStart(node);
  const to = valueEnd(raw, node);
  const style = raw.slice(start, to) === '' ? undefined : node.type;
  const options: RenderOptions = { context, indent: blockIndent(raw, node, indent), eol };
  const rendered = renderScalar(value, stylesAfter(style), options);
  // Emptied: `key:` with no space left dangling after the colon.
  const from =
    rendered === '' && context === 'map'
      ? start - (/[ \t]*$/.exec(raw.slice(0, start))?.[0].length ?? 0)
      : start;
  // `key:` with nothing after it needs the space YAML wants after the colon.
  const needsSpace =
    from === to && rendered !== '' && context !== 'flow-item' && !/[ \t[]/.test(raw[from - 1] ?? ' ');
  // An empty value before a comment (`key: # why`): the comment needs the space before its `#`.
  const beforeComment = from === to && rendered !== '' && raw[to] === '#';
  return { from, to, insert: `${needsSpace ? ' ' : ''}${rendered}${beforeComment ? ' ' : ''}` };
}

/** A list to a list: only the items that differ are touched; flow stays flow, block stays block. */
export function editList(
  target: Target,
  pair: Pair,
  old: unknown[],
  next: readonly PropertyScalar[],
): TextEdit[] | null {
  const { raw, eol } = target;
  const seq = pair.value;
  if (!isSeq(seq)) return null;
  const nodes = seq.items as Node[];
  if (nodes.length !== old.length) return null;
  if (next.length === 0) return old.length === 0 ? [] : [replaceValue(target, pair, [])];
  const { prefix, suffix } = unchangedEnds(old, next);
  const oldEnd = old.length - suffix;
  const nextEnd = next.length - suffix;
  const flow = seq.flow === true;
  const context: Context = flow ? 'flow-item' : 'block-item';
  const edits: TextEdit[] = [];
  const common = Math.min(oldEnd - prefix, nextEnd - prefix);
  const itemIndent = nodes[0] ? `${indentOf(raw, nodeStart(nodes[0]))}    ` : '    ';
  for (let k = 0; k < common; k += 1) {
    const node = nodes[prefix + k]!;
    const value = next[prefix + k]!;
    if (isScalar(node)) edits.push(replaceScalar(target, node, value, context, itemIndent));
    else
      edits.push({
        from: nodeStart(node),
        to: valueEnd(raw, node),
        insert: renderScalar(value, ['PLAIN', 'QUOTE_DOUBLE'], { context, indent: itemIndent, eol }),
      });
  }
  const removeFrom = prefix + common;
  if (oldEnd > removeFrom) {
    const first = nodes[removeFrom]!;
    const last = nodes[oldEnd - 1]!;
    if (flow) {
      if (removeFrom > 0)
        edits.push({ from: valueEnd(raw, nodes[removeFrom - 1]!), to: valueEnd(raw, last), insert: '' });
      else edits.push({ from: nodeStart(first), to: nodeStart(nodes[oldEnd]!), insert: '' });
    } else {
      edits.push(removeLines(raw, lineStart(raw, nodeStart(first)), nextLineStart(raw, valueEnd(raw, last))));
    }
  }
  const added = next.slice(removeFrom, nextEnd);
  if (added.length > 0) {
    const options: RenderOptions = { context, indent: itemIndent, eol };
    const rendered = added.map((item) => renderScalar(item, ['PLAIN', 'QUOTE_DOUBLE'], options));
    if (flow) {
      const at = oldEnd;
      if (at > 0)
        edits.push({
          from: valueEnd(raw, nodes[at - 1]!),
          to: valueEnd(raw, nodes[at - 1]!),
          insert: `, ${rendered.join(', ')}`,
        });
      else if (nodes.length > 0)
        edits.push({
          from: nodeStart(nodes[0]!),
          to: nodeStart(nodes[0]!),
          insert: `${rendered.join(', ')}, `,
        });
      else {
        const open = raw.indexOf('[', nodeStart(seq as Node)) + 1;
        edits.push({ from: open, to: open, insert: rendered.join(', ') });
      }
    } else {
      const anchor = nodes[oldEnd - 1] ?? nodes[oldEnd]!;
      const linePrefix = raw.slice(lineStart(raw, nodeStart(anchor)), nodeStart(anchor));
      if (!/^[ \t]*-[ \t]*$/.test(linePrefix)) return null;
      const dash = `${linePrefix.trimEnd()} `;
      const lines = rendered.map((item) => `${dash}${item}`);
      if (oldEnd > 0) {
        // After the last kept item's line, so its same-line comment stays with it.
        const end = nextLineStart(raw, valueEnd(raw, anchor));
        const at = raw[end - 1] === '\n' ? end - (raw[end - 2] === '\r' ? 2 : 1) : end;
        edits.push({ from: at, to: at, insert: lines.map((line) => eol + line).join('') });
      } else {
        const at = lineStart(raw, nodeStart(anchor));
        edits.push({ from: at, to: at, insert: lines.map((line) => line + eol).join('') });
      }
    }
  }
  return edits;
}

export function setExisting(
  target: Target,
  pair: Pair,
  old: unknown,
  value: PropertyValue,
): TextEdit[] | null {
  const node = pair.value as Node | null;
  if (Array.isArray(value)) {
    if (Array.isArray(old) && isSeq(node)) return editList(target, pair, old, value as PropertyScalar[]);
    return [replaceValue(target, pair, value)];
  }
  if (jsonEqual(old ?? null, value)) return [];
  if (isScalar(node) && !isCollection(node)) {
    const indent = `${indentOf(target.raw, nodeStart(pair.key as Node))}  `;
    return [replaceScalar(target, node, value as PropertyScalar, 'map', indent)];
  }
  return [replaceValue(target, pair, value)];
}
