import { useState, type KeyboardEvent } from 'react';
import {
  linkTarget,
  type PropertyScalar,
  type PropertyType,
  type PropertyValue,
} from '../../../../src-shared/markdown/property-types';

export interface ValueEditorProps {
  value: unknown;
  /** The accessible name: "status" says which property this field edits. */
  name: string;
  readOnly: boolean;
  autoFocus: boolean;
  onCommit: (value: PropertyValue) => void;
  onOpenLink: (title: string) => void;
  /** Set for the tags property: its chips are tags. */
  onTagClick?: ((tag: string) => void) | undefined;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A field that edits a draft and commits it once (Enter or leaving the field), so each change
 * is one undoable edit of the text, not one per keystroke. Escape puts the value back.
 */
function useDraft(shown: string, commit: (draft: string) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  const done = (): void => {
    if (draft !== null && draft !== shown) commit(draft);
    setDraft(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    const multiline = event.currentTarget instanceof HTMLTextAreaElement;
    if (event.key === 'Enter' && (!multiline || event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      done();
    } else if (event.key === 'Escape' && draft !== null) {
      event.preventDefault();
      event.stopPropagation();
      setDraft(null);
    }
  };
  return {
    value: draft ?? shown,
    onChange: (event: { currentTarget: { value: string } }) => setDraft(event.currentTarget.value),
    onBlur: done,
    onKeyDown,
  };
}

export function TextValue({ value, name, readOnly, autoFocus, onCommit }: ValueEditorProps) {
  const shown = textOf(value);
  const draft = useDraft(shown, (next) => onCommit(next === '' ? null : next));
  const common = {
    className: 'property-input',
    'aria-label': name,
    placeholder: readOnly ? '' : 'Empty',
    readOnly,
    autoFocus,
    ...draft,
  };
  // A multi-line value (a `|` block) keeps its lines.
  if (draft.value.includes('\n'))
    return <textarea {...common} rows={Math.min(8, draft.value.split('\n').length)} />;
  return <input type="text" {...common} />;
}

export function NumberValue({ value, name, readOnly, autoFocus, onCommit }: ValueEditorProps) {
  const draft = useDraft(textOf(value), (next) => {
    const number = Number(next);
    if (next.trim() === '') onCommit(null);
    else if (Number.isFinite(number)) onCommit(number);
  });
  return (
    <input
      type="number"
      step="any"
      className="property-input"
      aria-label={name}
      placeholder={readOnly ? '' : 'Empty'}
      readOnly={readOnly}
      autoFocus={autoFocus}
      {...draft}
    />
  );
}

export function CheckboxValue({ value, name, readOnly, autoFocus, onCommit }: ValueEditorProps) {
  return (
    <span className="property-checkbox">
      <input
        type="checkbox"
        aria-label={name}
        checked={value === true}
        disabled={readOnly}
        autoFocus={autoFocus}
        onChange={(event) => onCommit(event.currentTarget.checked)}
      />
    </span>
  );
}

/** `YYYY-MM-DD` and `YYYY-MM-DDTHH:mm`, the forms the browser's pickers speak. */
export function DateValue({
  value,
  name,
  readOnly,
  autoFocus,
  onCommit,
  withTime,
}: ValueEditorProps & { withTime: boolean }) {
  const text = textOf(value);
  const shown = withTime ? text.replace(' ', 'T').slice(0, 16) : text.slice(0, 10);
  const draft = useDraft(shown, (next) => onCommit(next === '' ? null : next));
  return (
    <input
      type={withTime ? 'datetime-local' : 'date'}
      className="property-input property-date"
      aria-label={name}
      readOnly={readOnly}
      autoFocus={autoFocus}
      {...draft}
    />
  );
}

export function LinkValue({ value, name, readOnly, autoFocus, onCommit, onOpenLink }: ValueEditorProps) {
  const text = textOf(value);
  const target = linkTarget(text);
  const [editing, setEditing] = useState(autoFocus || target === null);
  const draft = useDraft(target ?? text, (next) => {
    const title = next.trim().replace(/^\[\[|\]\]$/g, '');
    onCommit(title === '' ? null : `[[${title}]]`);
  });
  if (!editing || readOnly) {
    return (
      <span className="property-link-value">
        {target !== null ? (
          <button
            type="button"
            className="property-link"
            onClick={() => onOpenLink(target)}
            title={`Open ${target}`}
          >
            {target}
          </button>
        ) : (
          <span className="property-empty">{text || 'Empty'}</span>
        )}
        {!readOnly && (
          <button
            type="button"
            className="property-link-edit"
            aria-label={`Edit ${name}`}
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
        )}
      </span>
    );
  }
  return (
    <input
      type="text"
      className="property-input"
      aria-label={name}
      placeholder="Note title"
      autoFocus={autoFocus || target !== null}
      {...draft}
      onBlur={() => {
        draft.onBlur();
        setEditing(false);
      }}
    />
  );
}

/** List items as the chips show them: text, a link, or (for tags) a tag without its `#`. */
function itemsOf(value: unknown, tags: boolean): string[] {
  if (Array.isArray(value)) return value.map(textOf);
  if (value === null || value === undefined || value === '') return [];
  // `tags: a, b` and `tags: "#a #b"` are tags too (normalizeTags reads them so).
  return tags
    ? textOf(value)
        .split(/[,\s]+/)
        .filter((item) => item !== '')
    : [textOf(value)];
}

export function ListValue({
  value,
  name,
  readOnly,
  autoFocus,
  onCommit,
  onOpenLink,
  onTagClick,
}: ValueEditorProps) {
  const tags = onTagClick !== undefined;
  const items = itemsOf(value, tags);
  const [draft, setDraft] = useState('');
  const clean = (item: string): string => (tags ? item.trim().replace(/^#+/, '') : item.trim());
  const add = (text: string): void => {
    const added = text
      .split(',')
      .map(clean)
      .filter((item) => item !== '');
    if (added.length > 0) onCommit([...items, ...added]);
  };
  const remove = (index: number): void => onCommit(items.filter((_, i) => i !== index));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add(draft);
      setDraft('');
    } else if (event.key === 'Backspace' && draft === '' && items.length > 0) {
      event.preventDefault();
      remove(items.length - 1);
    }
  };
  return (
    <div
      className="property-list"
      role="group"
      aria-label={name}
      // A click beside the chips types into the list, however little room its field has.
      onClick={(event) => {
        if (event.target === event.currentTarget) event.currentTarget.querySelector('input')?.focus();
      }}
    >
      {items.map((item, index) => {
        const target = linkTarget(item);
        return (
          <span className={tags ? 'property-chip is-tag' : 'property-chip'} key={`${index}:${item}`}>
            {tags ? (
              <button
                type="button"
                className="property-chip-label"
                onClick={() => onTagClick?.(item)}
                title={`Notes tagged #${item}`}
              >
                {item}
              </button>
            ) : target !== null ? (
              <button
                type="button"
                className="property-chip-label property-link"
                onClick={() => onOpenLink(target)}
                title={`Open ${target}`}
              >
                {target}
              </button>
            ) : (
              <span className="property-chip-label">{item}</span>
            )}
            {!readOnly && (
              <button
                type="button"
                className="property-chip-remove"
                aria-label={`Remove ${item} from ${name}`}
                onClick={() => remove(index)}
              >
                ×
              </button>
            )}
          </span>
        );
      })}
      {!readOnly && (
        <input
          type="text"
          className={items.length === 0 ? 'property-list-input is-empty' : 'property-list-input'}
          aria-label={`Add to ${name}`}
          placeholder={items.length === 0 ? 'Empty' : ''}
          value={draft}
          autoFocus={autoFocus}
          onChange={(event) => {
            const next = event.currentTarget.value;
            // A pasted "a, b, c" becomes chips at once; what follows the last comma stays typed.
            if (next.includes(',')) {
              const cut = next.lastIndexOf(',');
              add(next.slice(0, cut));
              setDraft(next.slice(cut + 1).trimStart());
            } else setDraft(next);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            add(draft);
            setDraft('');
          }}
        />
      )}
      {readOnly && items.length === 0 && <span className="property-empty">Empty</span>}
    </div>
  );
}

/** A nested mapping or list of lists: shown, edited in the text only. */
export function RawValue({ value, name }: Pick<ValueEditorProps, 'value' | 'name'>) {
  return (
    <code className="property-raw" aria-label={name} title="Edit this value in the text">
      {textOf(value)}
    </code>
  );
}

/** Whether the panel can edit the value at all (scalars and flat lists). */
export function isEditable(value: unknown): boolean {
  const scalar = (item: unknown): item is PropertyScalar =>
    item === null || ['string', 'number', 'boolean'].includes(typeof item);
  return Array.isArray(value) ? value.every(scalar) : value === undefined || scalar(value);
}

export function ValueEditor({ type, ...props }: ValueEditorProps & { type: PropertyType }) {
  if (!isEditable(props.value)) return <RawValue value={props.value} name={props.name} />;
  switch (type) {
    case 'list':
      return <ListValue {...props} />;
    case 'number':
      return <NumberValue {...props} />;
    case 'checkbox':
      return <CheckboxValue {...props} />;
    case 'date':
      return <DateValue {...props} withTime={false} />;
    case 'datetime':
      return <DateValue {...props} withTime={true} />;
    case 'link':
      return <LinkValue {...props} />;
    case 'text':
      return <TextValue {...props} />;
  }
}
