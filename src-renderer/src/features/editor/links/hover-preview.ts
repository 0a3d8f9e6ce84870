import { StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  showTooltip,
  ViewPlugin,
  type DecorationSet,
  type Tooltip,
} from '@codemirror/view';
import { isApple } from '../../../lib/keyboard';
import { linkAtPointer } from './follow-links';
import type { EditorLink } from './link-at';

/** What a hover shows for a note link. `html` is sanitised preview HTML. */
export type LinkPreview =
  { status: 'found'; title: string; html: string } | { status: 'missing'; title: string };

export type LoadLinkPreview = (
  link: Extract<EditorLink, { kind: 'note' }>,
  currentText: string,
) => Promise<LinkPreview>;

type Hovered = Exclude<EditorLink, { kind: 'attachment' }>;

const setHovered = StateEffect.define<Hovered | null>();

function sameLink(a: Hovered | null, b: Hovered | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to && a.kind === b.kind);
}

const modKey = isApple ? '⌘' : 'Ctrl';
const underline = Decoration.mark({ class: 'cm-link-followable' });

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function previewTooltip(link: Hovered, load: LoadLinkPreview): Tooltip {
  return {
    pos: link.from,
    end: link.to,
    // Below, like CodeMirror's hover tooltips: the card grows downwards as it loads, never over the link.
    above: false,
    create(view) {
      const dom = element('div', 'cm-link-preview');
      dom.setAttribute('role', 'tooltip');
      // A glance, not a pane: links inside it are not followed from here (`#` would change the URL).
      dom.addEventListener('click', (event) => {
        if (event.target instanceof Element && event.target.closest('a[data-wikilink]'))
          event.preventDefault();
      });
      // The card may be read with the pointer on it; leaving it for anywhere but the text closes it.
      dom.addEventListener('mouseleave', (event) => {
        if (!(event.relatedTarget instanceof Node && view.contentDOM.contains(event.relatedTarget)))
          view.dispatch({ effects: setHovered.of(null) });
      });
      if (link.kind === 'url') {
        dom.append(
          element('div', 'cm-link-preview-title', link.url),
          element('div', 'cm-link-preview-hint', `${modKey}+click to open in your browser`),
        );
        return { dom };
      }
      dom.setAttribute('aria-busy', 'true');
      dom.append(element('div', 'cm-link-preview-title', link.target || 'This note'));
      dom.append(element('div', 'cm-link-preview-hint', 'Loading…'));
      let alive = true;
      void load(link, view.state.sliceDoc()).then(
        (preview) => {
          if (!alive) return;
          dom.removeAttribute('aria-busy');
          dom.replaceChildren();
          if (preview.status === 'missing') {
            dom.classList.add('is-missing');
            dom.append(
              element('div', 'cm-link-preview-title', preview.title),
              element(
                'div',
                'cm-link-preview-hint',
                `No note named “${preview.title}” yet — ${modKey}+click to create it`,
              ),
            );
            return;
          }
          const heading = link.heading ? ` › ${link.heading}` : '';
          const body = element('div', 'cm-link-preview-body markdown');
          // Sanitised by the preview's renderer (renderMarkdown → sanitizeHtml).
          body.innerHTML = preview.html;
          if (preview.html.trim() === '')
            body.append(element('p', 'cm-link-preview-empty', 'This note is empty.'));
          dom.append(element('div', 'cm-link-preview-title', `${preview.title}${heading}`), body);
        },
        () => {
          if (!alive) return;
          dom.removeAttribute('aria-busy');
          dom.lastElementChild!.textContent = 'Couldn’t load this note.';
        },
      );
      return {
        dom,
        destroy: () => {
          alive = false;
        },
      };
    },
  };
}

/**
 * Holding Ctrl/⌘ over a link (or pressing it while the pointer rests on one) underlines the link
 * and shows its target: the note's title and beginning, or that it does not exist yet.
 */
export function hoverPreview(load: LoadLinkPreview): Extension {
  const hovered = StateField.define<Hovered | null>({
    create: () => null,
    update(value, tr) {
      for (const effect of tr.effects) if (effect.is(setHovered)) return effect.value;
      // Any edit moves the text under the pointer: start again from the next pointer move.
      return tr.docChanged ? null : value;
    },
    provide: (field) => [
      showTooltip.compute([field], (state) => {
        const link = state.field(field);
        return link ? previewTooltip(link, load) : null;
      }),
      EditorView.decorations.compute([field], (state): DecorationSet => {
        const link = state.field(field);
        return link ? Decoration.set([underline.range(link.from, link.to)]) : Decoration.none;
      }),
    ],
  });

  const tracker = ViewPlugin.define((view) => {
    let pointer: { clientX: number; clientY: number } | null = null;
    let modHeld = false;
    const refresh = (): void => {
      const current = view.state.field(hovered);
      let next: Hovered | null = null;
      if (modHeld && pointer) {
        const link = linkAtPointer(view, pointer);
        if (link && link.kind !== 'attachment') next = link;
      }
      if (!sameLink(current, next)) view.dispatch({ effects: setHovered.of(next) });
    };
    const onMove = (event: MouseEvent): void => {
      pointer = { clientX: event.clientX, clientY: event.clientY };
      modHeld = isApple ? event.metaKey : event.ctrlKey;
      refresh();
    };
    const onLeave = (event: MouseEvent): void => {
      // Onto the card itself: it stays (its own mouseleave closes it).
      if (event.relatedTarget instanceof Element && event.relatedTarget.closest('.cm-link-preview')) return;
      pointer = null;
      refresh();
    };
    const onKey = (event: KeyboardEvent): void => {
      const held = isApple ? event.metaKey : event.ctrlKey;
      if (held === modHeld) return;
      modHeld = held;
      refresh();
    };
    const onBlur = (): void => {
      modHeld = false;
      refresh();
    };
    view.contentDOM.addEventListener('mousemove', onMove);
    view.contentDOM.addEventListener('mouseleave', onLeave);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onKey, true);
    window.addEventListener('blur', onBlur);
    return {
      destroy() {
        view.contentDOM.removeEventListener('mousemove', onMove);
        view.contentDOM.removeEventListener('mouseleave', onLeave);
        window.removeEventListener('keydown', onKey, true);
        window.removeEventListener('keyup', onKey, true);
        window.removeEventListener('blur', onBlur);
      },
    };
  });

  return [hovered, tracker];
}
