import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { UNTITLED } from '../../../../src-shared/note-title';
import type { NoteVersion, Note, RestoreVersionInput } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { useNow } from '../../lib/useNow';
import {
  Button,
  ConfirmDialog,
  EmptyState,
  LinkButton,
  Modal,
  ModalHeader,
  toasts,
  type ConfirmRequest,
} from '../../ui';
import { useDevices, useSyncStatus } from '../sync';
import { useNoteHistory } from './useNoteHistory';
import { useSnapshots, useSnapshotTexts } from './useSnapshots';
import { buildTimeline, type TimelineEntry } from './timeline';
import { VersionList } from './VersionList';
import { VersionDiff, type Compare } from './VersionDiff';
import { useDiffLayout } from './diff-prefs';
import './history.css';

interface HistoryDialogProps {
  open: boolean;
  note: Note;
  onClose: () => void;
  /** Saves what is being typed, so the current version is really the current one. */
  beforeRestore: () => Promise<void>;
  /** The host's version the editor holds after `beforeRestore`: the restore's base (E1). */
  currentVersion: () => NoteVersion | null;
  onSignIn: () => void;
}

/**
 * Earlier versions of a note: snapshots kept on this device and, when signed in, the versions the
 * sync server kept, in one timeline; each shown as a diff, copied or restored as a new edit.
 */
