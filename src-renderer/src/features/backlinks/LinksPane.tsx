import { memo, useId, useState, type ReactNode } from 'react';
import { Button, Icon, IconButton } from '../../ui';
import { toasts } from '../../ui';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import type { MentionGroup, OutgoingLink, UnlinkedMention } from '../../../../src-shared/api/link-index-api';
import { useLinksData } from './useLinksData';
import './backlinks.css';

interface LinksPaneProps {
  noteId: string;
  /** Opens a note with the cursor on that line. */
  onOpenAt: (id: string, line: number) => void;
  onClose: () => void;
}

/** A mention's line with the link (or the words) marked. */
export function MentionText({ text, from, to }: { text: string; from: number; to: number }) {
  return (
    <span className="links-mention-text">
      {text.slice(0, from)}
      <mark>{text.slice(from, to)}</mark>
      {text.slice(to)}
    </span>
  );
}

function Section(props: {
  title: string;
  count: number | null;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  const bodyId = useId();
  return (
    <section className="links-section">
      <h3 className="links-section-heading">
        <button
          type="button"
          className="links-section-toggle"
          aria-expanded={props.open}
          aria-controls={bodyId}
          onClick={props.onToggle}
        >
          <Icon name={props.open ? 'chevronDown' : 'chevronRight'} size={12} />
          <span>{props.title}</span>
          {props.count !== null && <span className="links-count">{props.count.toLocaleString()}</span>}
        </button>
      </h3>
      {props.open && (
        <div id={bodyId} className="links-section-body">
          {props.children}
        </div>
      )}
    </section>
  );
}

function Groups<M extends { line: number; text: string; from: number; to: number }>(props: {
  groups: MentionGroup<M>[];
  onOpenAt: (id: string, line: number) => void;
  action?: (group: MentionGroup<M>, mention: M) => ReactNode;
}) {
  return (
    <ul className="links-groups">
      {props.groups.map((group) => (
        <li key={group.id} className="links-group">
          <button
            type="button"
            className="links-group-title"
            title={group.folder === '' ? group.title : `${group.folder}/${group.title}`}
            onClick={() => props.onOpenAt(group.id, group.mentions[0]?.line ?? 0)}
          >
            <Icon name="notes" size={13} />
            <span className="links-group-name">{group.title}</span>
            {group.folder !== '' && <span className="links-group-folder">{group.folder}</span>}
          </button>
          <ul className="links-mentions">
            {group.mentions.map((mention) => (
              <li key={`${mention.line}:${mention.from}`} className="links-mention">
                <button
                  type="button"
                  className="links-mention-open"
                  aria-label={`${group.title}, line ${mention.line + 1}: ${mention.text}`}
                  onClick={() => props.onOpenAt(group.id, mention.line)}
                >
                  <MentionText text={mention.text} from={mention.from} to={mention.to} />
                </button>
                {props.action?.(group, mention)}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Outgoing({
  links,
  onOpenAt,
}: {
  links: OutgoingLink[];
  onOpenAt: (id: string, line: number) => void;
}) {
  if (links.length === 0) return <p className="links-empty">This note links to no other note.</p>;
  return (
    <ul className="links-outgoing">
      {links.map((link, i) => {
        // What it points at (the note's own title once resolved), the subpath after it.
        const name = link.resolved?.title ?? link.target;
        const sub = link.heading ? `#${link.heading}` : link.blockId ? `#^${link.blockId}` : '';
        const shown = `${name}${sub}`;
        return (
          <li key={`${i}:${link.target}`}>
            {link.resolved ? (
              <button
                type="button"
                className="links-outgoing-item"
                title={
                  link.resolved.folder === ''
                    ? link.resolved.title
                    : `${link.resolved.folder}/${link.resolved.title}`
                }
                onClick={() => onOpenAt(link.resolved!.id, 0)}
              >
                <Icon name={link.kind === 'embed' ? 'image' : 'arrowRight'} size={13} />
                <span>{shown}</span>
              </button>
            ) : (
              <span className="links-outgoing-item is-unresolved" title={`No note named “${link.target}”`}>
                <Icon name="alert" size={13} />
                <span>{shown}</span>
                <span className="links-badge">not found</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The open note's links, as Obsidian's backlinks and outgoing links panes show them: linked
 * mentions by note, unlinked mentions (folded at first, each with a Link button), and the note's
 * own links with the unresolved ones marked.
 */
export const LinksPane = memo(function LinksPane(props: LinksPaneProps) {
  // Which sections are open outlives the note; the lists start afresh with each note.
  const [open, setOpen] = useState(SECTIONS_AT_FIRST);
  return <LinksPaneBody key={props.noteId} {...props} open={open} setOpen={setOpen} />;
});

const SECTIONS_AT_FIRST = { linked: true, unlinked: false, outgoing: true };

function LinksPaneBody({
  noteId,
  onOpenAt,
  onClose,
  open,
  setOpen,
}: LinksPaneProps & {
  open: typeof SECTIONS_AT_FIRST;
  setOpen: (update: (was: typeof SECTIONS_AT_FIRST) => typeof SECTIONS_AT_FIRST) => void;
}) {
  const { api } = useServices();
  const data = useLinksData(noteId, open.unlinked);
  const [linking, setLinking] = useState<string | null>(null);
  const flip = (key: keyof typeof open) => () => setOpen((was) => ({ ...was, [key]: !was[key] }));

  const link = (group: MentionGroup<UnlinkedMention>, mention: UnlinkedMention): void => {
    const key = `${group.id}:${mention.line}:${mention.lineFrom}`;
    if (linking !== null) return;
    setLinking(key);
    api.linkIndex.linkMention
      .mutate({
        sourceId: group.id,
        line: mention.line,
        from: mention.lineFrom,
        to: mention.lineTo,
        targetId: noteId,
      })
      .then(
        () => toasts.show({ message: `Linked in ${group.title}` }),
        (error: unknown) =>
          toasts.show({ tone: 'error', message: `Couldn’t link it: ${describeFailure(error)}` }),
      )
      .finally(() => {
        setLinking(null);
        data.refresh();
      });
  };

  const { backlinks, outgoing, unlinked } = data;
  return (
    <aside className="links-pane" aria-label="Links">
      <div className="links-header">
        <h2 className="links-title">Links</h2>
        <IconButton label="Close links pane" icon="close" title="Close links pane" onClick={onClose} />
      </div>
      <div className="links-scroll">
        <Section
          title="Linked mentions"
          count={backlinks.status === 'ready' ? backlinks.value.total : null}
          open={open.linked}
          onToggle={flip('linked')}
        >
          {backlinks.status === 'loading' && <p className="links-empty">Loading…</p>}
          {backlinks.status === 'error' && <p className="links-error">{backlinks.message}</p>}
          {backlinks.status === 'ready' &&
            (backlinks.value.total === 0 ? (
              <p className="links-empty">No other note links here yet.</p>
            ) : (
              <>
                <Groups groups={backlinks.value.groups} onOpenAt={onOpenAt} />
                {backlinks.value.groups.length < backlinks.value.total && (
                  <Button onClick={data.showMoreBacklinks}>
                    Show more ({(backlinks.value.total - backlinks.value.groups.length).toLocaleString()}{' '}
                    notes)
                  </Button>
                )}
              </>
            ))}
        </Section>
        <Section
          title="Unlinked mentions"
          count={unlinked?.status === 'ready' ? unlinked.value.total : null}
          open={open.unlinked}
          onToggle={flip('unlinked')}
        >
          {(unlinked === null || unlinked.status === 'loading') && <p className="links-empty">Looking…</p>}
          {unlinked?.status === 'error' && <p className="links-error">{unlinked.message}</p>}
          {unlinked?.status === 'ready' &&
            (unlinked.value.total === 0 ? (
              <p className="links-empty">No note names this one without linking it.</p>
            ) : (
              <>
                <Groups
                  groups={unlinked.value.groups}
                  onOpenAt={onOpenAt}
                  action={(group, mention) => (
                    <Button
                      icon="plus"
                      busy={linking === `${group.id}:${mention.line}:${mention.lineFrom}`}
                      aria-label={`Link “${mention.matched}” in ${group.title}`}
                      onClick={() => link(group, mention)}
                    >
                      Link
                    </Button>
                  )}
                />
                {unlinked.value.groups.length < unlinked.value.total && (
                  <Button onClick={data.showMoreUnlinked}>Show more</Button>
                )}
              </>
            ))}
        </Section>
        <Section
          title="Outgoing links"
          count={outgoing.status === 'ready' ? outgoing.value.length : null}
          open={open.outgoing}
          onToggle={flip('outgoing')}
        >
          {outgoing.status === 'loading' && <p className="links-empty">Loading…</p>}
          {outgoing.status === 'error' && <p className="links-error">{outgoing.message}</p>}
          {outgoing.status === 'ready' && <Outgoing links={outgoing.value} onOpenAt={onOpenAt} />}
        </Section>
      </div>
    </aside>
  );
}
