import type { ReactNode } from 'react';
import { DiffView, type DiffLayout } from './DiffView';
import type { TimelineEntry } from './timeline';

export type Compare = 'current' | 'previous';

type Body = string | null | { error: string };

interface VersionDiffProps {
  selected: TimelineEntry;
  previous: TimelineEntry | null;
  compare: Compare;
  onCompare: (compare: Compare) => void;
  layout: DiffLayout;
  onLayout: (layout: DiffLayout) => void;
  /** A version's text: null while it loads. */
  bodyOf: (entry: TimelineEntry | null) => Body;
  currentBody: string;
  footer: ReactNode;
}

function Toggle<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
}) {
  return (
    <div className="history-toggle" role="group" aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          disabled={disabled}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

const COMPARE_OPTIONS = [
  { value: 'current', label: 'With current' },
  { value: 'previous', label: 'With previous' },
] as const;
const LAYOUT_OPTIONS = [
  { value: 'inline', label: 'Inline' },
  { value: 'split', label: 'Side by side' },
] as const;

/**
 * The selected version against the current text (what restoring it would change back) or against
 * the version before it (what it changed).
 */
export function VersionDiff(props: VersionDiffProps) {
  const { selected, previous, layout, bodyOf } = props;
  // The current version can only be compared with the one before it.
  const compare: Compare = selected.source === 'current' ? 'previous' : props.compare;
  const before = compare === 'current' ? bodyOf(selected) : bodyOf(previous);
  const after = compare === 'current' ? props.currentBody : bodyOf(selected);
  const beforeLabel =
    compare === 'current' ? 'this version' : previous ? 'the previous version' : 'an empty note';
  const afterLabel = compare === 'current' ? 'the current text' : 'this version';
  const failed = [before, after].find((b): b is { error: string } => typeof b === 'object' && b !== null);

  return (
    <section className="history-preview" aria-label="Changes in the selected version">
      <div className="history-preview-header">
        <div className="history-preview-heading">
          <span className="history-preview-title">{selected.title}</span>
          <span className="history-preview-meta">{selected.whenFull}</span>
        </div>
        <div className="history-preview-tools">
          <Toggle
            label="Compare"
            value={compare}
            options={COMPARE_OPTIONS}
            onChange={props.onCompare}
            disabled={selected.source === 'current'}
          />
          <Toggle label="Layout" value={layout} options={LAYOUT_OPTIONS} onChange={props.onLayout} />
        </div>
      </div>
      <div className="history-diff" tabIndex={0} aria-label="Differences">
        {failed ? (
          <p className="diff-message" role="alert">
            {failed.error}
          </p>
        ) : typeof before === 'string' && typeof after === 'string' ? (
          <DiffView
            before={before}
            after={after}
            layout={layout}
            beforeLabel={beforeLabel}
            afterLabel={afterLabel}
          />
        ) : (
          <p className="diff-message" role="status">
            Loading this version…
          </p>
        )}
      </div>
      {props.footer}
    </section>
  );
}
