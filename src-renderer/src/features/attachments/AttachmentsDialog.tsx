import { useId, useState } from 'react';
import type { AttachmentSummary } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { describeReason } from '../../../../src-shared/errors/reason-words';
import { useServices } from '../../api/useServices';
import {
  Button,
  EmptyState,
  Icon,
  IconButton,
  Modal,
  ModalHeader,
  Tabs,
  toasts,
  type ConfirmRequest,
  type TabItem,
} from '../../ui';
import { formatBytes } from '../vault-io';
import {
  ATTACHMENTS_PAGE_SIZE,
  useAttachmentsPage,
  useNoteTitles,
  type AttachmentFilter,
} from './useAttachmentsPage';
import './attachments.css';

interface AttachmentsDialogProps {
  open: boolean;
  onClose: () => void;
  /** A note that uses an attachment was clicked: the app shows it (and this dialog closes). */
  onOpenNote: (noteId: string) => void;
  /** Deleting asks first, in the app's one confirm dialog. */
  confirm: (request: ConfirmRequest) => void;
}

const FILTERS: readonly TabItem<AttachmentFilter>[] = [
  { value: 'all', label: 'All' },
  { value: 'unused', label: 'Unused' },
];

/** How many notes a row names before "+N more". */
const USED_BY_SHOWN = 3;

/** The vault's attachments: what each is, which notes use it, and the unused ones for clean-up. */
export function AttachmentsDialog({ open, onClose, onOpenNote, confirm }: AttachmentsDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={titleId} className="attachments-dialog" closeOnBackdrop>
      <ModalHeader
        icon="paperclip"
        title="Attachments"
        titleId={titleId}
        lead="Files in this vault that are not notes: pasted, dropped or imported."
        onClose={onClose}
      />
      <AttachmentsPanel
        onOpenNote={(id) => {
          onClose();
          onOpenNote(id);
        }}
        confirm={confirm}
      />
    </Modal>
  );
}

function AttachmentsPanel({
  onOpenNote,
  confirm,
}: {
  onOpenNote: (noteId: string) => void;
  confirm: (request: ConfirmRequest) => void;
}) {
  const { api } = useServices();
  const [filter, setFilter] = useState<AttachmentFilter>('all');
  const [offset, setOffset] = useState(0);
  const { page, reload } = useAttachmentsPage(filter, offset);
  const items = page.status === 'ready' ? page.items : [];
  const titles = useNoteTitles(items.flatMap((item) => item.usedBy.slice(0, USED_BY_SHOWN)));

  // The last row of the last page was deleted: step back to a page that has rows (adjusted while
  // rendering, so the empty page is never painted).
  if (page.status === 'ready' && page.items.length === 0 && offset > 0)
    setOffset(Math.max(0, offset - ATTACHMENTS_PAGE_SIZE));

  const askDelete = (attachment: AttachmentSummary): void => {
    const name = baseName(attachment.path);
    const uses = attachment.usedBy.length;
    confirm({
      title: `Delete “${name}”?`,
      message:
        uses === 0
          ? 'No note uses it. It is removed from this vault, and from your other devices when sync is on.'
          : `${uses === 1 ? 'A note links' : `${uses} notes link`} to it; ${uses === 1 ? 'that link' : 'those links'} will show it as missing. It is removed from this vault, and from your other devices when sync is on.`,
      confirmLabel: 'Delete',
      onConfirm: () => {
        api.attachments.delete.mutate({ id: attachment.id }).then(
          () => toasts.show({ message: `Deleted ${name}` }),
          (failure: unknown) =>
            toasts.show({ tone: 'error', message: `Couldn’t delete ${name}: ${describeFailure(failure)}` }),
        );
      },
    });
  };

  return (
    <Tabs
      label="Show"
      items={FILTERS}
      value={filter}
      onChange={(next) => {
        setFilter(next);
        setOffset(0);
      }}
    >
      {(panel) => (
        <div {...panel} className="attachments-panel">
          {filter === 'unused' && (
            <p className="attachments-note">
              No note links to these. Nothing is ever deleted on its own: delete what you no longer need.
            </p>
          )}
          {page.status === 'loading' && <p className="hint attachments-loading">Loading attachments…</p>}
          {page.status === 'error' && (
            <div className="form-alert attachments-error" role="alert">
              <span>Couldn’t list the attachments: {page.message}</span>
              <Button onClick={reload}>Try again</Button>
            </div>
          )}
          {page.status === 'ready' &&
            (page.total === 0 ? (
              <EmptyState
                icon={filter === 'unused' ? 'check' : 'paperclip'}
                title={filter === 'unused' ? 'Every attachment is in use' : 'No attachments yet'}
              >
                {filter === 'unused'
                  ? 'Each file is linked from at least one note.'
                  : 'Paste or drop a file into a note, or import a folder, and it shows up here.'}
              </EmptyState>
            ) : (
              <>
                <AttachmentsTable
                  items={page.items}
                  titles={titles}
                  onOpenNote={onOpenNote}
                  onDelete={askDelete}
                />
                <Pager offset={offset} shown={page.items.length} total={page.total} onOffset={setOffset} />
              </>
            ))}
        </div>
      )}
    </Tabs>
  );
}

