import { forwardRef, type KeyboardEvent } from 'react';
import type { TimelineEntry } from './timeline';

interface VersionListProps {
  entries: readonly TimelineEntry[];
  selectedKey: string;
  optionId: (key: string) => string;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onSelect: (key: string) => void;
}

/** The timeline as a listbox: ↑/↓ move through versions, the list keeps the focus. */
export const VersionList = forwardRef<HTMLDivElement, VersionListProps>(function VersionList(
  { entries, selectedKey, optionId, onKeyDown, onSelect },
  ref,
) {
  return (
    <div
      ref={ref}
      className="history-list"
      role="listbox"
      aria-label="Versions"
      tabIndex={0}
      aria-activedescendant={optionId(selectedKey)}
      onKeyDown={onKeyDown}
      data-autofocus=""
    >
      {entries.map((entry) => (
        <div
          key={entry.key}
          id={optionId(entry.key)}
          data-key={entry.key}
          role="option"
          aria-selected={entry.key === selectedKey}
          className={`history-item history-item-${entry.source}${entry.key === selectedKey ? ' is-selected' : ''}`}
          title={entry.whenFull}
          onClick={() => onSelect(entry.key)}
        >
          <span className="history-item-when">
            <span className={`history-dot history-dot-${entry.source}`} aria-hidden="true" />
            {entry.when}
            {entry.flag && <span className="badge">{entry.flag}</span>}
          </span>
          <span className="history-item-meta">{entry.origin}</span>
          <span className="history-item-stats">
            {entry.change && (
              <span
                className="history-change"
                aria-label={`${entry.change.added} lines added, ${entry.change.removed} removed`}
              >
                <span className="history-change-add">+{entry.change.added}</span>{' '}
                <span className="history-change-del">−{entry.change.removed}</span>
              </span>
            )}
            <span className="history-item-size">{entry.size}</span>
          </span>
        </div>
      ))}
    </div>
  );
});
