import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';
import { SYNC_LIMITS, type Revision } from '../../src-shared/sync/protocol';
import { QuireError } from '../errors';
import type { NotesService } from '../notes/notes-service';
import type { SyncAccountRecord } from './account-store';
import type { AccountServer } from './server-connection';

/** How many versions the history lists. */
const HISTORY_LIMIT = 50;

/**
 * Version history (R11): the server keeps every replaced version of a note; restoring one is an
 * ordinary new write through the notes service, so it syncs (and can be undone) like any edit.
 */
export interface VersionHistory {
  history(noteId: string): Promise<{ revisions: Revision[] }>;
  /** `base`: the version the user was looking at (E1); null when the note is gone here. */
  restoreRevision(noteId: string, revisionId: string, base: NoteVersion | null): Promise<NoteWriteResult>;
}

export interface VersionHistoryDeps {
  notes: Pick<NotesService, 'restoreVersion'>;
  /** Runs a call with the signed-in account's server; refusals come back as `QuireError`s. */
  withServer<T>(call: (server: AccountServer, account: SyncAccountRecord) => Promise<T>): Promise<T>;
}

export function createVersionHistory(deps: VersionHistoryDeps): VersionHistory {
  const revisions = (noteId: string, limit: number): Promise<Revision[]> =>
    deps.withServer((server, account) =>
      server.revisions({ vaultId: account.vaultId, documentId: noteId, limit }),
    );
  return {
    history: async (noteId) => ({ revisions: await revisions(noteId, HISTORY_LIMIT) }),

    async restoreRevision(noteId, revisionId, base) {
      const found = await revisions(noteId, SYNC_LIMITS.revisionsPageMax);
      const revision = found.find((candidate) => candidate.revisionId === revisionId);
      if (!revision) throw new QuireError('REVISION_NOT_FOUND');
      const { title, body, folder, createdAt } = revision.document;
      return deps.notes.restoreVersion({ id: noteId, title, body, folder, createdAt, base });
    },
  };
}
