import { useId } from 'react';
import { Icon, IconButton } from '../../ui';
import type { GraphFilters } from './graph-model';
import type { GraphTarget } from './useGraphData';

interface GraphToolbarProps {
  target: GraphTarget;
  /** The open note, for "Local"; null when no note is open. */
  currentNoteId: string | null;
  onTargetChange: (target: GraphTarget) => void;
  filters: GraphFilters;
  onFiltersChange: (filters: GraphFilters) => void;
  suggestions: { tags: string[]; folders: string[] };
  onClose: () => void;
}

const SUGGESTIONS_MAX = 200;

/** Vault | Local, depth, tag and folder filters, orphans and close. */
export function GraphToolbar(props: GraphToolbarProps) {
  const { target, filters, onFiltersChange } = props;
  const tagList = useId();
  const folderList = useId();
  const localId = target.scope === 'local' ? target.id : props.currentNoteId;
  const depth = target.scope === 'local' ? target.depth : 1;
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph">
      <div className="graph-segment" role="radiogroup" aria-label="Which graph">
        <button
          type="button"
          role="radio"
          aria-checked={target.scope === 'vault'}
          onClick={() => props.onTargetChange({ scope: 'vault' })}
        >
          Vault
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={target.scope === 'local'}
          disabled={localId === null}
          title={localId === null ? 'Open a note to see its local graph' : 'The open note and its links'}
          onClick={() => localId !== null && props.onTargetChange({ scope: 'local', id: localId, depth })}
        >
          Local
        </button>
      </div>
      {target.scope === 'local' && (
        <div className="graph-segment" role="radiogroup" aria-label="Depth">
          <span className="graph-segment-label" aria-hidden="true">
            Depth
          </span>
          {([1, 2] as const).map((d) => (
            <button
              key={d}
              type="button"
              role="radio"
              aria-checked={target.depth === d}
              aria-label={`Depth ${d}`}
              title={d === 1 ? 'Notes linked to it' : 'And the notes linked to those'}
              onClick={() => props.onTargetChange({ ...target, depth: d })}
            >
              {d}
            </button>
          ))}
        </div>
      )}
      <label className="graph-field">
        <span className="graph-field-label" aria-hidden="true">
          #
        </span>
        <input
          type="search"
          list={tagList}
          placeholder="Tag"
          value={filters.tag}
          aria-label="Filter by tag"
          maxLength={200}
          onChange={(event) => onFiltersChange({ ...filters, tag: event.target.value })}
        />
        <datalist id={tagList}>
          {props.suggestions.tags.slice(0, SUGGESTIONS_MAX).map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
      </label>
      <label className="graph-field">
        <Icon name="folder" size={13} />
        <input
          type="search"
          list={folderList}
          placeholder="Folder"
          value={filters.folder}
          aria-label="Filter by folder"
          maxLength={500}
          onChange={(event) => onFiltersChange({ ...filters, folder: event.target.value })}
        />
        <datalist id={folderList}>
          {props.suggestions.folders.slice(0, SUGGESTIONS_MAX).map((folder) => (
            <option key={folder} value={folder} />
          ))}
        </datalist>
      </label>
      <label className="graph-check">
        <input
          type="checkbox"
          checked={filters.orphans}
          onChange={(event) => onFiltersChange({ ...filters, orphans: event.target.checked })}
        />
        Orphans
      </label>
      <div className="graph-toolbar-end">
        <IconButton label="Close the graph" icon="close" title="Close (Esc)" onClick={props.onClose} />
      </div>
    </div>
  );
}
