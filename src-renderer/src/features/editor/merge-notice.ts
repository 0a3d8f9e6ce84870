import type { MergeNotice } from '../../../../src-shared/api/notes-api';
import { toasts } from '../../ui';

/** The words for a merge of the open note (editing rule E7): one place, switched on the notice. */
export function mergeNoticeText(notice: MergeNotice): string {
  const who = notice.from === 'another-window' ? 'another window' : 'another device';
  if (notice.restored) {
    return notice.from === 'another-window'
      ? 'This note was restored because it was edited in another window after it was deleted.'
      : 'This note was restored because another device edited it after it was deleted.';
  }
  if (notice.conflicted) {
    return `Merged changes from ${who}. Some text was changed on both sides: both versions are kept, marked for review.`;
  }
  return `Merged changes from ${who}.`;
}

/** One notice per note and moment: a save's answer and its change event report the same merge. */
const QUIET_MS = 3_000;
const lastShown = new Map<string, { text: string; at: number }>();

export function showMergeNotice(noteId: string, notice: MergeNotice): void {
  const text = mergeNoticeText(notice);
  const now = Date.now();
  const last = lastShown.get(noteId);
  if (last && last.text === text && now - last.at < QUIET_MS) return;
  lastShown.set(noteId, { text, at: now });
  if (lastShown.size > 100) lastShown.delete(lastShown.keys().next().value ?? '');
  toasts.show({ message: text });
}
