import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { tagKey, tagMatches } from '../../../../src-shared/markdown/inline-tags';
import { useServices } from '../../api/useServices';
import { Icon, IconButton } from '../../ui';
import { ContextMenu, SidebarSection, useLiveQuery } from '../folders';
import { useRefactor } from '../refactor';
import { visibleTagRows, type TagSort } from './tag-tree-model';

interface TagPaneProps {
  /** The note list's tag filter ('' = none): its row is marked. */
  activeTag: string;
  /** A tag was chosen: filter the list by it (again: clear the filter). */
  onFilter: (tag: string) => void;
}

/**
 * Every tag with how many notes carry it (a parent's count includes its nested tags), as a tree;
 * click filters the note list, the menu renames a tag across the vault.
 */
export function TagPane({ activeTag, onFilter }: TagPaneProps) {
  const { api } = useServices();
  const refactor = useRefactor();
  const fetchTags = useCallback(() => api.tags.tree.query(), [api]);
  const tags = useLiveQuery(fetchTags);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [sort, setSort] = useState<TagSort>('count');
  const [focused, setFocused] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; tag: string } | null>(null);
  const elements = useRef(new Map<string, HTMLElement>());
  const rows = useMemo(() => visibleTagRows(tags.data ?? [], expanded, sort), [tags.data, expanded, sort]);

  const toggle = (tag: string): void => {
    const key = tagKey(tag);
    const next = new Set(expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded(next);
  };
  const focusRow = (tag: string): void => {
    setFocused(tag);
    requestAnimationFrame(() => elements.current.get(tag)?.focus());
  };
  const choose = (tag: string): void => {
    setFocused(tag);
    onFilter(activeTag !== '' && tagKey(activeTag) === tagKey(tag) ? '' : tag);
  };

  const rename = (from: string, to: string | null): void => {
    setRenaming(null);
    if (to === null || to === from) return;
    void refactor.renameTag(from, to).then((result) => {
      // The list keeps showing the renamed tag.
      if (result && activeTag !== '' && tagMatches(activeTag, from))
        onFilter(`${to}${activeTag.slice(from.length)}`);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.target instanceof HTMLInputElement) return;
    const on = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('[data-path]') : null;
    const current = on?.dataset.path ?? focused;
    const index = rows.findIndex((row) => row.node.path === current);
    const row = rows[index];
    const go = (next: number): void => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, next))];
      if (target) focusRow(target.node.path);
    };
    if (event.key === 'ArrowDown') go(index + 1);
    else if (event.key === 'ArrowUp') go(index - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(rows.length - 1);
    else if (event.key === 'ArrowRight' && row?.hasChildren) {
      if (row.expanded) go(index + 1);
      else toggle(row.node.path);
    } else if (event.key === 'ArrowLeft' && row) {
      if (row.expanded) toggle(row.node.path);
      else if (row.node.parent !== '') {
        const parent = rows.find((r) => tagKey(r.node.path) === tagKey(row.node.parent));
        if (parent) focusRow(parent.node.path);
      }
    } else if ((event.key === 'Enter' || event.key === ' ') && row) choose(row.node.path);
    else if (event.key === 'F2' && row) setRenaming(row.node.path);
    else return;
    event.preventDefault();
  };

  const focusable = rows.some((row) => row.node.path === focused) ? focused : rows[0]?.node.path;
  const actions = (
    <IconButton
      label={sort === 'count' ? 'Sort tags by name' : 'Sort tags by count'}
      icon={sort === 'count' ? 'sortAz' : 'sortClock'}
      title={sort === 'count' ? 'Sorted by count: sort by name' : 'Sorted by name: sort by count'}
      onClick={() => setSort(sort === 'count' ? 'name' : 'count')}
    />
  );
  return (
    <SidebarSection title="Tags" actions={actions}>
      <ul role="tree" aria-label="Tags" className="tree" onKeyDown={onKeyDown}>
        {rows.map(({ node, depth, hasChildren, expanded: open }) => {
          const active = activeTag !== '' && tagKey(activeTag) === tagKey(node.path);
          return (
            <li
              key={node.path}
              ref={(element) => {
                if (element) elements.current.set(node.path, element);
                else elements.current.delete(node.path);
              }}
              role="treeitem"
              data-path={node.path}
              aria-level={depth + 1}
              aria-expanded={hasChildren ? open : undefined}
              aria-selected={active}
              aria-label={`#${node.path}, ${node.totalCount} ${node.totalCount === 1 ? 'note' : 'notes'}`}
              tabIndex={focusable === node.path ? 0 : -1}
              className={active ? 'tree-row is-selected' : 'tree-row'}
              style={{ '--depth': depth } as React.CSSProperties}
              onClick={() => choose(node.path)}
              onContextMenu={(event) => {
                event.preventDefault();
                setFocused(node.path);
                setMenu({ x: event.clientX, y: event.clientY, tag: node.path });
              }}
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
                  hasChildren ? (open ? 'tree-chevron is-open' : 'tree-chevron') : 'tree-chevron is-leaf'
                }
                aria-hidden="true"
                onClick={(event) => {
                  if (!hasChildren) return;
                  event.stopPropagation();
                  toggle(node.path);
                }}
              >
                <Icon name="chevronRight" size={12} />
              </span>
              <span className="tree-icon is-tag" aria-hidden="true">
                <Icon name="hash" size={13} />
              </span>
              {renaming === node.path ? (
                <TagNameInput initial={node.path} onDone={(to) => rename(node.path, to)} />
              ) : (
                <span className="tree-name">{node.name}</span>
              )}
              <span className="tree-count" aria-hidden="true">
                {node.totalCount.toLocaleString()}
              </span>
            </li>
          );
        })}
        {tags.data !== null && rows.length === 0 && (
          <li className="tree-empty" role="none">
            No tags yet. Add <code>#tag</code> to a note or <code>tags:</code> to its properties.
          </li>
        )}
      </ul>
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          label={`Tag ${menu.tag}`}
          entries={[
            { label: 'Show notes with this tag', icon: 'search', onSelect: () => onFilter(menu.tag) },
            { label: 'Rename tag…', icon: 'pencil', onSelect: () => setRenaming(menu.tag) },
          ]}
          onClose={() => setMenu(null)}
        />
      )}
    </SidebarSection>
  );
}

function TagNameInput({ initial, onDone }: { initial: string; onDone: (name: string | null) => void }) {
  const done = useRef(false);
  const finish = (value: string | null): void => {
    if (done.current) return;
    done.current = true;
    const name = value?.trim().replace(/^#+/, '') ?? '';
    onDone(name === '' ? null : name);
  };
  return (
    <input
      className="tree-name-input"
      aria-label="New tag name"
      defaultValue={initial}
      maxLength={100}
      ref={(element) => {
        if (element && document.activeElement !== element && !done.current) {
          element.focus();
          element.select();
        }
      }}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(event.currentTarget.value);
        else if (event.key === 'Escape') finish(null);
      }}
      onBlur={(event) => finish(event.currentTarget.value)}
    />
  );
}
