import { Subject, type Observable } from 'rxjs';
import { z } from 'zod';
import type { SettingsStore } from '../settings/settings-store';
import { isWellFormedText } from '../../src-shared/schema/note';
import {
  syncRejectionReasonSchema,
  SYNC_LIMITS,
  type ReplicatedNote,
  type SyncRejectionReason,
} from '../../src-shared/sync/protocol';

/**
 * Notes this device does not send to the sync server for now (docs/sync-protocol.md R10, R16):
 * versions the server rejected by id (`rejected` in a push answer), and versions the device
 * itself knows the server cannot accept (malformed text in a note stored before R16).
 *
 * RxDB's push handler answers such a row with no conflict, so RxDB counts it as pushed and does
 * not retry it: no loop. RxDB pushes every later local write of the note anyway, and the note
 * leaves this list as soon as a version of it is accepted (or a pull or conflict brings the
 * server's). One catch: RxDB then remembers the rejected version as the server's ("assumed
 * master"), which the server never had and may refuse again; `assumedMasterFor` swaps it for
 * what the server was last known to hold.
 *
 * Entries (id, reason, version) are kept in the settings file so the note still says it is not
 * synced after a restart; the server's last state is kept in memory only (it is a whole note),
 * and without it the row assumes "no master", which the server answers with a conflict to merge
 * if it has one (R7).
 */

export interface SetAsideNote {
  id: string;
  reason: SyncRejectionReason;
  /** The set-aside version's `updatedAt`: RxDB's assumed master is exactly that version. */
  updatedAt: number;
  /** When it was set aside (the status lists the newest first). */
  at: number;
}

/** What the status shows: the newest entries, and how many there are in all. */
export const SET_ASIDE_LISTED_MAX = 100;

export interface SetAsideSnapshot {
  notes: Array<{ id: string; reason: SyncRejectionReason }>;
  count: number;
}

export interface SetAsideStore {
  /** Which replication (server and vault, C4) the entries belong to. */
  readonly scope: string;
  /**
   * Sets these versions aside. `serverState` is what the server was last known to hold for the
   * note (null: nothing), as the row that carried the version assumed it.
   */
  add(
    entries: ReadonlyArray<{
      note: ReplicatedNote;
      reason: SyncRejectionReason;
      serverState: ReplicatedNote | null;
    }>,
  ): void;
  /** The notes are synced, or the server's version replaced them here: no longer set aside. */
  release(ids: Iterable<string>): void;
  has(id: string): boolean;
  /**
   * What a push row should assume the server holds, given RxDB's assumed master: the server's
   * last known state if RxDB assumes a set-aside version, null if RxDB assumes a version the
   * server cannot hold at all, the assumed master itself otherwise.
   */
  assumedMasterFor(assumed: ReplicatedNote | null): ReplicatedNote | null;
  snapshot(): SetAsideSnapshot;
  /** Emits after every change of the entries. */
  readonly changes$: Observable<void>;
  /** Forgets everything (sign-out). */
  clear(): void;
}

const SETTINGS_KEY = 'syncSetAside';

const storedSchema = z.object({
  scope: z.string(),
  notes: z.array(
    z.object({
      id: z.string().min(1).max(256),
      reason: syncRejectionReasonSchema,
      updatedAt: z.number(),
      at: z.number(),
    }),
  ),
});

/**
 * Why the server cannot accept this document as it is, before it is sent: it breaks the note
 * schema (R10, R16: malformed text, NUL, limits) or the document size limit. Null when it can.
 */
export function unsendableReason(document: ReplicatedNote): SyncRejectionReason | null {
  // The text checks of R16, not the whole schema: the local collection's schema already holds the
  // rest, a full parse of every pushed note costs ~10% of a bulk push, and anything else the
  // server refuses comes back in `rejected` and is set aside all the same.
  const text = [document.title, document.body, document.folder, ...document.tags];
  if (text.some((value) => value.includes('\u0000') || !isWellFormedText(value))) return 'INVALID_DOCUMENT';
  // 6 bytes per UTF-16 unit bound the JSON; only a huge note needs the exact size.
  if (
    document.body.length * 6 > SYNC_LIMITS.documentBytesMax / 2 &&
    Buffer.byteLength(JSON.stringify(document), 'utf8') > SYNC_LIMITS.documentBytesMax
  ) {
    return 'DOCUMENT_TOO_LARGE';
  }
  return null;
}

export function createSetAsideStore(options: {
  scope: string;
  settings: SettingsStore;
  clock: { now(): number };
}): SetAsideStore {
  const { scope, settings, clock } = options;
  const entries = new Map<string, SetAsideNote>();
  /** id → the server's last known state (null: none); absent when unknown (after a restart). */
  const serverStates = new Map<string, ReplicatedNote | null>();
  const changes = new Subject<void>();
  let cached: SetAsideSnapshot | null = null;

  const stored = storedSchema.safeParse(settings.get(SETTINGS_KEY));
  if (stored.success && stored.data.scope === scope) {
    for (const note of stored.data.notes) entries.set(note.id, note);
  }

  const persist = (): void => {
    cached = null;
    if (entries.size === 0) settings.delete(SETTINGS_KEY);
    else settings.set(SETTINGS_KEY, { scope, notes: [...entries.values()] });
    changes.next();
  };

  return {
    scope,
    add(added) {
      if (added.length === 0) return;
      const at = clock.now();
      for (const { note, reason, serverState } of added) {
        // Re-inserted so the newest entries come last.
        entries.delete(note.id);
        entries.set(note.id, { id: note.id, reason, updatedAt: note.updatedAt, at });
        serverStates.set(note.id, serverState);
      }
      persist();
    },
    release(ids) {
      let changed = false;
      for (const id of ids) {
        serverStates.delete(id);
        if (entries.delete(id)) changed = true;
      }
      if (changed) persist();
    },
    has: (id) => entries.has(id),
    assumedMasterFor(assumed) {
      if (!assumed) return null;
      const entry = entries.get(assumed.id);
      if (entry && entry.updatedAt === assumed.updatedAt) return serverStates.get(assumed.id) ?? null;
      // A version the server cannot hold is not what it holds (set aside before a lost entry).
      return unsendableReason(assumed) ? null : assumed;
    },
    snapshot() {
      if (cached) return cached;
      const newestFirst = [...entries.values()].reverse().slice(0, SET_ASIDE_LISTED_MAX);
      cached = { notes: newestFirst.map(({ id, reason }) => ({ id, reason })), count: entries.size };
      return cached;
    },
    changes$: changes.asObservable(),
    clear() {
      const had = entries.size > 0;
      entries.clear();
      serverStates.clear();
      cached = null;
      settings.delete(SETTINGS_KEY);
      if (had) changes.next();
    },
  };
}
