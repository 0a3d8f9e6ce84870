import { memo } from 'react';
import { UNTITLED } from '../../../../src-shared/note-title';
import type { NoteSummary, SearchHit } from '../../api/quire-api';
import { formatFullTime, formatRelativeTime } from '../../lib/relative-time';
import { Icon } from '../../ui';
import { HighlightedText } from '../search';
import { tagMatches } from '../../../../src-shared/markdown/inline-tags';
import { endDrag, startDrag } from '../folders';

const MAX_TAGS = 3;

interface NoteRowProps {
  note: NoteSummary;
  /** Search mode: the hit's excerpt and where the query matched, in it and in the title. */
  match?: Pick<SearchHit, 'snippet' | 'snippetMarks' | 'titleMarks'> | undefined;
  selected: boolean;
  now: number;
  domId: string;
  /** Position in the virtual list, in pixels. */
  top: number;
  height: number;
  onSelect: (id: string) => void;
  /** A tag chip was clicked: filter the list by it (the row is not selected). */
  onTagClick?: ((tag: string) => void) | undefined;
  /** The list's tag filter: the chips it matches are marked. */
  activeTag?: string | undefined;
}

/** One option of the note list. Its accessible name starts with the title (tests rely on it). */
export const NoteRow = memo(function NoteRow({
  note,
  match,
  selected,
  now,
  domId,
  top,
  height,
  onSelect,
  onTagClick,
  activeTag,
}: NoteRowProps) {
  const title = note.title || UNTITLED;
  const extraTags = note.tags.length - MAX_TAGS;
  return (
    <div
      id={domId}
      role="option"
      aria-selected={selected}
      className={selected ? 'note-row is-selected' : 'note-row'}
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={() => onSelect(note.id)}
      // Onto a folder of the sidebar's tree: moves the note there.
      draggable
      onDragStart={(event) => startDrag(event, { kind: 'note', id: note.id, folder: note.folder })}
      onDragEnd={endDrag}
    >
      <div className="note-row-title">
        <HighlightedText text={title} marks={note.title ? (match?.titleMarks ?? []) : []} />
      </div>
      <div className="note-row-meta">
        <time dateTime={new Date(note.updatedAt).toISOString()} title={formatFullTime(note.updatedAt)}>
          {formatRelativeTime(note.updatedAt, now)}
        </time>
        {note.needsReview && (
          <span
            className="review-badge"
            title="Sync kept two versions of some lines in this note. Open it to review them."
          >
            <Icon name="merge" size={11} />
            Needs review
          </span>
        )}
        {note.tags.slice(0, MAX_TAGS).map((tag) =>
          onTagClick ? (
            <span
              className={
                activeTag && tagMatches(tag, activeTag) ? 'tag is-clickable is-active' : 'tag is-clickable'
              }
              key={tag}
              title={`Show the notes tagged #${tag}`}
              onClick={(event) => {
                event.stopPropagation();
                onTagClick(tag);
              }}
            >
              #{tag}
            </span>
          ) : (
            <span className="tag" key={tag}>
              #{tag}
            </span>
          ),
        )}
        {extraTags > 0 && <span className="tag more">+{extraTags}</span>}
      </div>
      {match && match.snippet !== '' && (
        <div className="note-row-snippet">
          <HighlightedText text={match.snippet} marks={match.snippetMarks} />
        </div>
      )}
    </div>
  );
});
