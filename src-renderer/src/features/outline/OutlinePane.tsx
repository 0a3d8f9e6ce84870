import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, IconButton } from '../../ui';
import { nestHeadings, type OutlineNode } from './outline-headings';
import { useOutline, type OutlineSource } from './useOutline';
import './outline.css';

interface OutlinePaneProps {
  noteId: string;
  source: OutlineSource;
  /** Puts the cursor on the heading's line and scrolls it into view (the editor's `reveal`). */
  onJump: (pos: number) => void;
  onClose: () => void;
}

/** Arrow keys move between headings as in any list of links; Tab leaves the outline. */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.outline-item'));
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const target =
    event.key === 'ArrowDown'
      ? items[Math.min(items.length - 1, at + 1)]
      : event.key === 'ArrowUp'
        ? items[Math.max(0, at - 1)]
        : event.key === 'Home'
          ? items[0]
          : event.key === 'End'
            ? items.at(-1)
            : undefined;
  if (!target) return;
  event.preventDefault();
  target.focus();
}

/** A section's name for remembering it folded while headings are added above it. */
function foldKey(node: OutlineNode, seen: Map<string, number>): string {
  const base = `${node.heading.level}:${node.heading.text}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `${base}:${n}`;
}

function holds(node: OutlineNode, index: number): boolean {
  return node.children.some((child) => child.index === index || holds(child, index));
}

/** The open note's headings, nested by level; the section being read is marked and kept in view. */
export function OutlinePane({ noteId, source, onJump, onClose }: OutlinePaneProps) {
  const { headings, active, positionOf } = useOutline(noteId, source);
  const listRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLElement>(null);
  // Folded sections, for this note only.
  const [folded, setFolded] = useState<{ noteId: string; keys: ReadonlySet<string> }>({
    noteId,
    keys: new Set(),
  });
  const foldedKeys = folded.noteId === noteId ? folded.keys : new Set<string>();
  const setFold = (key: string, fold: boolean): void => {
    const keys = new Set(foldedKeys);
    if (fold) keys.add(key);
    else keys.delete(key);
    setFolded({ noteId, keys });
  };
  // Floating over a narrow editor, the outline steps aside once it has taken the reader there.
  const jump = (index: number): void => {
    const pane = paneRef.current;
    const pos = positionOf(index);
    if (pos === null) return;
    onJump(pos);
    if (pane && getComputedStyle(pane).position === 'absolute') onClose();
  };
  const tree = nestHeadings(headings);
  // Closed from inside, the outline hands focus back to the text rather than to the page.
  const closeToEditor = (): void => {
    onClose();
    source.view()?.focus();
  };

  useEffect(() => {
    const item = listRef.current?.querySelector<HTMLElement>('[aria-current="location"]');
    // Only the outline's own scroller moves: `block: nearest` never scrolls the window.
    item?.scrollIntoView?.({ block: 'nearest' });
  }, [active, headings]);

  const seen = new Map<string, number>();
  const renderNodes = (nodes: OutlineNode[], depth: number) => (
    <ul className="outline-list">
      {nodes.map((node) => {
        const key = foldKey(node, seen);
        const parent = node.children.length > 0;
        const isFolded = parent && foldedKeys.has(key);
        // A folded section still shows where the reader is: on its own heading.
        const current = node.index === active || (isFolded && holds(node, active));
        return (
          <li key={node.index} className="outline-entry">
            {parent && (
              <button
                type="button"
                className="outline-fold"
                tabIndex={-1}
                style={{ left: `${2 + depth * 14}px` }}
                aria-label={`${isFolded ? 'Expand' : 'Collapse'} ${node.heading.text}`}
                aria-expanded={!isFolded}
                onClick={() => setFold(key, !isFolded)}
              >
                <Icon name={isFolded ? 'chevronRight' : 'chevronDown'} size={12} />
              </button>
            )}
            <button
              type="button"
              className="outline-item"
              data-level={node.heading.level}
              style={{ paddingLeft: `${20 + depth * 14}px` }}
              aria-current={current ? 'location' : undefined}
              title={node.heading.text}
              onClick={() => jump(node.index)}
              onKeyDown={(event) => {
                // As in a tree: left folds a section, right unfolds it.
                if (!parent || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
                event.preventDefault();
                setFold(key, event.key === 'ArrowLeft');
              }}
            >
              {node.heading.text}
            </button>
            {parent && !isFolded && renderNodes(node.children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <aside className="outline-pane" aria-label="Outline" ref={paneRef}>
      <div className="outline-header">
        <h2 className="outline-title">Outline</h2>
        <IconButton label="Close outline" icon="close" title="Close outline" onClick={closeToEditor} />
      </div>
      <div
        className="outline-scroll"
        ref={listRef}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            closeToEditor();
          } else moveFocus(event);
        }}
      >
        {headings.length === 0 ? (
          <p className="outline-empty">No headings in this note</p>
        ) : (
          <nav aria-label="Headings">{renderNodes(tree, 0)}</nav>
        )}
      </div>
    </aside>
  );
}
