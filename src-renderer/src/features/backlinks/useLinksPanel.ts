import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRegisterCommands } from '../commands';

const OPEN_KEY = 'quire.linksPane.open';

function readOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) === 'true';
  } catch {
    return false;
  }
}

/** The offset where 0-based `line` starts in `text`, or null past its end. */
export function lineOffset(text: string, line: number): number | null {
  let at = 0;
  for (let i = 0; i < line; i += 1) {
    const next = text.indexOf('\n', at);
    if (next === -1) return null;
    at = next + 1;
  }
  return at;
}

export interface LinksPanel {
  open: boolean;
  toggle: () => void;
  /** Opens a note with the cursor on one of its lines (a mention, a broken link). */
  openAt: (id: string, line: number) => void;
  brokenOpen: boolean;
  closeBroken: () => void;
}

/**
 * The Links pane's state for the editor: open or closed (remembered by this window, a view choice
 * like the diff layout), the commands that toggle it and show the vault's broken links, and the
 * jump to a line of another note once that note is in the editor.
 */
export function useLinksPanel(options: {
  /** The note in the editor, once it is ready to be scrolled. */
  readyNoteId: string | null;
  onOpenNote: (id: string) => void;
  getText: () => string | null;
  reveal: (pos: number) => void;
}): LinksPanel {
  const { readyNoteId, onOpenNote, getText, reveal } = options;
  const [open, setOpen] = useState(readOpen);
  const [brokenOpen, setBrokenOpen] = useState(false);
  // The line to go to once its note is in the editor (a ref: reaching it renders nothing).
  const pending = useRef<{ id: string; line: number } | null>(null);

  const toggle = useCallback(() => {
    setOpen((was) => {
      try {
        localStorage.setItem(OPEN_KEY, String(!was));
      } catch {
        // Storage can be unavailable (private mode): the choice then lasts while the window does.
      }
      return !was;
    });
  }, []);

  const revealLine = useCallback(
    (line: number): boolean => {
      const text = getText();
      const at = text === null ? null : lineOffset(text, line);
      if (at === null) return false;
      reveal(at);
      return true;
    },
    [getText, reveal],
  );

  const openAt = useCallback(
    (id: string, line: number) => {
      setBrokenOpen(false);
      if (id === readyNoteId && revealLine(line)) return;
      pending.current = { id, line };
      onOpenNote(id);
    },
    [readyNoteId, revealLine, onOpenNote],
  );

  useEffect(() => {
    const wanted = pending.current;
    if (!wanted || wanted.id !== readyNoteId) return;
    pending.current = null;
    revealLine(wanted.line);
  }, [readyNoteId, revealLine]);

  const commands = useMemo(
    () => [
      {
        id: 'links.togglePane',
        label: open ? 'Hide links pane' : 'Show links pane (backlinks, mentions, outgoing)',
        group: 'View',
        shortcut: 'toggleLinks' as const,
        keywords: 'backlinks linked unlinked mentions outgoing references',
        run: toggle,
      },
      {
        id: 'links.broken',
        label: 'Broken links…',
        group: 'Vault',
        keywords: 'unresolved missing dead links',
        run: () => setBrokenOpen(true),
      },
    ],
    [open, toggle],
  );
  useRegisterCommands(commands);

  return { open, toggle, openAt, brokenOpen, closeBroken: useCallback(() => setBrokenOpen(false), []) };
}
