import type { Text } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { useEffect, useState } from 'react';
import { createWordCounter, describeCount, frontmatterLines, type TextCount } from './word-count';
import type { ViewUpdates } from './view-updates';
import './word-count.css';

/** Above this many characters a note is counted once typing pauses, not on every keystroke. */
const LARGE_NOTE = 50_000;
const LARGE_NOTE_PAUSE_MS = 400;

interface WordCountProps {
  /** Counting starts again for each note. */
  noteId: string;
  view: () => EditorView | null;
  updates: Pick<ViewUpdates, 'subscribe'>;
}

/** Where the note's text starts after its frontmatter, as an offset. */
function bodyStart(doc: Text, lines: readonly string[]): number {
  const skip = frontmatterLines(lines);
  return skip === 0 ? 0 : Math.min(doc.length, doc.line(skip).to + 1);
}

/** "12 words · 64 characters" for the note, or "3 of 120 words selected"; quiet, in the status line. */
export function WordCount({ noteId, view, updates }: WordCountProps) {
  // Whose count it is: a large note's is not ready at once, and the last note's must not show.
  const [counted, setCounted] = useState<{ noteId: string; label: string } | null>(null);

  useEffect(() => {
    const noteCounter = createWordCounter();
    const selectionCounter = createWordCounter();
    let note: TextCount = { words: 0, characters: 0 };
    let start = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let frame: number | null = null;
    let idle: number | null = null;

    const count = (docChanged: boolean): void => {
      const current = view();
      if (!current) return;
      const { doc, selection } = current.state;
      if (docChanged) {
        const lines = Array.from(doc.iterLines());
        start = bodyStart(doc, lines);
        note = noteCounter.count(lines.slice(frontmatterLines(lines)));
      }
      const ranges = selection.ranges.filter((r) => !r.empty && r.to > start);
      const selected =
        ranges.length === 0
          ? null
          : selectionCounter.count(
              ranges.flatMap((r) => doc.sliceString(Math.max(r.from, start), r.to).split('\n')),
            );
      setCounted({ noteId, label: describeCount(note, selected) });
    };

    let pendingDoc = false;
    const run = (): void => {
      timer = null;
      frame = null;
      const changed = pendingDoc;
      pendingDoc = false;
      count(changed);
    };
    const schedule = (docChanged: boolean): void => {
      pendingDoc ||= docChanged;
      const large = (view()?.state.doc.length ?? 0) > LARGE_NOTE;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (large && pendingDoc) timer = setTimeout(run, LARGE_NOTE_PAUSE_MS);
      else if (frame === null) frame = requestAnimationFrame(run);
    };

    if ((view()?.state.doc.length ?? 0) > LARGE_NOTE) {
      // A large note is counted after its first frame is painted: opening it does not wait for
      // every line to be counted (a quarter of a 1 MB note's open); the label shows once ready.
      pendingDoc = true;
      frame = requestAnimationFrame(() => {
        frame = null;
        // Idle time comes after this frame's paint and the tasks queued behind it; at the latest
        // a second later. Typing meanwhile has set its own timer, which counts instead.
        if (typeof requestIdleCallback === 'function')
          idle = requestIdleCallback(
            () => {
              idle = null;
              if (timer === null) run();
            },
            { timeout: 1_000 },
          );
        else if (timer === null) timer = setTimeout(run, 50);
      });
    } else count(true);
    const unsubscribe = updates.subscribe((update) => {
      if (update.docChanged || update.selectionSet) schedule(update.docChanged);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      if (frame !== null) cancelAnimationFrame(frame);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [noteId, view, updates]);

  return (
    <span className="word-count" aria-live="off" data-testid="word-count">
      {counted?.noteId === noteId ? counted.label : ''}
    </span>
  );
}
