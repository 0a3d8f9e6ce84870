import { useCallback, useEffect, useId, useState } from 'react';
import { Button, Icon, Modal, ModalHeader } from '../../ui';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import type { BrokenLink } from '../../../../src-shared/api/link-index-api';

const PAGE = 200;

interface BrokenState {
  total: number;
  items: BrokenLink[];
  nextCursor: number | null;
}

/** Consecutive links of one note under that note's title. */
function byNote(
  items: readonly BrokenLink[],
): { id: string; title: string; folder: string; links: BrokenLink[] }[] {
  const groups: { id: string; title: string; folder: string; links: BrokenLink[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last?.id === item.sourceId) last.links.push(item);
    else groups.push({ id: item.sourceId, title: item.title, folder: item.folder, links: [item] });
  }
  return groups;
}

/** Every link in the vault that names no note, by note; choosing one opens its note at its line. */
export function BrokenLinksDialog(props: {
  open: boolean;
  onClose: () => void;
  onOpenAt: (id: string, line: number) => void;
}) {
  const titleId = useId();
  // The Modal mounts its content on each opening: every opening reads the vault afresh.
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      labelledBy={titleId}
      className="broken-links-dialog"
      closeOnBackdrop
    >
      <BrokenLinks titleId={titleId} onClose={props.onClose} onOpenAt={props.onOpenAt} />
    </Modal>
  );
}

function BrokenLinks(props: {
  titleId: string;
  onClose: () => void;
  onOpenAt: (id: string, line: number) => void;
}) {
  const { api } = useServices();
  const [state, setState] = useState<BrokenState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const read = useCallback(
    (cursor: number | undefined, previous: BrokenLink[]): void => {
      api.linkIndex.broken
        .query({ limit: PAGE, ...(cursor === undefined ? {} : { cursor }) })
        .then(
          (page) => {
            setState({ total: page.total, items: [...previous, ...page.items], nextCursor: page.nextCursor });
            setError(null);
          },
          (failure: unknown) => setError(describeFailure(failure)),
        )
        .finally(() => setLoading(false));
    },
    [api],
  );
  useEffect(() => read(undefined, []), [read]);
  const more = (): void => {
    if (loading || state?.nextCursor == null) return;
    setLoading(true);
    read(state.nextCursor, state.items);
  };

  const groups = state ? byNote(state.items) : [];
  return (
    <>
      <ModalHeader
        icon="alert"
        title="Broken links"
        titleId={props.titleId}
        lead={
          state === null
            ? 'Looking for links that name no note…'
            : state.total === 0
              ? 'Every link in the vault finds its note.'
              : `${state.total.toLocaleString()} ${state.total === 1 ? 'link names' : 'links name'} no note. Choose one to open it where it is.`
        }
        onClose={props.onClose}
      />
      <div className="broken-links-body">
        {error !== null && <p className="links-error">{error}</p>}
        <ul className="links-groups">
          {groups.map((group) => (
            <li key={`${group.id}:${group.links[0]!.line}`} className="links-group">
              <div className="links-group-title is-static">
                <Icon name="notes" size={13} />
                <span className="links-group-name">{group.title}</span>
                {group.folder !== '' && <span className="links-group-folder">{group.folder}</span>}
              </div>
              <ul className="links-mentions">
                {group.links.map((link, i) => (
                  <li key={`${link.line}:${i}`} className="links-mention">
                    <button
                      type="button"
                      className="links-mention-open"
                      onClick={() => props.onOpenAt(link.sourceId, link.line)}
                    >
                      <span className="broken-target">{link.target}</span>
                      <span className="links-mention-text">{link.text}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        {state?.nextCursor != null && (
          <Button busy={loading} onClick={more}>
            Show more
          </Button>
        )}
      </div>
    </>
  );
}
