import type { EditorView } from '@codemirror/view';

/**
 * The edit that ticks (or clears) the task whose `[` is at `offset`, or null when the text there
 * is no longer a task box (the preview rendered text the user has since changed).
 */
export function taskToggleChange(
  view: EditorView | null,
  offset: number,
  done: boolean,
): { from: number; to: number; insert: string } | null {
  if (!view || offset < 0 || offset + 3 > view.state.doc.length) return null;
  // sliceString joins with \n whatever the file's line breaks, as the preview's offsets count them.
  if (!/^\[[ xX]\]$/.test(view.state.doc.sliceString(offset, offset + 3))) return null;
  return { from: offset, to: offset + 3, insert: done ? '[x]' : '[ ]' };
}
