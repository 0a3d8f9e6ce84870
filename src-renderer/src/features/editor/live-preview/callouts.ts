import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import { Decoration, WidgetType, type EditorView } from '@codemirror/view';
import { toggleCalloutFold } from './callout-folds';
import type { Collector } from './collector';

/**
 * Obsidian callouts: a blockquote whose first line is `> [!type] Title` (`[!type]-` starts
 * folded, `[!type]+` foldable and open). Drawn as a coloured box with an icon and a title; the
 * whole block shows raw while the selection is in it.
 */

const HEAD = /^([ \t]*>[ \t]?)\[!([\w-]+)\]([+-]?)[ \t]*/;

/** Obsidian's aliases, each mapped to the type whose colour and icon it shares. */
const KINDS: Record<string, string> = {
  note: 'note',
  abstract: 'abstract',
  summary: 'abstract',
  tldr: 'abstract',
  info: 'info',
  todo: 'todo',
  tip: 'tip',
  hint: 'tip',
  important: 'tip',
  success: 'success',
  check: 'success',
  done: 'success',
  question: 'question',
  help: 'question',
  faq: 'question',
  warning: 'warning',
  caution: 'warning',
  attention: 'warning',
  failure: 'failure',
  fail: 'failure',
  missing: 'failure',
  danger: 'danger',
  error: 'danger',
  bug: 'bug',
  example: 'example',
  quote: 'quote',
  cite: 'quote',
};

/** Lucide-style stroke paths on a 24-unit grid. */
const ICONS: Record<string, string> = {
  note: 'M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z',
  abstract: 'M9 5h11M9 12h11M9 19h11M4 5h.01M4 12h.01M4 19h.01',
  info: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 16v-4M12 8h.01',
  todo: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM8 12l3 3 5-6',
  tip: 'M9 18h6M10 22h4M12 2a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2z',
  success: 'M5 12l5 5L20 7',
  question: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01',
  warning: 'M12 9v4M12 17h.01M10.3 4l-8 14a2 2 0 0 0 1.7 3h16a2 2 0 0 0 1.7-3l-8-14a2 2 0 0 0-3.4 0z',
  failure: 'M6 6l12 12M18 6L6 18',
  danger: 'M13 2L3 14h9l-1 8 10-12h-9z',
  bug: 'M8 6a4 4 0 0 1 8 0v1H8zM6 9h12v5a6 6 0 0 1-12 0zM12 12v8M3 13h3M18 13h3M4 7l2 2M20 7l-2 2M4 20l2-2M20 20l-2-2',
  example: 'M4 6h16M4 12h16M4 18h10',
  quote: 'M7 17a3 3 0 0 1-3-3V9a3 3 0 0 1 3-3h2v5H5M17 17a3 3 0 0 1-3-3V9a3 3 0 0 1 3-3h2v5h-4',
};

export interface CalloutHead {
  /** The colour/icon family (`warning` for `caution`). */
  kind: string;
  /** As written, for the title when none is given (`Caution`). */
  written: string;
  fold: '' | '+' | '-';
  /** Length of `> [!type]- ` on the first line. */
  prefixLength: number;
}

export function calloutHead(state: EditorState, quote: SyntaxNode): CalloutHead | null {
  const line = state.doc.lineAt(quote.from);
  const match = HEAD.exec(line.text);
  if (!match?.[2]) return null;
  const written = match[2].toLowerCase();
  return {
    kind: KINDS[written] ?? 'note',
    written,
    fold: (match[3] ?? '') as CalloutHead['fold'],
    prefixLength: match[0].length,
  };
}

function svgIcon(path: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

class CalloutTitle extends WidgetType {
  constructor(
    readonly kind: string,
    /** Shown when the callout has no title of its own. */
    readonly fallback: string | null,
    readonly foldable: boolean,
    readonly folded: boolean,
  ) {
    super();
  }

  override eq(other: CalloutTitle): boolean {
    return (
      other.kind === this.kind &&
      other.fallback === this.fallback &&
      other.foldable === this.foldable &&
      other.folded === this.folded
    );
  }

  toDOM(): HTMLElement {
    const head = document.createElement('span');
    head.className = 'cm-lp-callout-head';
    head.append(svgIcon(ICONS[this.kind] ?? ICONS.note!));
    if (this.fallback !== null) {
      const label = document.createElement('span');
      label.className = 'cm-lp-callout-title';
      label.textContent = this.fallback;
      head.append(label);
    }
    return head;
  }
}

class FoldChevron extends WidgetType {
  constructor(readonly folded: boolean) {
    super();
  }
  override eq(other: FoldChevron): boolean {
    return other.folded === this.folded;
  }
  toDOM(view: EditorView): HTMLElement {
    const button = document.createElement('span');
    button.className = this.folded ? 'cm-lp-callout-fold is-folded' : 'cm-lp-callout-fold';
    button.setAttribute('role', 'button');
    button.setAttribute('aria-label', this.folded ? 'Unfold callout' : 'Fold callout');
    button.setAttribute('aria-expanded', String(!this.folded));
    button.append(svgIcon('M6 9l6 6 6-6'));
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', (event) => {
      event.preventDefault();
      const lineFrom = view.state.doc.lineAt(view.posAtDOM(button)).from;
      view.dispatch({ effects: toggleCalloutFold.of(lineFrom) });
    });
    return button;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

/** Returns true when it drew the callout (the quote markers are then its business). */
export function decorateCallout(c: Collector, quote: SyntaxNode, folded: boolean): boolean {
  const head = calloutHead(c.state, quote);
  if (!head || c.revealed(quote.from, quote.to)) return false;
  const doc = c.state.doc;
  const first = doc.lineAt(quote.from);
  const last = doc.lineAt(quote.to);
  const attributes = { 'data-callout': head.kind };
  for (let pos = first.from; pos <= last.from;) {
    const line = doc.lineAt(pos);
    const edges = `${pos === first.from ? ' cm-lp-callout-first' : ''}${pos === last.from || (folded && pos === first.from) ? ' cm-lp-callout-last' : ''}`;
    c.line(pos, `cm-lp-callout cm-lp-callout-${head.kind}${edges}`, attributes);
    if (pos !== first.from) {
      const prefix = /^(?:[ \t]*>[ \t]?)+/.exec(line.text)?.[0].length ?? 0;
      c.hide(line.from, line.from + prefix);
    }
    pos = line.to + 1;
  }
  const hasTitle = first.text.length > head.prefixLength;
  const fallback = hasTitle ? null : head.written.charAt(0).toUpperCase() + head.written.slice(1);
  const widget = new CalloutTitle(head.kind, fallback, head.fold !== '', folded);
  c.add(Decoration.replace({ widget }).range(first.from, first.from + head.prefixLength));
  if (hasTitle)
    c.add(Decoration.mark({ class: 'cm-lp-callout-title' }).range(first.from + head.prefixLength, first.to));
  if (head.fold !== '')
    c.add(Decoration.widget({ widget: new FoldChevron(folded), side: 1 }).range(first.to));
  return true;
}
