import type { ReactNode } from 'react';
import type { FolderSort } from '../../../../src-shared/api/folders-api';
import { IconButton } from '../../ui';
import type { FolderRow } from './folder-tree-model';
import { NameInput } from './FolderRowView';

export type Editing = { kind: 'rename'; path: string } | { kind: 'new'; parent: string } | null;

/** The Folders header's buttons: new folder, sort, reveal the open note, collapse all. */
export function FolderTreeActions(props: {
  sort: FolderSort;
  canReveal: boolean;
  onNewFolder: () => void;
  onSort: (sort: FolderSort) => void;
  onReveal: () => void;
  onCollapseAll: () => void;
}) {
  const { sort } = props;
  return (
    <>
      <IconButton label="New folder" icon="folderPlus" title="New folder" onClick={props.onNewFolder} />
      <IconButton
        label={sort === 'name' ? 'Sort by latest change' : 'Sort by name'}
        icon={sort === 'name' ? 'sortClock' : 'sortAz'}
        title={
          sort === 'name' ? 'Sorted by name: sort by latest change' : 'Sorted by latest change: sort by name'
        }
        onClick={() => props.onSort(sort === 'name' ? 'updated' : 'name')}
      />
      <IconButton
        label="Reveal open note in tree"
        icon="locate"
        title="Reveal the open note’s folder"
        disabled={!props.canReveal}
        onClick={props.onReveal}
      />
      <IconButton
        label="Collapse all folders"
        icon="collapseAll"
        title="Collapse all"
        onClick={props.onCollapseAll}
      />
    </>
  );
}

/** A folder row followed, while one is being made inside it, by the new folder's name field. */
export function FolderRowWithNew({
  row,
  editing,
  onNewDone,
  children,
}: {
  row: FolderRow;
  editing: Editing;
  onNewDone: (parent: string, name: string | null) => void;
  children: ReactNode;
}) {
  return (
    <>
      {children}
      {editing?.kind === 'new' && editing.parent === row.node.path && (
        <NewFolderRow depth={row.depth + 1} onDone={(name) => onNewDone(row.node.path, name)} />
      )}
    </>
  );
}

export function NewFolderRow({ depth, onDone }: { depth: number; onDone: (name: string | null) => void }) {
  return (
    <li role="none" className="tree-row is-new" style={{ '--depth': depth } as React.CSSProperties}>
      <span className="tree-chevron is-leaf" aria-hidden="true" />
      <NameInput initial="" onDone={onDone} />
    </li>
  );
}
