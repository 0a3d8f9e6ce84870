import { useState, type KeyboardEvent, type Ref } from 'react';
import { NOTE_LIMITS } from '../../../src-shared/schema/note';

export const UNTITLED = 'Untitled';

interface TitleInputProps {
  /** The title the host has. */
  value: string;
  readOnly: boolean;
  onCommit: (title: string) => void;
  /** The title to save if the note is left before Enter or blur, or null when there is none. */
  onDraft: (title: string | null) => void;
  /** Enter: move on to the text. */
  onDone: () => void;
  ref?: Ref<HTMLInputElement>;
}

/** An empty title becomes "Untitled". */
function committable(draft: string): string {
  return draft.trim() || UNTITLED;
}

/**
 * The note's title. Edits are local until Enter or blur commits them; Escape puts the saved title
 * back. Each keystroke still reports the draft (`onDraft`), so leaving the note or closing the
 * window in mid-rename saves it. A rename from elsewhere shows up unless you are typing one.
 */
export function TitleInput({ value, readOnly, onCommit, onDraft, onDone, ref }: TitleInputProps) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // Adopt the host's title when it changes, unless it would clobber what is being typed.
    setLastValue(value);
    if (!editing) setDraft(value);
  }

  const commit = (): void => {
    setEditing(false);
    const title = committable(draft);
    setDraft(title);
    onDraft(null);
    if (title !== value) onCommit(title);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Enter and Escape also confirm or cancel an input method's composition, which is not ours.
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
      onDone();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
      setDraft(value);
      onDraft(null);
    }
  };

  return (
    <input
      ref={ref}
      className="title-input"
      aria-label="Note title"
      placeholder={UNTITLED}
      maxLength={NOTE_LIMITS.titleMaxLength}
      value={draft}
      readOnly={readOnly}
      spellCheck
      onChange={(e) => {
        const next = e.target.value;
        setEditing(true);
        setDraft(next);
        onDraft(committable(next) === value ? null : committable(next));
      }}
      onBlur={() => {
        if (editing) commit();
      }}
      onKeyDown={onKeyDown}
    />
  );
}
