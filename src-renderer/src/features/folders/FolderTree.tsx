import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { folderAncestry, parentFolder, type FolderSort } from '../../../../src-shared/api/folders-api';
import { useServices } from '../../api/useServices';
import type { FolderNode } from '../../api/quire-api';
import { type ConfirmRequest, toasts } from '../../ui';
import { ContextMenu, type MenuEntry } from './ContextMenu';
import { draggedItem, endDrag, startDrag } from './drag-state';
import { canDrop, expandTo, movedPath, visibleRows, type DragItem } from './folder-tree-model';
import { FolderRowView, type DropState } from './FolderRowView';
import { FolderRowWithNew, FolderTreeActions, NewFolderRow, type Editing } from './FolderTreeParts';
import { SidebarSection } from './SidebarSection';
import { useFolderActions } from './useFolderActions';
import { useLiveQuery } from './useLiveQuery';
import { useRegisterCommands } from '../commands';

export interface FolderTreeProps {
  /** The note list's folder filter (null: none). */
  selected: string | null;
  onSelect: (path: string | null) => void;
  /** The note open in the editor, for "Reveal in tree". */
  openNoteId: string | null;
  onNewNoteIn: (folder: string) => void;
  confirm: (request: ConfirmRequest) => void;
}

/**
 * The sidebar's folder tree (WAI-ARIA tree): arrows move and open, Enter shows the folder's notes,
 * F2 renames, Delete deletes, Shift+F10 opens the menu. Note rows and folders drop onto folders;
 * a folder dropped on the header or the empty space goes to the root.
 */
