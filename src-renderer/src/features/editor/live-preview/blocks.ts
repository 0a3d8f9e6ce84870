import type { SyntaxNode } from '@lezer/common';
import { Decoration, WidgetType } from '@codemirror/view';
import type { Collector } from './collector';
import { calloutHead, decorateCallout } from './callouts';
import { isFolded } from './callout-folds';

/** Block constructs drawn line by line: blockquotes (and callouts), rules, code fences. */

class Rule extends WidgetType {
  override eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const rule = document.createElement('span');
    rule.className = 'cm-lp-hr';
    rule.setAttribute('role', 'separator');
    return rule;
  }
}
const RULE = new Rule();

class FenceLabel extends WidgetType {
  constructor(readonly language: string) {
    super();
  }
  override eq(other: FenceLabel): boolean {
    return other.language === this.language;
  }
  toDOM(): HTMLElement {
    const label = document.createElement('span');
    label.className = 'cm-lp-code-language';
    label.textContent = this.language;
    return label;
  }
}

export function decorateRule(c: Collector, node: SyntaxNode): void {
  if (c.revealed(node.from, node.to)) return;
  c.add(Decoration.replace({ widget: RULE }).range(node.from, node.to));
}

/** `> quote`: a bar at the left of every line; the `>` markers hidden off the cursor's lines. */
export function decorateBlockquote(c: Collector, quote: SyntaxNode): void {
  // A nested quote is drawn by its outer one (its markers are on the same lines).
  if (quote.parent?.name === 'Blockquote') return;
  const head = calloutHead(c.state, quote);
  const first = c.state.doc.lineAt(quote.from);
  if (head && decorateCallout(c, quote, isFolded(c.state, first.from, head.fold))) return;
  const doc = c.state.doc;
  const last = doc.lineAt(quote.to);
  // A callout being edited shows its whole source, not just the cursor's lines.
  const rawBlock = head !== null;
  for (let pos = first.from; pos <= last.from;) {
    const line = doc.lineAt(pos);
    const prefix = /^(?:[ \t]*>[ \t]?)+/.exec(line.text)?.[0] ?? '';
    const depth = (prefix.match(/>/g) ?? []).length;
    c.line(pos, depth > 1 ? 'cm-lp-blockquote is-nested' : 'cm-lp-blockquote');
    if (prefix && !rawBlock && !c.revealed(line.from, line.to)) c.hide(line.from, line.from + prefix.length);
    pos = line.to + 1;
  }
}

/** A fenced code block: its fence lines quiet (the language as a small label) off the cursor. */
export function decorateFencedCode(c: Collector, node: SyntaxNode): void {
  if (c.revealed(node.from, node.to)) return;
  const doc = c.state.doc;
  const open = node.firstChild;
  const close = node.lastChild;
  if (!open || open.name !== 'CodeMark') return;
  const openLine = doc.lineAt(open.from);
  const info = node.getChild('CodeInfo');
  const language = info ? c.state.sliceDoc(info.from, info.to).trim() : '';
  const widget = language ? new FenceLabel(language) : null;
  if (openLine.to > openLine.from)
    c.add(
      (widget ? Decoration.replace({ widget }) : Decoration.replace({})).range(
        Math.max(openLine.from, open.from),
        openLine.to,
      ),
    );
  if (close && close !== open && close.name === 'CodeMark') {
    const closeLine = doc.lineAt(close.from);
    if (closeLine.from !== openLine.from) c.hide(closeLine.from, closeLine.to);
  }
}