function AttachmentsTable({
  items,
  titles,
  onOpenNote,
  onDelete,
}: {
  items: readonly AttachmentSummary[];
  titles: ReadonlyMap<string, string>;
  onOpenNote: (noteId: string) => void;
  onDelete: (attachment: AttachmentSummary) => void;
}) {
  return (
    <div className="attachments-scroll">
      <table className="attachments-table" aria-label="Attachments">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Folder</th>
            <th scope="col" className="is-number">
              Size
            </th>
            <th scope="col">Type</th>
            <th scope="col">Used by</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((attachment) => {
            const name = baseName(attachment.path);
            const hidden = attachment.usedBy.length - USED_BY_SHOWN;
            return (
              <tr key={attachment.id}>
                <th scope="row" className="attachment-name">
                  <span className="attachment-icon" aria-hidden="true">
                    <Icon name={attachment.mediaType.startsWith('image/') ? 'image' : 'file'} size={15} />
                  </span>
                  <span className="attachment-name-text" title={attachment.path}>
                    {name}
                  </span>
                  {!attachment.local && <span className="attachment-badge">Downloading…</span>}
                  {attachment.notSynced !== undefined && (
                    <span
                      className="attachment-badge is-not-synced"
                      title={describeReason(attachment.notSynced)}
                    >
                      Not synced
                    </span>
                  )}
                  {attachment.renamedFrom !== undefined && (
                    <span
                      className="attachment-badge is-renamed"
                      title={`Another device saved different bytes at ${attachment.renamedFrom}; both files are kept.`}
                    >
                      Kept both · was {baseName(attachment.renamedFrom)}
                    </span>
                  )}
                </th>
                <td className="attachment-folder" title={folderOf(attachment.path)}>
                  {folderOf(attachment.path) || <span className="attachment-faint">Vault root</span>}
                </td>
                <td className="is-number">{formatBytes(attachment.size)}</td>
                <td className="attachment-type" title={attachment.mediaType}>
                  {typeWords(attachment.mediaType)}
                </td>
                <td className="attachment-used">
                  {attachment.usedBy.length === 0 ? (
                    <span className="attachment-unused">Unused</span>
                  ) : (
                    <div className="attachment-used-list">
                      {attachment.usedBy.slice(0, USED_BY_SHOWN).map((id) => (
                        <button
                          key={id}
                          type="button"
                          className="attachment-note"
                          onClick={() => onOpenNote(id)}
                        >
                          <Icon name="notes" size={12} />
                          <span>{titles.get(id) ?? '…'}</span>
                        </button>
                      ))}
                      {hidden > 0 && <span className="attachment-faint">+{hidden} more</span>}
                    </div>
                  )}
                </td>
                <td className="attachment-actions">
                  <IconButton
                    label={`Delete ${name}`}
                    icon="trash"
                    small
                    className="attachment-delete"
                    onClick={() => onDelete(attachment)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Pager({
  offset,
  shown,
  total,
  onOffset,
}: {
  offset: number;
  shown: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= ATTACHMENTS_PAGE_SIZE && offset === 0) {
    return (
      <p className="attachments-count">
        {total.toLocaleString()} {total === 1 ? 'attachment' : 'attachments'}
      </p>
    );
  }
  return (
    <nav className="attachments-pager" aria-label="Pages">
      <span className="attachments-count">
        {(offset + 1).toLocaleString()}–{(offset + shown).toLocaleString()} of {total.toLocaleString()}
      </span>
      <Button disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - ATTACHMENTS_PAGE_SIZE))}>
        Previous
      </Button>
      <Button
        disabled={offset + ATTACHMENTS_PAGE_SIZE >= total}
        onClick={() => onOffset(offset + ATTACHMENTS_PAGE_SIZE)}
      >
        Next
      </Button>
    </nav>
  );
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `image/png` → "PNG image"; an unknown type stays as the host sent it. */
function typeWords(mediaType: string): string {
  const [kind, sub = ''] = mediaType.split('/');
  const name = sub
    .replace(/^(x-|vnd\.)/, '')
    .split(/[+.;]/)[0]!
    .toUpperCase();
  switch (kind) {
    case 'image':
      return `${name} image`;
    case 'audio':
      return `${name} audio`;
    case 'video':
      return `${name} video`;
    case 'text':
      return name === 'PLAIN' ? 'Text' : `${name} text`;
    default:
      return mediaType === 'application/octet-stream' ? 'File' : name || mediaType;
  }
}