export function FolderTree(props: FolderTreeProps) {
  const { api } = useServices();
  const { selected, onSelect, confirm } = props;
  const fetchTree = useCallback(() => api.folders.tree.query(), [api]);
  const tree = useLiveQuery(fetchTree);
  const actions = useFolderActions(confirm);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [sort, setSort] = useState<FolderSort>('name');
  const [focused, setFocused] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; label: string; entries: MenuEntry[] } | null>(
    null,
  );
  const [drop, setDrop] = useState<{ path: string; state: DropState } | null>(null);
  const rowElements = useRef(new Map<string, HTMLElement>());
  const nodes = useMemo(() => tree.data ?? [], [tree.data]);
  const byPath = useMemo(() => new Map(nodes.map((node) => [node.path, node])), [nodes]);
  const rows = useMemo(() => visibleRows(nodes, collapsed, sort), [nodes, collapsed, sort]);

  useEffect(() => {
    api.folders.settings.query().then(
      (settings) => {
        setCollapsed(new Set(settings.collapsed));
        setSort(settings.sort);
      },
      () => undefined,
    );
  }, [api]);

  const persist = useCallback(
    (patch: { collapsed?: string[]; sort?: FolderSort }) => {
      api.folders.setSettings.mutate(patch).catch(() => undefined);
    },
    [api],
  );
  const changeCollapsed = useCallback(
    (next: Set<string>) => {
      setCollapsed(next);
      persist({ collapsed: [...next] });
    },
    [persist],
  );
  const toggle = useCallback(
    (path: string) => {
      const next = new Set(collapsed);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      changeCollapsed(next);
    },
    [collapsed, changeCollapsed],
  );

  const focusRow = useCallback((path: string) => {
    setFocused(path);
    requestAnimationFrame(() => {
      const element = rowElements.current.get(path);
      element?.focus();
      element?.scrollIntoView?.({ block: 'nearest' });
    });
  }, []);
  const rowRef = useCallback((path: string, element: HTMLElement | null) => {
    if (element) rowElements.current.set(path, element);
    else rowElements.current.delete(path);
  }, []);

  // Reveal: open the ancestors of the open note's folder, select it and scroll to it.
  const reveal = useCallback(() => {
    const id = props.openNoteId;
    if (!id) return;
    api.notes.get.query({ id }).then(
      (note) => {
        if (note.folder === '') {
          toasts.show({ message: 'This note is at the vault’s root' });
          return;
        }
        changeCollapsed(expandTo(collapsed, note.folder));
        onSelect(note.folder);
        focusRow(note.folder);
      },
      () => undefined,
    );
  }, [api, props.openNoteId, collapsed, changeCollapsed, onSelect, focusRow]);

  const canReveal = props.openNoteId !== null;
  const commands = useMemo(
    () => [
      {
        id: 'folders.reveal',
        label: 'Reveal open note in folder tree',
        group: 'Navigation',
        keywords: 'locate show file explorer',
        enabled: canReveal,
        run: reveal,
      },
      {
        id: 'folders.new',
        label: 'New folder',
        group: 'Vault',
        run: () => setEditing({ kind: 'new', parent: '' }),
      },
    ],
    [canReveal, reveal],
  );
  useRegisterCommands(commands);

  const select = useCallback(
    (path: string) => {
      setFocused(path);
      onSelect(path);
    },
    [onSelect],
  );

  const startNew = (parent: string): void => {
    // The new folder's field shows inside its parent: open it and its ancestors.
    if (parent !== '') changeCollapsed(expandTo(collapsed, `${parent}/new`));
    setEditing({ kind: 'new', parent });
  };
  const finishNew = (parent: string, name: string | null): void => {
    setEditing(null);
    if (name === null) return;
    const path = parent === '' ? name : `${parent}/${name}`;
    void actions.create(path).then((ok) => {
      if (!ok) return;
      // An empty folder changes no note: nothing else tells the tree.
      tree.refresh();
      focusRow(path);
    });
  };
  const move = (node: FolderNode, to: string): void => {
    void actions.move(node, to).then((ok) => {
      if (!ok) return;
      tree.refresh();
      // The list keeps showing the folder it showed, at its new path.
      if (selected !== null && folderAncestry(selected).includes(node.path))
        onSelect(`${to}${selected.slice(node.path.length)}`);
      setFocused(to);
    });
  };
  const finishRename = (path: string, name: string | null): void => {
    setEditing(null);
    const node = byPath.get(path);
    if (name === null || !node) return focusRow(path);
    const parent = parentFolder(path);
    move(node, parent === '' ? name : `${parent}/${name}`);
  };
  const remove = (node: FolderNode): void =>
    actions.remove(node, () => {
      tree.refresh();
      if (selected !== null && folderAncestry(selected).includes(node.path)) onSelect(null);
    });

  const menuEntries = (path: string | null): MenuEntry[] => {
    const node = path === null ? undefined : byPath.get(path);
    const entries: MenuEntry[] = [
      { label: 'New note here', icon: 'plus', onSelect: () => props.onNewNoteIn(path ?? '') },
      { label: 'New folder', icon: 'folderPlus', onSelect: () => startNew(path ?? '') },
    ];
    if (node) {
      entries.push(
        {
          label: 'Rename',
          icon: 'pencil',
          onSelect: () => setEditing({ kind: 'rename', path: node.path }),
          separated: true,
        },
        { label: 'Delete', icon: 'trash', danger: true, onSelect: () => remove(node) },
      );
    }
    if (props.openNoteId)
      entries.push({ label: 'Reveal open note', icon: 'locate', onSelect: reveal, separated: true });
    return entries;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.target instanceof HTMLInputElement) return;
    // The row the key was pressed on (focus may have come by a click or by Tab).
    const on = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[data-path]') : null;
    const current = on?.dataset.path ?? focused;
    const index = rows.findIndex((row) => row.node.path === current);
    const row = rows[index];
    const go = (next: number): void => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, next))];
      if (target) focusRow(target.node.path);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(index + 1);
        break;
      case 'ArrowUp':
        go(index <= 0 ? 0 : index - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'ArrowRight':
        if (!row?.hasChildren) return;
        if (row.expanded) go(index + 1);
        else toggle(row.node.path);
        break;
      case 'ArrowLeft':
        if (!row) return;
        if (row.expanded) toggle(row.node.path);
        else if (row.node.parent !== '') focusRow(row.node.parent);
        break;
      case 'Enter':
      case ' ':
        if (row) select(row.node.path);
        break;
      case 'F2':
        if (row) setEditing({ kind: 'rename', path: row.node.path });
        break;
      case 'Delete':
      case 'Backspace':
        if (row) remove(row.node);
        break;
      case 'F10':
        if (!event.shiftKey || !row) return;
        openMenuAt(row.node.path);
        break;
      case 'ContextMenu':
        if (row) openMenuAt(row.node.path);
        break;
      default:
        return;
    }
    event.preventDefault();
  };
  // The entries are made when the menu opens: they act on the folder it opened for.
  const openMenu = (x: number, y: number, path: string | null): void =>
    setMenu({ x, y, label: path === null ? 'Folders' : `Folder ${path}`, entries: menuEntries(path) });
  const openMenuAt = (path: string): void => {
    const rect = rowElements.current.get(path)?.getBoundingClientRect();
    openMenu((rect?.left ?? 0) + 24, rect?.bottom ?? 0, path);
  };

  // Drag and drop. Rows stop propagation, so what reaches the list itself is a drop on the root.
  const dropOn = (target: string, item: DragItem): void => {
    if (item.kind === 'note') void actions.moveNote(item.id, target);
    else {
      const node = byPath.get(item.path);
      if (node) move(node, movedPath(item.path, target));
    }
  };
  const onDragOver = (target: string, event: DragEvent): void => {
    event.stopPropagation();
    const item = draggedItem(event.dataTransfer);
    if (!item) return;
    const ok = canDrop(item, target);
    if (ok) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    }
    const state: DropState = ok ? 'accept' : item.kind === 'folder' ? 'refuse' : null;
    if (drop?.path !== target || drop.state !== state) setDrop({ path: target, state });
  };
  const onDrop = (target: string, event: DragEvent): void => {
    event.preventDefault();
    event.stopPropagation();
    const item = draggedItem(event.dataTransfer);
    setDrop(null);
    endDrag();
    if (item && canDrop(item, target)) dropOn(target, item);
  };
  const onDragStart = (path: string, event: DragEvent): void => startDrag(event, { kind: 'folder', path });
  const clearDrop = (event: DragEvent): void => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDrop(null);
  };

  const headerActions = (
    <FolderTreeActions
      sort={sort}
      canReveal={canReveal}
      onNewFolder={() => startNew('')}
      onSort={(next) => {
        setSort(next);
        persist({ sort: next });
      }}
      onReveal={reveal}
      onCollapseAll={() =>
        changeCollapsed(new Set(nodes.map((node) => node.parent).filter((path) => path !== '')))
      }
    />
  );

  const focusable =
    focused !== null && rows.some((row) => row.node.path === focused) ? focused : rows[0]?.node.path;
  const rootDrop = drop?.path === '' ? drop.state : null;
  return (
    <SidebarSection
      title="Folders"
      actions={headerActions}
      headerProps={{
        className: rootDrop === 'accept' ? 'is-drop-target' : '',
        onDragOver: (event) => onDragOver('', event),
        onDrop: (event) => onDrop('', event),
        onDragLeave: clearDrop,
      }}
    >
      <ul
        role="tree"
        aria-label="Folders"
        className={rootDrop === 'accept' ? 'tree is-root-drop' : 'tree'}
        onKeyDown={onKeyDown}
        onDragOver={(event) => onDragOver('', event)}
        onDrop={(event) => onDrop('', event)}
        onDragLeave={clearDrop}
        onDragEnd={() => {
          setDrop(null);
          endDrag();
        }}
        onContextMenu={(event) => {
          if (event.target !== event.currentTarget) return;
          event.preventDefault();
          openMenu(event.clientX, event.clientY, null);
        }}
      >
        {editing?.kind === 'new' && editing.parent === '' && (
          <NewFolderRow depth={0} onDone={(name) => finishNew('', name)} />
        )}
        {rows.map((row) => (
          <FolderRowWithNew key={row.node.path} row={row} editing={editing} onNewDone={finishNew}>
            <FolderRowView
              row={row}
              selected={selected === row.node.path}
              focused={focusable === row.node.path}
              drop={drop?.path === row.node.path ? drop.state : null}
              editing={editing?.kind === 'rename' && editing.path === row.node.path}
              onClick={select}
              onToggle={toggle}
              onContextMenu={(path, event) => {
                event.preventDefault();
                event.stopPropagation();
                setFocused(path);
                openMenu(event.clientX, event.clientY, path);
              }}
              onDragStart={onDragStart}
              onDragOver={onDragOver}
              onDrop={onDrop}
              onEditDone={finishRename}
              rowRef={rowRef}
            />
          </FolderRowWithNew>
        ))}
        {rows.length === 0 && editing === null && tree.data !== null && (
          <li className="tree-empty" role="none">
            No folders yet. Drop a note here or make one with <span aria-hidden="true">+</span> New folder.
          </li>
        )}
      </ul>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={menu.label}
          entries={menu.entries}
          onClose={() => setMenu(null)}
        />
      )}
    </SidebarSection>
  );
}