export function HistoryDialog({ open, note, onClose, ...rest }: HistoryDialogProps) {
  const titleId = useId();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  return (
    <>
      <Modal open={open} onClose={onClose} labelledBy={titleId} className="history-dialog" closeOnBackdrop>
        <ModalHeader
          icon="history"
          title="Version history"
          titleId={titleId}
          lead={note.title || UNTITLED}
          onClose={onClose}
        />
        <HistoryBody note={note} onClose={onClose} onConfirm={setConfirm} {...rest} />
      </Modal>
      {/* Beside the modal, not in it: React passes a dialog's close event up its tree, and the
          confirmation closing must not close the history with it. */}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}

function HistoryBody({
  note,
  onClose,
  beforeRestore,
  currentVersion,
  onSignIn,
  onConfirm,
}: Omit<HistoryDialogProps, 'open'> & { onConfirm: (request: ConfirmRequest) => void }) {
  const { api } = useServices();
  const status = useSyncStatus();
  const signedOut = status?.state === 'signed-out';
  const snapshots = useSnapshots(note.id);
  const history = useNoteHistory(note.id, !signedOut);
  const devices = useDevices();
  const now = useNow();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [compare, setCompare] = useState<Compare>('current');
  const [layout, setLayout] = useDiffLayout();
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const thisDevice = status?.account?.deviceId;

  const entries = useMemo(() => {
    const names = new Map(devices.devices.map((d) => [d.deviceId, d.deviceName]));
    return buildTimeline({
      note,
      snapshots: snapshots.status === 'ready' ? snapshots.snapshots : [],
      revisions: history.status === 'ready' ? history.revisions : [],
      now,
      deviceName: (id) =>
        id === null ? 'a removed device' : id === thisDevice ? 'this device' : (names.get(id) ?? id),
    });
  }, [note, snapshots, history, devices.devices, thisDevice, now]);

  // The newest earlier version is what people come for; the current one is there to compare.
  const selectedIndex = Math.max(
    0,
    entries.findIndex((e) => e.key === (selectedKey ?? entries[1]?.key ?? 'current')),
  );
  const selected = entries[selectedIndex] ?? entries[0];
  const previous = entries[selectedIndex + 1] ?? null;
  const textOf = useSnapshotTexts(
    note.id,
    [selected, previous].flatMap((e) => (e?.snapshotId ? [e.snapshotId] : [])),
  );
  const bodyOf = (entry: TimelineEntry | null): string | null | { error: string } => {
    if (!entry) return '';
    if (entry.body !== null) return entry.body;
    const text = textOf(entry.snapshotId ?? 0);
    if (text.status === 'ready') return text.body;
    return text.status === 'error' ? { error: text.message } : null;
  };

  const select = (key: string): void => {
    setSelectedKey(key);
    setRestoreError(null);
  };
  const restorable = selected.source !== 'current';

  const restore = async (): Promise<void> => {
    if (!restorable || restoring) return;
    const from: RestoreVersionInput['from'] | null = selected.snapshotId
      ? { kind: 'snapshot', snapshotId: selected.snapshotId }
      : selected.revision
        ? { kind: 'revision', revisionId: selected.revision.revisionId }
        : null;
    if (!from) return;
    setRestoring(true);
    setRestoreError(null);
    try {
      await beforeRestore();
      // E1: the version on screen is the base; the host keeps it as a snapshot before writing.
      await api.snapshots.restore.mutate({ id: note.id, base: currentVersion(), from });
      toasts.show({ message: `Restored the version from ${selected.when}.` });
      onClose();
    } catch (error) {
      setRestoreError(`Couldn’t restore this version. ${describeFailure(error)}`);
      setRestoring(false);
    }
  };
  const askRestore = (): void => {
    if (!restorable || restoring) return;
    onConfirm({
      title: 'Restore this version?',
      message: `The note’s text becomes the version from ${selected.when}. The current text is kept in the history, so you can come back to it.`,
      confirmLabel: 'Restore',
      onConfirm: () => void restore(),
    });
  };

  const copy = async (): Promise<void> => {
    const body = bodyOf(selected);
    if (typeof body !== 'string') return;
    try {
      await navigator.clipboard.writeText(body);
      toasts.show({ message: 'Copied the text of this version.' });
    } catch {
      toasts.show({ message: 'Couldn’t copy: the clipboard is not available here.', tone: 'error' });
    }
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      askRestore();
      return;
    }
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(entries.length - 1, selectedIndex + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, selectedIndex - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const target = entries[next];
    if (!target) return;
    select(target.key);
    listRef.current
      ?.querySelector(`[data-key="${CSS.escape(target.key)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  };

  const loaded = snapshots.status !== 'loading' && (signedOut || history.status !== 'loading');
  if (loaded && entries.length === 1) {
    return (
      <EmptyState icon="history" title="No earlier versions yet">
        <p>
          While you edit, Quire keeps a version of this note on this device every few minutes, and before
          merges, renames and restores.
          {signedOut && ' With sync, your server keeps every version too.'}
        </p>
        {signedOut && (
          <Button variant="primary" onClick={onSignIn}>
            Sign in…
          </Button>
        )}
      </EmptyState>
    );
  }

  return (
    <div className="history-body">
      <div className="history-list-column">
        <VersionList
          ref={listRef}
          entries={entries}
          selectedKey={selected.key}
          optionId={(key) => `${listId}-${key}`}
          onKeyDown={onListKeyDown}
          onSelect={select}
        />
        {(snapshots.status === 'loading' || history.status === 'loading') && !signedOut && (
          <p className="history-list-status" role="status">
            Loading earlier versions…
          </p>
        )}
        {snapshots.status === 'error' && (
          <div className="inline-error in-dialog" role="alert">
            {snapshots.message}
          </div>
        )}
        {!signedOut && history.status === 'error' && (
          <div className="inline-error in-dialog" role="alert">
            {history.message} <LinkButton onClick={history.reload}>Try again</LinkButton>
          </div>
        )}
        {signedOut && (
          <p className="history-list-status">
            Only versions kept on this device. <LinkButton onClick={onSignIn}>Sign in</LinkButton> to see the
            ones your sync server keeps.
          </p>
        )}
      </div>
      <VersionDiff
        selected={selected}
        previous={previous}
        compare={compare}
        onCompare={setCompare}
        layout={layout}
        onLayout={setLayout}
        bodyOf={bodyOf}
        currentBody={note.body}
        footer={
          <footer className="history-footer">
            {restoreError ? (
              <p className="history-footer-error" role="alert">
                {restoreError}
              </p>
            ) : (
              <p className="history-footer-hint">
                {restorable
                  ? 'Restoring keeps the current text as a version too, so you can come back to it.'
                  : 'Pick an earlier version to compare and restore it.'}
              </p>
            )}
            <Button disabled={typeof bodyOf(selected) !== 'string'} onClick={() => void copy()}>
              Copy text
            </Button>
            <Button
              variant="primary"
              icon="restore"
              disabled={!restorable}
              busy={restoring}
              onClick={askRestore}
            >
              {restoring ? 'Restoring…' : 'Restore this version'}
            </Button>
          </footer>
        }
      />
    </div>
  );
}
