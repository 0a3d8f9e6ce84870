import { useState, type KeyboardEvent, type Ref } from 'react';
import { NOTE_LIMITS } from '../../../../src-shared/schema/note';
import { UNTITLED } from '../../../../src-shared/note-title';
import { useTitleRename } from '../refactor';

interface TitleInputProps {
  noteId: string;
  /** The title as the note's session has it: the user's typing, with merges from elsewhere. */
  value: string;
  /** The title the host has saved: Escape goes back to it. */
  savedValue: string;
  readOnly: boolean;
  /** Every keystroke of a title within the limit: saved with the text's debounce (unlinked notes). */
  onChange: (title: string) => void;
  /** Enter or blur: save now. */
  onCommit: () => void;
  /** Enter: move on to the text. */
  onDone: () => void;
  ref?: Ref<HTMLInputElement>;
}

/**
 * The note's title. It saves as you type, like the text, unless other notes link to it: then the
 * new title is held until Enter or blur and renamed as one undoable operation that rewrites those
 * links (features/refactor). A title over the limit is never cut: it stays in the field, marked,
 * with a message, and is not saved until it fits.
 */
export function TitleInput({
  noteId,
  value,
  savedValue,
  readOnly,
  onChange,
  onCommit,
  onDone,
  ref,
}: TitleInputProps) {
  const [draft, setDraft] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // The session's title changed: by our own typing (then it is the draft already), or by a
    // merge or another window (then the session kept our typing in it): show it.
    setLastValue(value);
    if (value !== draft) setDraft(value);
  }
  const tooLong = draft.length > NOTE_LIMITS.titleMaxLength;
  const rename = useTitleRename(noteId, savedValue);

  const change = (next: string): void => {
    setDraft(next);
    if (next.length <= NOTE_LIMITS.titleMaxLength && !rename.linked) onChange(next);
  };

  const commit = (): void => {
    if (!rename.linked) {
      onCommit();
      return;
    }
    if (tooLong) return;
    // A failed rename (a name taken) puts the saved title back; the toast said why.
    void rename.commit(draft).then((renamed) => {
      if (!renamed) setDraft(savedValue);
    });
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
      change(savedValue);
    }
  };

  return (
    <div className="title-field">
      <input
        ref={ref}
        className={tooLong ? 'title-input is-invalid' : 'title-input'}
        aria-label="Note title"
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? 'title-too-long' : undefined}
        placeholder={UNTITLED}
        value={draft}
        readOnly={readOnly}
        spellCheck
        onChange={(e) => change(e.target.value)}
        onFocus={() => {
          if (!readOnly) rename.prepare();
        }}
        onBlur={() => {
          if (!tooLong) commit();
        }}
        onKeyDown={onKeyDown}
      />
      {tooLong && (
        <p id="title-too-long" className="field-error title-error" role="alert">
          A title can be at most {NOTE_LIMITS.titleMaxLength} characters; this one has {draft.length}. It is
          not saved until it is shorter.
        </p>
      )}
    </div>
  );
}
