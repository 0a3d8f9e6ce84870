import { useState, type KeyboardEvent, type Ref } from 'react';
import { NOTE_LIMITS } from '../../../src-shared/schema/note';

export const UNTITLED = 'Untitled';

interface TitleInputProps {
  /** The title the host has. */
  value: string;
  readOnly: boolean;
  onCommit: (title: string) => void;
  /** Enter: move on to the text. */
  onDone: () => void;
  ref?: Ref<HTMLInputElement>;
}

/**
 * The note's title. Edits are local until Enter or blur commits them (an empty title becomes
 * "Untitled"); Escape puts the saved title back. A rename from elsewhere shows up unless you are
 * in the middle of typing one.
 */
export function TitleInput({ value, readOnly, onCommit, onDone, ref }: TitleInputProps) {
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
    const title = draft.trim() || UNTITLED;
    setDraft(title);
    if (title !== value) onCommit(title);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
      onDone();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
      setDraft(value);
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
        setEditing(true);
        setDraft(e.target.value);
      }}
      onBlur={() => {
        if (editing) commit();
      }}
      onKeyDown={onKeyDown}
    />
  );
}
