import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { UNTITLED } from '../../../../src-shared/note-title';
import type { MergeRecord, NoteVersion, Note, Revision } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { useNow } from '../../lib/useNow';
import { formatFullTime, formatTimestamp } from '../../lib/relative-time';
import { Button, EmptyState, LinkButton, Modal, ModalHeader, toasts } from '../../ui';
import { useDevices, useSyncStatus } from '../sync';
import { useNoteHistory } from './useNoteHistory';
import { useNoteMerges } from './useNoteMerges';
import { firstLine, formatSize } from './text-stats';

interface HistoryDialogProps {
  open: boolean;
  note: Note;
  onClose: () => void;
  /** Saves what is being typed, so the current version on the server is really the current one. */
  beforeRestore: () => Promise<void>;
  /** The host's version the editor holds after `beforeRestore`: the restore's base (E1). */
  currentVersion: () => NoteVersion | null;
  onSignIn: () => void;
}

/** Earlier versions of a note kept by the sync server, with a preview and "Restore this version". */
export function HistoryDialog({
  open,
  note,
  onClose,
  beforeRestore,
  currentVersion,
  onSignIn,
}: HistoryDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={titleId} className="history-dialog" closeOnBackdrop>
      <ModalHeader
        icon="history"
        title="Version history"
        titleId={titleId}
        lead={note.title || UNTITLED}
        onClose={onClose}
      />
      <HistoryBody
        note={note}
        onClose={onClose}
        beforeRestore={beforeRestore}
        currentVersion={currentVersion}
        onSignIn={onSignIn}
      />
    </Modal>
  );
}

function HistoryBody({
  note,
  onClose,
  beforeRestore,
  currentVersion,
  onSignIn,
}: Omit<HistoryDialogProps, 'open'>) {
  const status = useSyncStatus();
  const merges = useNoteMerges(note.id);
  const signedOut = status?.state === 'signed-out';
  if (signedOut && merges.length === 0) {
    return (
      <EmptyState icon="history" title="Version history comes with sync">
        <p>
          Your sync server keeps the earlier versions of every note, so an overwrite can always be undone.
          Sign in to see them.
        </p>
        <Button variant="primary" onClick={onSignIn}>
          Sign in…
        </Button>
      </EmptyState>
    );
  }
  return (
    <Versions
      note={note}
      onClose={onClose}
      beforeRestore={beforeRestore}
      currentVersion={currentVersion}
      merges={merges}
      fromServer={!signedOut}
    />
  );
}

interface Version {
  key: string;
  revision: Revision | null;
  /** A version this device had just before a merge (E7): restored as an ordinary edit. */
  merge: MergeRecord | null;
  at: number;
  title: string;
  body: string;
  when: string;
  whenFull: string;
  meta: string;
  excerpt: string;
  flag: string | null;
}

function describeDevice(deviceId: string | null, names: Map<string, string>, thisDevice: string | undefined) {
  if (deviceId === null) return 'a removed device';
  if (deviceId === thisDevice) return 'this device';
  return names.get(deviceId) ?? deviceId;
}

