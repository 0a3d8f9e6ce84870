import { folderName } from '../../../../src-shared/api/folders-api';
import { Icon } from '../../ui';
import type { FolderFilter } from './useFolderFilter';

/** The list header's folder filter: the folder, its note count, "with subfolders", and ×. */
export function FolderFilterChip({ filter, count }: { filter: FolderFilter; count: number | null }) {
  const { folder, includeSubfolders } = filter;
  if (folder === null) return null;
  return (
    <div className="folder-filter" role="status" title={`Showing the notes in ${folder}`}>
      <Icon name="folder" size={12} />
      <span className="tag-filter-name">{folderName(folder)}</span>
      {count !== null && (
        <span className="tag-filter-count" aria-label={`${count} ${count === 1 ? 'note' : 'notes'}`}>
          {count.toLocaleString()}
        </span>
      )}
      <button
        type="button"
        className="folder-filter-subfolders"
        aria-pressed={includeSubfolders}
        aria-label="Include subfolders"
        title={includeSubfolders ? 'Showing subfolders’ notes too' : 'Include the notes of subfolders'}
        onClick={() => filter.setIncludeSubfolders(!includeSubfolders)}
      >
        <Icon name="folderOpen" size={12} />
      </button>
      <button
        type="button"
        className="tag-filter-clear"
        aria-label={`Clear the ${folder} folder filter`}
        title="Show every folder"
        onClick={() => filter.setFolder(null)}
      >
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
