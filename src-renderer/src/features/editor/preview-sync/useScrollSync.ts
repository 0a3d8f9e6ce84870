import { EditorView } from '@codemirror/view';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { lineForTop, orderedAnchors, topForLine, type Anchor } from './scroll-map';

/** The editor's fractional line at the top of its viewport. */
function editorTopLine(view: EditorView): number {
  const scroller = view.scrollDOM;
  const height = Math.max(0, scroller.getBoundingClientRect().top - view.documentTop);
  const block = view.lineBlockAtHeight(height);
  const line = view.state.doc.lineAt(block.from).number;
  return line + (block.height > 0 ? Math.min(1, (height - block.top) / block.height) : 0);
}

/**
 * Scrolls the editor so the fractional `line` is at the top. CodeMirror does it (heights of lines
 * it has not drawn are estimates, which only its own measuring corrects); a fraction of a long
 * wrapped paragraph becomes the character that far into it.
 */
function scrollEditorTo(view: EditorView, line: number): void {
  const { doc } = view.state;
  const whole = Math.max(1, Math.min(doc.lines, Math.floor(line)));
  const target = doc.line(whole);
  const pos = target.from + Math.floor(Math.max(0, Math.min(1, line - whole)) * target.length);
  view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'start', yMargin: 0 }) });
}

function previewAnchors(preview: HTMLElement, lastLine: number): Anchor[] {
  const base = preview.getBoundingClientRect().top - preview.scrollTop;
  const anchors: Anchor[] = [{ line: 1, top: 0 }];
  for (const element of preview.querySelectorAll<HTMLElement>('.markdown > [data-line]')) {
    const line = Number(element.dataset.line);
    if (Number.isFinite(line)) anchors.push({ line, top: element.getBoundingClientRect().top - base });
  }
  anchors.push({ line: lastLine + 1, top: Math.max(0, preview.scrollHeight - preview.clientHeight) });
  return orderedAnchors(anchors);
}

/**
 * Scroll events this hook caused are not echoed back. The preview's is known by its position
 * (set exactly); the editor's by time, as the editor may adjust once more while it measures.
 */
const QUIET_MS = 120;

/**
 * While the preview is open, scrolling either pane scrolls the other to the same source line.
 * `resync` puts the preview back in step with the editor after the preview re-renders.
 */
export function useScrollSync(
  enabled: boolean,
  editorView: () => EditorView | null,
  previewRef: RefObject<HTMLElement | null>,
  /** Changes when the panes change (another note): listeners are attached again. */
  key: string,
): { resync: () => void } {
  const editorQuietUntil = useRef(0);
  const previewSetTo = useRef<number | null>(null);
  const viewRef = useRef(editorView);
  useEffect(() => {
    viewRef.current = editorView;
  });

  const followEditor = useCallback(() => {
    const view = viewRef.current();
    const preview = previewRef.current;
    if (!view || !preview) return;
    const top = topForLine(previewAnchors(preview, view.state.doc.lines), editorTopLine(view));
    if (top === null) return;
    preview.scrollTop = Math.max(0, top);
    // Read back: the browser clamps it to the scrollable range.
    previewSetTo.current = preview.scrollTop;
  }, [previewRef]);

  useEffect(() => {
    const view = viewRef.current();
    const preview = previewRef.current;
    if (!enabled || !view || !preview) return;
    const scroller = view.scrollDOM;
    const onEditorScroll = (): void => {
      if (performance.now() >= editorQuietUntil.current) followEditor();
    };
    const onPreviewScroll = (): void => {
      const setTo = previewSetTo.current;
      previewSetTo.current = null;
      if (setTo !== null && Math.abs(preview.scrollTop - setTo) < 2) return;
      const line = lineForTop(previewAnchors(preview, view.state.doc.lines), preview.scrollTop);
      if (line === null) return;
      editorQuietUntil.current = performance.now() + QUIET_MS;
      scrollEditorTo(view, line);
    };
    scroller.addEventListener('scroll', onEditorScroll, { passive: true });
    preview.addEventListener('scroll', onPreviewScroll, { passive: true });
    followEditor();
    return () => {
      scroller.removeEventListener('scroll', onEditorScroll);
      preview.removeEventListener('scroll', onPreviewScroll);
    };
  }, [enabled, key, followEditor, previewRef]);

  return { resync: followEditor };
}