function Versions({
  note,
  onClose,
  beforeRestore,
  currentVersion,
  merges,
  fromServer,
}: Omit<HistoryDialogProps, 'open' | 'onSignIn'> & { merges: MergeRecord[]; fromServer: boolean }) {
  const { api } = useServices();
  const status = useSyncStatus();
  const history = useNoteHistory(note.id, fromServer);
  const devices = useDevices();
  const now = useNow();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const names = useMemo(
    () => new Map(devices.devices.map((d) => [d.deviceId, d.deviceName])),
    [devices.devices],
  );
  const thisDevice = status?.account?.deviceId;

  const versions = useMemo((): [Version, ...Version[]] => {
    const current: Version = {
      key: 'current',
      revision: null,
      merge: null,
      at: note.updatedAt,
      title: note.title,
      body: note.body,
      when: 'Current version',
      whenFull: `Last edited ${formatFullTime(note.updatedAt)}`,
      meta: `${formatTimestamp(note.updatedAt, now)} · ${formatSize(note.body)}`,
      excerpt: firstLine(note.body, note.title) || note.title || UNTITLED,
      flag: null,
    };
    const fromMerges = merges.map((merge, i): Version => ({
      key: `merge-${merge.at}-${i}`,
      revision: null,
      merge,
      at: merge.at,
      title: merge.before.title,
      body: merge.before.body,
      when: formatTimestamp(merge.at, now),
      whenFull: `Your version just before changes from ${merge.from === 'another-window' ? 'another window' : 'another device'} were merged in, ${formatFullTime(merge.at)}`,
      meta: `Before a merge · ${formatSize(merge.before.body)}`,
      excerpt: firstLine(merge.before.body, merge.before.title) || merge.before.title || UNTITLED,
      flag: 'Before merge',
    }));
    const byTime = (a: Version, b: Version): number => b.at - a.at;
    if (history.status !== 'ready') return [current, ...fromMerges];
    return [
      current,
      ...[
        ...fromMerges,
        ...history.revisions.map((revision): Version => {
          const doc = revision.document;
          return {
            key: revision.revisionId,
            revision,
            merge: null,
            at: revision.replacedAt,
            title: doc.title,
            body: doc.body,
            when: formatTimestamp(revision.replacedAt, now),
            whenFull: `Replaced ${formatFullTime(revision.replacedAt)}`,
            meta: `Replaced by ${describeDevice(revision.replacedByDevice, names, thisDevice)} · ${formatSize(doc.body)}`,
            excerpt: firstLine(doc.body, doc.title) || doc.title || UNTITLED,
            flag: doc._deleted ? 'Deleted' : doc.trashedAt > 0 ? 'In the trash' : null,
          };
        }),
      ].sort(byTime),
    ];
  }, [note, history, names, thisDevice, now, merges]);

  // The newest earlier version is what people come for; the current one is there to compare.
  const fallbackKey = versions[1]?.key ?? 'current';
  const selected =
    versions.find((v) => v.key === selectedKey) ?? versions.find((v) => v.key === fallbackKey) ?? versions[0];

  const select = (key: string): void => {
    setSelectedKey(key);
    setRestoreError(null);
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = versions.findIndex((v) => v.key === selected.key);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(versions.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = versions.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const target = versions[next];
    if (!target) return;
    select(target.key);
    listRef.current
      ?.querySelector(`[data-key="${CSS.escape(target.key)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  };

  const restore = async (): Promise<void> => {
    const { revision, merge } = selected;
    if ((!revision && !merge) || restoring) return;
    setRestoring(true);
    setRestoreError(null);
    try {
      await beforeRestore();
      if (revision) {
        await api.notes.restoreRevision.mutate({
          id: note.id,
          revisionId: revision.revisionId,
          base: currentVersion(),
        });
      } else if (merge) {
        // A local version: written back as an edit of what is on screen (E1), merged if need be.
        const base = currentVersion();
        if (!base) throw new Error('This note is not open any more.');
        await api.notes.update.mutate({
          id: note.id,
          base,
          title: merge.before.title,
          body: merge.before.body,
        });
      }
      toasts.show({ message: `Restored the version from ${selected.when}.` });
      onClose();
    } catch (error) {
      setRestoreError(`Couldn’t restore this version. ${describeFailure(error)}`);
      setRestoring(false);
    }
  };

  const optionId = (key: string): string => `${listId}-${key}`;

  return (
    <div className="history-body">
      <div className="history-list-column">
        <div
          ref={listRef}
          className="history-list"
          role="listbox"
          aria-label="Versions"
          tabIndex={0}
          aria-activedescendant={optionId(selected.key)}
          onKeyDown={onListKeyDown}
          data-autofocus=""
        >
          {versions.map((version) => (
            <div
              key={version.key}
              id={optionId(version.key)}
              data-key={version.key}
              role="option"
              aria-selected={version.key === selected.key}
              className={version.key === selected.key ? 'history-item is-selected' : 'history-item'}
              title={version.whenFull}
              onClick={() => select(version.key)}
            >
              <span className="history-item-when">
                {version.when}
                {version.flag && <span className="badge">{version.flag}</span>}
              </span>
              <span className="history-item-meta">{version.meta}</span>
              <span className="history-item-excerpt">{version.excerpt}</span>
            </div>
          ))}
        </div>
        {history.status === 'loading' && (
          <p className="history-list-status" role="status">
            Loading earlier versions…
          </p>
        )}
        {history.status === 'error' && (
          <div className="inline-error in-dialog" role="alert">
            {history.message} <LinkButton onClick={history.reload}>Try again</LinkButton>
          </div>
        )}
        {history.status === 'ready' && history.revisions.length === 0 && (
          <p className="history-list-status">
            No earlier versions yet. Once this note has synced, each change keeps the version it replaced.
          </p>
        )}
      </div>
      <section className="history-preview" aria-label="Preview of the selected version">
        <div className="history-preview-header">
          <span className="history-preview-title">{selected.title || UNTITLED}</span>
          <span className="history-preview-meta">
            {selected.revision || selected.merge ? selected.whenFull : 'What the note says now'}
          </span>
        </div>
        <pre className="history-preview-text" tabIndex={0} aria-label="Text of the selected version">
          {selected.body || <span className="history-preview-empty">This version has no text.</span>}
        </pre>
        <footer className="history-footer">
          {restoreError ? (
            <p className="history-footer-error" role="alert">
              {restoreError}
            </p>
          ) : (
            <p className="history-footer-hint">
              {selected.revision || selected.merge
                ? 'Restoring keeps the current text as a version too, so you can come back to it.'
                : 'Pick an earlier version to preview and restore it.'}
            </p>
          )}
          <Button
            variant="primary"
            icon="restore"
            disabled={!selected.revision && !selected.merge}
            busy={restoring}
            onClick={() => void restore()}
          >
            {restoring ? 'Restoring…' : 'Restore this version'}
          </Button>
        </footer>
      </section>
    </div>
  );
}
