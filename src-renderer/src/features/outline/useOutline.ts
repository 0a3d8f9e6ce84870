import { syntaxTree } from '@codemirror/language';
import type { EditorView, ViewUpdate } from '@codemirror/view';
import { useCallback, useEffect, useRef, useState } from 'react';
import { headingsOf, sameHeadings, sectionAt, type OutlineHeading } from './outline-headings';

/** What the outline follows: the editor's view and its updates. */
export interface OutlineSource {
  view: () => EditorView | null;
  subscribe: (listener: (update: ViewUpdate) => void) => () => void;
}

/** Below the top edge, so a heading scrolled to the top by a jump counts as the one in view. */
const TOP_PROBE_PX = 40;
const REPARSE_PAUSE_MS = 150;

/** The section the reader is in: the cursor's while it is on screen, else the top visible one. */
function activeSection(view: EditorView, headings: readonly OutlineHeading[]): number {
  if (headings.length === 0) return -1;
  const head = view.state.selection.main.head;
  const scroller = view.scrollDOM.getBoundingClientRect();
  // Not laid out (hidden, or no layout engine): the cursor is all there is to go by.
  if (scroller.height === 0) return sectionAt(headings, head);
  const cursor = view.coordsAtPos(head);
  if (!cursor || (cursor.bottom > scroller.top && cursor.top < scroller.bottom))
    return sectionAt(headings, head);
  const block = view.lineBlockAtHeight(scroller.top - view.documentTop + TOP_PROBE_PX);
  return sectionAt(headings, block.from);
}

/** The open note's headings and the active one, kept current as the user types, moves and scrolls. */
export function useOutline(
  noteId: string,
  source: OutlineSource,
): { headings: OutlineHeading[]; active: number; positionOf: (index: number) => number | null } {
  const [state, setState] = useState<{ headings: OutlineHeading[]; active: number }>({
    headings: [],
    active: -1,
  });
  // Where each heading is in the text right now: typing moves them before the list is re-read.
  const liveRef = useRef<OutlineHeading[]>([]);
  const { view, subscribe } = source;

  useEffect(() => {
    // What is rendered; it changes only when a re-read finds the headings changed.
    let headings: OutlineHeading[] = [];
    liveRef.current = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame: number | null = null;

    const publish = (): void => {
      const current = view();
      if (!current) return;
      const active = activeSection(current, liveRef.current);
      setState((s) => (s.headings === headings && s.active === active ? s : { headings, active }));
    };
    const reparse = (): void => {
      timer = null;
      const current = view();
      if (!current) return;
      const next = headingsOf(current.state);
      liveRef.current = next;
      if (!sameHeadings(next, headings)) headings = next;
      publish();
    };
    const follow = (): void => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        publish();
      });
    };

    reparse();
    const unsubscribe = subscribe((update) => {
      // Typing re-reads the headings once it pauses; the parser finishing a long note does too.
      // Until then the known headings move with the text, so the active one stays right.
      if (update.docChanged && liveRef.current.length > 0) {
        liveRef.current = liveRef.current.map((h) => ({ ...h, from: update.changes.mapPos(h.from, -1) }));
      }
      if (update.docChanged || syntaxTree(update.state) !== syntaxTree(update.startState)) {
        if (timer !== null) clearTimeout(timer);
        timer = setTimeout(reparse, REPARSE_PAUSE_MS);
      }
      if (update.selectionSet || update.viewportChanged || update.geometryChanged) follow();
    });
    const scroller = view()?.scrollDOM;
    scroller?.addEventListener('scroll', follow, { passive: true });
    return () => {
      unsubscribe();
      scroller?.removeEventListener('scroll', follow);
      if (timer !== null) clearTimeout(timer);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [noteId, view, subscribe]);

  const positionOf = useCallback((index: number) => liveRef.current[index]?.from ?? null, []);
  return { ...state, positionOf };
}
