import { memo, useEffect, useRef, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { Icon } from '../../ui';
import type { FolderRow } from './folder-tree-model';

export type DropState = 'accept' | 'refuse' | null;

interface FolderRowViewProps {
  row: FolderRow;
  selected: boolean;
  focused: boolean;
  drop: DropState;
  /** Renaming: the row shows a text field instead of its name. */
  editing: boolean;
  onClick: (path: string) => void;
  onToggle: (path: string) => void;
  onContextMenu: (path: string, event: MouseEvent) => void;
  onDragStart: (path: string, event: DragEvent) => void;
  onDragOver: (path: string, event: DragEvent) => void;
  onDrop: (path: string, event: DragEvent) => void;
  onEditDone: (path: string, name: string | null) => void;
  rowRef: (path: string, element: HTMLElement | null) => void;
}

/** One folder of the tree: chevron, name, count on the right; indentation guides by depth. */
export const FolderRowView = memo(function FolderRowView(props: FolderRowViewProps) {
  const { row, selected, focused, drop, editing } = props;
  const { node, depth, hasChildren, expanded } = row;
  const classes = ['tree-row', selected && 'is-selected', drop === 'accept' && 'is-drop-target'];
  if (drop === 'refuse') classes.push('is-drop-refused');
  return (
    <li
      ref={(element) => props.rowRef(node.path, element)}
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-selected={selected}
      aria-label={`${node.name}, ${node.totalCount} ${node.totalCount === 1 ? 'note' : 'notes'}`}
      tabIndex={focused ? 0 : -1}
      className={classes.filter(Boolean).join(' ')}
      style={{ '--depth': depth } as React.CSSProperties}
      draggable={!editing}
      data-path={node.path}
      onClick={() => props.onClick(node.path)}
      onContextMenu={(event) => props.onContextMenu(node.path, event)}
      onDragStart={(event) => props.onDragStart(node.path, event)}
      onDragOver={(event) => props.onDragOver(node.path, event)}
      onDrop={(event) => props.onDrop(node.path, event)}
    >
      {Array.from({ length: depth }, (_, level) => (
        <span
          key={level}
          className="tree-guide"
          style={{ left: `${12 + level * 14}px` }}
          aria-hidden="true"
        />
      ))}
      <span
        className={
          hasChildren ? (expanded ? 'tree-chevron is-open' : 'tree-chevron') : 'tree-chevron is-leaf'
        }
        aria-hidden="true"
        onClick={(event) => {
          if (!hasChildren) return;
          event.stopPropagation();
          props.onToggle(node.path);
        }}
      >
        <Icon name="chevronRight" size={12} />
      </span>
      <span className="tree-icon" aria-hidden="true">
        <Icon name={expanded ? 'folderOpen' : 'folder'} size={15} />
      </span>
      {editing ? (
        <NameInput initial={node.name} onDone={(name) => props.onEditDone(node.path, name)} />
      ) : (
        <span className={node.empty ? 'tree-name is-empty' : 'tree-name'} title={node.path}>
          {node.name}
        </span>
      )}
      {!editing && (
        <span className="tree-count" aria-hidden="true">
          {node.totalCount > 0 ? node.totalCount.toLocaleString() : ''}
        </span>
      )}
    </li>
  );
});

/** The inline name field of a rename or a new folder: Enter keeps, Escape or an empty name cancels. */
export function NameInput({ initial, onDone }: { initial: string; onDone: (name: string | null) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (name: string | null): void => {
    if (done.current) return;
    done.current = true;
    onDone(name === null || name.trim() === '' || name === initial ? null : name.trim());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    event.stopPropagation();
    if (event.key === 'Enter') finish(event.currentTarget.value);
    else if (event.key === 'Escape') finish(null);
  };
  return (
    <input
      ref={ref}
      className="tree-name-input"
      aria-label="Folder name"
      defaultValue={initial}
      maxLength={255}
      onKeyDown={onKeyDown}
      onClick={(event) => event.stopPropagation()}
      onBlur={(event) => finish(event.currentTarget.value)}
    />
  );
}
