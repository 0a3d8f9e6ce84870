import type { SyntaxNode } from '@lezer/common';
import { Decoration } from '@codemirror/view';
import { withTrailingSpace, type Collector } from './collector';

/**
 * Headings and inline Markdown: markers hidden, the text styled. The highlight style already
 * sizes headings and sets bold/italic; these add the classes Live Preview's look hangs on.
 */

const HEADING_LEVEL: Record<string, number> = {
  ATXHeading1: 1,
  ATXHeading2: 2,
  ATXHeading3: 3,
  ATXHeading4: 4,
  ATXHeading5: 5,
  ATXHeading6: 6,
  SetextHeading1: 1,
  SetextHeading2: 2,
};

const INLINE_STYLE: Record<string, string> = {
  Emphasis: 'cm-lp-em',
  StrongEmphasis: 'cm-lp-strong',
  Strikethrough: 'cm-lp-strike',
  Highlight: 'cm-lp-highlight',
};

const MARKS = new Set(['EmphasisMark', 'StrikethroughMark', 'HighlightMark']);

export function headingLevel(name: string): number | undefined {
  return HEADING_LEVEL[name];
}

export function decorateHeading(c: Collector, node: SyntaxNode): void {
  const level = HEADING_LEVEL[node.name] ?? 1;
  const setext = node.name.startsWith('Setext');
  const doc = c.state.doc;
  const first = doc.lineAt(node.from);
  const last = doc.lineAt(node.to);
  const raw = c.revealed(node.from, node.to);
  const className = `cm-lp-heading cm-lp-h${level}`;
  for (let pos = first.from; pos <= last.from; pos = doc.lineAt(pos).to + 1) {
    const isUnderline = setext && pos === last.from;
    c.line(pos, isUnderline && !raw ? 'cm-lp-setext-underline' : className);
  }
  if (raw) return;
  for (let mark = node.firstChild; mark; mark = mark.nextSibling) {
    if (mark.name !== 'HeaderMark') continue;
    if (setext) c.hide(mark.from, mark.to);
    else if (mark.from === node.from) c.hide(mark.from, withTrailingSpace(c.state, mark.to));
    else {
      // Closing hashes (`# Title ##`) go with the spaces before them.
      let from = mark.from;
      while (from > node.from && /[ \t]/.test(doc.sliceString(from - 1, from))) from -= 1;
      c.hide(from, mark.to);
    }
  }
}

/** `*em*`, `**strong**`, `~~strike~~`: a class on the text, markers hidden off the cursor line. */
export function decorateInlineStyle(c: Collector, node: SyntaxNode): void {
  const className = INLINE_STYLE[node.name];
  if (className) c.add(Decoration.mark({ class: className }).range(node.from, node.to));
  if (c.revealed(node.from, node.to)) return;
  for (let mark = node.firstChild; mark; mark = mark.nextSibling)
    if (MARKS.has(mark.name)) c.hide(mark.from, mark.to);
}

export function isInlineStyle(name: string): boolean {
  return name in INLINE_STYLE;
}

/** `` `code` ``: a monospace chip; backticks hidden off the cursor line. */
export function decorateInlineCode(c: Collector, node: SyntaxNode): void {
  if (c.revealed(node.from, node.to)) return;
  const open = node.firstChild;
  const close = node.lastChild;
  if (!open || !close || open === close || open.name !== 'CodeMark' || close.name !== 'CodeMark') return;
  c.hide(open.from, open.to);
  c.hide(close.from, close.to);
  if (close.from > open.to) c.add(Decoration.mark({ class: 'cm-lp-inline-code' }).range(open.to, close.from));
}

/** `\*`: the backslash hidden off the cursor line. */
export function decorateEscape(c: Collector, node: SyntaxNode): void {
  if (!c.revealed(node.from, node.to)) c.hide(node.from, node.from + 1);
}

function linkMark(c: Collector, from: number, to: number, href: string): void {
  if (to > from)
    c.add(Decoration.mark({ class: 'cm-lp-link', attributes: { 'data-href': href } }).range(from, to));
}

/**
 * `[text](url "title")` and `[text][ref]`: only the text shows, as a link carrying its target in
 * `data-href`. A bare `[text]` is not a link unless defined, so it is left alone.
 */
export function decorateLink(c: Collector, node: SyntaxNode): void {
  const url = node.getChild('URL');
  const label = node.getChild('LinkLabel');
  if (!url && !label) return;
  const marks = node.getChildren('LinkMark');
  const open = marks[0];
  const close = marks[1];
  if (!open || !close || open.to > close.from) return;
  const href = url ? c.state.sliceDoc(url.from, url.to) : c.state.sliceDoc(label!.from, label!.to);
  linkMark(c, open.to, close.from, href);
  if (c.revealed(node.from, node.to)) return;
  c.hide(open.from, open.to);
  c.hide(close.from, node.to);
}

/** `<https://…>` and bare URLs: styled as links, angle brackets hidden. */
export function decorateAutolink(c: Collector, node: SyntaxNode): void {
  if (node.name === 'URL') {
    linkMark(c, node.from, node.to, c.state.sliceDoc(node.from, node.to));
    return;
  }
  const url = node.getChild('URL');
  if (!url) return;
  linkMark(c, url.from, url.to, c.state.sliceDoc(url.from, url.to));
  if (c.revealed(node.from, node.to)) return;
  c.hide(node.from, url.from);
  c.hide(url.to, node.to);
}
