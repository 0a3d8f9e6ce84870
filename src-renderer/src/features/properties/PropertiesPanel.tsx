import { memo, useCallback, useId, useMemo, useState } from 'react';
import { useServices } from '../../api/useServices';
import { Icon, toasts } from '../../ui';
import {
  editFrontmatter,
  readProperties,
  type FrontmatterEdit,
  type TextEdit,
} from '../../../../src-shared/markdown/frontmatter-edit';
import { TAG_KEYS } from '../../../../src-shared/markdown/frontmatter';
import {
  effectiveType,
  emptyValue,
  fitsType,
  type PropertyType,
} from '../../../../src-shared/markdown/property-types';
import { AddProperty } from './AddProperty';
import { toEditorChanges } from './editor-changes';
import { PropertyRow } from './PropertyRow';
import { usePropertyCatalog } from './usePropertyCatalog';
import './properties.css';

export interface PropertiesPanelProps {
  /**
   * The note's frontmatter block as the editor holds it now (`frontmatterSource` of its text),
   * null without one: the panel follows typing in the YAML, and typing in the body, which leaves
   * the block alone, does not render it again.
   */
  source: string | null;
  readOnly: boolean;
  /** The editor's text at the moment of an edit, which the changes are computed on. */
  getText: () => string | null;
  /** One undoable edit of the editor, in editor positions (MarkdownEditor's `edit`). */
  edit: (changes: readonly TextEdit[]) => void;
  onOpenLink: (title: string, id: string | null) => void;
  /** A tag chip was clicked (the app filters the note list by it). */
  onTagClick?: ((tag: string) => void) | undefined;
}

const COLLAPSED_KEY = 'quire.properties.collapsed';

function storedCollapsed(): boolean {
  try {
    return globalThis.localStorage.getItem(COLLAPSED_KEY) === 'true';
  } catch {
    return false;
  }
}

/** The YAML's fault, as the parser says it (without its trailing colon). */
function plainMessage(message: string): string {
  return message.replace(/[:\s]+$/, '');
}

/**
 * The note's frontmatter as Obsidian's Properties view shows it: one row per property, an
 * editor per type. Every change is the smallest text edit (frontmatter-edit.ts) made through the
 * editor, so it saves like typing and Ctrl+Z takes it back; what Quire did not change stays byte
 * for byte. YAML that does not parse is shown as a warning and left as the user typed it.
 */
export const PropertiesPanel = memo(function PropertiesPanel(props: PropertiesPanelProps) {
  const { source, readOnly, getText, edit, onOpenLink, onTagClick } = props;
  const { api } = useServices();
  const catalog = usePropertyCatalog();
  const bodyId = useId();
  const [collapsed, setCollapsed] = useState(storedCollapsed);
  const [focusName, setFocusName] = useState<string | null>(null);

  // Parsed again only when the block's text changed.
  const read = useMemo(
    () => (source === null ? ({ kind: 'none' } as const) : readProperties(source)),
    [source],
  );

  const apply = useCallback(
    (change: FrontmatterEdit): boolean => {
      // Without an editor there is nothing to edit.
      const current = getText();
      if (current === null) return false;
      const result = editFrontmatter(current, change);
      if (!result.ok) {
        toasts.show({ tone: 'error', message: result.error });
        return false;
      }
      if (result.changes.length > 0) edit(toEditorChanges(current, result.changes));
      return true;
    },
    [edit, getText],
  );

  const openLink = useCallback(
    (title: string) => {
      api.notes.resolveTitles
        .query({ titles: [title] })
        .then((ids) => onOpenLink(title, ids[title] ?? null))
        .catch(() => onOpenLink(title, null));
    },
    [api, onOpenLink],
  );

  const toggle = (): void => {
    setCollapsed((was) => {
      try {
        globalThis.localStorage.setItem(COLLAPSED_KEY, String(!was));
      } catch {
        // Only the remembering is lost.
      }
      return !was;
    });
  };

  const properties = useMemo(() => (read.kind === 'properties' ? read.properties : []), [read]);
  const existing = useMemo(() => new Set(properties.map((p) => p.key)), [properties]);
  const add = (name: string, type: PropertyType): boolean => {
    if (!apply({ op: 'set', key: name, value: emptyValue(type) })) return false;
    setFocusName(name);
    setCollapsed(false);
    return true;
  };

  if (read.kind === 'none') {
    if (readOnly) return null;
    return (
      <section className="properties is-empty" aria-label="Properties">
        <AddProperty existing={existing} catalog={catalog.infos} onOpen={catalog.refresh} onAdd={add} />
      </section>
    );
  }

  const count = read.kind === 'properties' ? properties.length : 0;
  return (
    <section className={readOnly ? 'properties is-read-only' : 'properties'} aria-label="Properties">
      <button
        type="button"
        className="properties-toggle"
        aria-expanded={!collapsed}
        aria-controls={bodyId}
        onClick={toggle}
      >
        <span
          className={collapsed ? 'properties-chevron is-collapsed' : 'properties-chevron'}
          aria-hidden="true"
        >
          <Icon name="chevronDown" size={14} />
        </span>
        Properties
        {collapsed && count > 0 && <span className="properties-count">{count}</span>}
      </button>
      <div className="properties-body" id={bodyId} hidden={collapsed}>
        {read.kind === 'invalid' ? (
          <p className="properties-warning" role="alert">
            <Icon name="alert" size={14} />
            <span>
              These properties can’t be read: {plainMessage(read.message)}. The text is kept as you typed it.
            </span>
          </p>
        ) : (
          <div className="property-rows" role="list">
            {properties.map(({ key, value }) => {
              const isTags = (TAG_KEYS as readonly string[]).includes(key);
              const vaultType = catalog.typeOf(key);
              const type = isTags ? 'list' : effectiveType(value, vaultType);
              return (
                <PropertyRow
                  key={key}
                  name={key}
                  value={value}
                  type={type}
                  isTags={isTags}
                  mismatch={!isTags && vaultType !== undefined && vaultType !== type ? vaultType : null}
                  readOnly={readOnly}
                  autoFocus={focusName === key}
                  onSet={(next) => apply({ op: 'set', key, value: next })}
                  onRename={(to) => apply({ op: 'rename', key, to })}
                  onRemove={() => apply({ op: 'remove', key })}
                  onChangeType={(next) => {
                    catalog.setType(key, next);
                    // A value the new type can show stays as written; any other is converted.
                    if (!fitsType(value, next)) apply({ op: 'retype', key, type: next });
                  }}
                  onOpenLink={openLink}
                  onTagClick={onTagClick}
                />
              );
            })}
          </div>
        )}
        {!readOnly && read.kind === 'properties' && (
          <AddProperty existing={existing} catalog={catalog.infos} onOpen={catalog.refresh} onAdd={add} />
        )}
      </div>
    </section>
  );
});
