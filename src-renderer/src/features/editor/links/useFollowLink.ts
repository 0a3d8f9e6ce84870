import { useCallback, useEffect, type RefObject } from 'react';
import type { EditorHandle } from '../MarkdownEditor';
import { headingPosition } from './heading-target';
import type { EditorLink } from './link-at';
import { openExternalUrl } from './open-external';

/** Opens a note by link target: the caller resolves it (or creates the note) and scrolls to `heading`. */
export type OpenLink = (title: string, id: string | null, heading?: string | null) => void;

/** Where a followed editor link goes: a web address outside, `[[#Heading]]` here, a note by its name. */
export function useFollowLink(
  editorRef: RefObject<EditorHandle | null>,
  openLink: OpenLink,
): (link: Exclude<EditorLink, { kind: 'attachment' }>) => void {
  return useCallback(
    (link) => {
      if (link.kind === 'url') return openExternalUrl(link.url);
      if (link.target === '') {
        const editor = editorRef.current;
        const text = editor?.getText();
        const at = text && link.heading ? headingPosition(text, link.heading) : null;
        if (at !== null) editor?.reveal(at);
        return;
      }
      openLink(link.target, link.id ?? null, link.heading);
    },
    [editorRef, openLink],
  );
}

export interface HeadingRequest {
  noteId: string;
  heading: string;
}

/**
 * Once the note a `[[Note#Heading]]` link opened is in the editor, puts the cursor on that heading
 * near the top. A heading that is not there leaves the note at its start.
 */
export function useHeadingReveal(
  editorRef: RefObject<EditorHandle | null>,
  readyNoteId: string | null,
  request: HeadingRequest | null | undefined,
  onRevealed: (() => void) | undefined,
): void {
  useEffect(() => {
    if (!request || request.noteId !== readyNoteId) return;
    const editor = editorRef.current;
    const text = editor?.getText();
    if (!editor || text == null) return;
    const at = headingPosition(text, request.heading);
    if (at !== null) editor.reveal(at);
    onRevealed?.();
  }, [editorRef, readyNoteId, request, onRevealed]);
}
