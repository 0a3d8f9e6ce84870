import type { Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { Clock, Scheduler } from '../clock';
import type { QuireDatabase } from '../db/database';
import type { NotesService } from '../notes/notes-service';
import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection, type SettingsSection } from '../settings/settings-section';
import { NoteNotFoundError, QuireError } from '../errors';
import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';
import {
  DEFAULT_SNAPSHOT_SETTINGS,
  snapshotSettingsSchema,
  type RestoreSource,
  type Snapshot,
  type SnapshotSettings,
  type SnapshotSummary,
} from '../../src-shared/api/snapshots-api';
import { createSnapshotRecorder, type SnapshotRecorder } from './snapshot-recorder';
import { followReplacedTexts } from './snapshot-follower';
import type { SnapshotStore } from './snapshot-store';

export interface SnapshotsService {
  /** For other services (the rename refactor): a snapshot before they change a note. */
  recorder: SnapshotRecorder;
  list(noteId: string): SnapshotSummary[];
  get(noteId: string, snapshotId: number): Snapshot;
  /** Keeps the current text as a 'restore' snapshot, then writes the version back over `base` (E1). */
  restore(input: { id: string; base: NoteVersion | null; from: RestoreSource }): Promise<NoteWriteResult>;
  settings(): SnapshotSettings;
  setSettings(patch: { [K in keyof SnapshotSettings]?: SnapshotSettings[K] | undefined }): SnapshotSettings;
  close(): void;
}

export interface SnapshotsServiceDeps {
  db: QuireDatabase;
  notes: Pick<NotesService, 'get' | 'restoreVersion' | 'merges' | 'changes$'>;
  store: SnapshotStore;
  settings: SettingsStore;
  clock: Clock;
  scheduler: Scheduler;
  logger: Pick<Logger, 'warn'>;
  /** A revision the sync server kept, written back as an edit (R11); `sync.restoreRevision`. */
  restoreRevision(noteId: string, revisionId: string, base: NoteVersion | null): Promise<NoteWriteResult>;
}

/** How many snapshots `list` answers with at most (the cap per note bounds it too). */
const LIST_LIMIT = 1_000;

export function createSnapshotSettings(settings: SettingsStore): SettingsSection<SnapshotSettings> {
  return createSettingsSection({
    settings,
    key: 'snapshots',
    schema: snapshotSettingsSchema,
    defaults: DEFAULT_SNAPSHOT_SETTINGS,
  });
}

/**
 * Local version history: snapshots of each note on this device, taken while it is edited
 * (throttled), before a sync merge, a rename refactor or a restore, kept for a set time.
 */
export function createSnapshotsService(deps: SnapshotsServiceDeps): SnapshotsService {
  const { db, notes, store, clock, scheduler, logger } = deps;
  const section = createSnapshotSettings(deps.settings);
  const recorder = createSnapshotRecorder({
    store,
    clock,
    scheduler,
    settings: () => section.get(),
    onError: (error) => logger.warn({ err: error }, 'keeping a snapshot of a note failed'),
  });
  const subscriptions: Subscription[] = [
    followReplacedTexts(db.notes, (previous) => recorder.replaced(previous)),
    // A merge of two windows' edits (E7): what this window had typed was never stored as such.
    // The merge log gets it once the write returns, after this event: it is read when written.
    notes.changes$.subscribe((event) => {
      for (const merge of event.merges ?? []) {
        if (merge.from !== 'another-window') continue;
        const since = clock.now();
        recorder.captureLater(() => {
          const record = notes.merges(merge.id).findLast((r) => r.at >= since);
          if (!record) return null;
          const { title, body } = record.before;
          return { id: merge.id, title, body, folder: '', updatedAt: record.at };
        }, 'merge');
      }
    }),
  ];

  const current = async (id: string): Promise<NoteVersion | null> => {
    try {
      return await notes.get(id);
    } catch (error) {
      if (error instanceof NoteNotFoundError) return null;
      throw error;
    }
  };

  const get = (noteId: string, snapshotId: number): Snapshot => {
    recorder.flush();
    const snapshot = store.get(noteId, snapshotId);
    if (!snapshot) throw new QuireError('SNAPSHOT_NOT_FOUND');
    return snapshot;
  };

  return {
    recorder,
    list(noteId) {
      recorder.flush();
      return store.list(noteId, LIST_LIMIT);
    },
    get,
    async restore({ id, base, from }) {
      const snapshot = from.kind === 'snapshot' ? get(id, from.snapshotId) : null;
      const now = await current(id);
      if (now) {
        // Written before the restore, so restoring can itself be undone by restoring this one.
        recorder.capture(now, 'restore');
        recorder.flush();
      }
      if (!snapshot) {
        if (from.kind !== 'revision') throw new QuireError('SNAPSHOT_NOT_FOUND');
        return deps.restoreRevision(id, from.revisionId, base);
      }
      return notes.restoreVersion({
        id,
        title: snapshot.title,
        body: snapshot.body,
        // A version of the text, not of where the note lives: it stays in its current folder.
        folder: base?.folder ?? now?.folder ?? snapshot.folder,
        createdAt: base?.createdAt ?? now?.createdAt ?? snapshot.updatedAt,
        base,
      });
    },
    settings: () => section.get(),
    setSettings(patch) {
      const next = section.set(patch);
      recorder.prune();
      return next;
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      recorder.close();
      store.close();
    },
  };
}
