import { preparePrivateSqliteFile, tightenSqliteFiles } from '../vault/private-files';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import type { Snapshot, SnapshotSummary } from '../../src-shared/api/snapshots-api';
import type { SnapshotReason } from './snapshot-recorder';

/** Bodies at least this long are stored deflated (when that is smaller). */
const COMPRESS_FROM = 2_048;

export interface SnapshotEntry {
  noteId: string;
  reason: SnapshotReason;
  takenAt: number;
  updatedAt: number;
  title: string;
  folder: string;
  body: string;
  added: number;
  removed: number;
}

export interface LastSnapshot {
  snapshotId: number;
  takenAt: number;
  hash: string;
}

export interface SnapshotStore {
  /** Adds snapshots in one transaction, each note then cut to its newest `cap`. */
  addAll(entries: readonly SnapshotEntry[], cap: number): void;
  /** The note's newest snapshot, and its newest of one reason. */
  last(noteId: string, reason?: SnapshotReason): LastSnapshot | null;
  /** Newest first. */
  list(noteId: string, limit: number): SnapshotSummary[];
  get(noteId: string, snapshotId: number): Snapshot | null;
  /** Deletes snapshots taken before `before`, then all but each note's newest `cap`; how many went. */
  prune(options: { before: number; cap: number }): number;
  close(): void;
}

export const hashText = (title: string, body: string): string =>
  createHash('sha1').update(title).update('\u0000').update(body).digest('hex');

interface Row {
  id: number;
  note_id: string;
  reason: SnapshotReason;
  taken_at: number;
  updated_at: number;
  title: string;
  size: number;
  added: number;
  removed: number;
}

const toSummary = (row: Row): SnapshotSummary => ({
  snapshotId: row.id,
  noteId: row.note_id,
  reason: row.reason,
  takenAt: row.taken_at,
  updatedAt: row.updated_at,
  title: row.title,
  size: row.size,
  added: row.added,
  removed: row.removed,
});

/**
 * Local version history in a SQLite file beside the RxDB one (`snapshots.sqlite`). Unlike the
 * search index it is not derived: the texts it keeps exist nowhere else, so it is never deleted
 * to be rebuilt, and an unreadable file is an error rather than a reset.
 */
export function createSnapshotStore(options: { file: string }): SnapshotStore {
  preparePrivateSqliteFile(options.file);
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  tightenSqliteFiles(options.file);
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshots (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      note_id TEXT NOT NULL,
      reason TEXT NOT NULL,
      taken_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      title TEXT NOT NULL,
      folder TEXT NOT NULL,
      body BLOB NOT NULL,
      compressed INTEGER NOT NULL,
      size INTEGER NOT NULL,
      hash TEXT NOT NULL,
      added INTEGER NOT NULL,
      removed INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS snapshots_by_note ON snapshots (note_id, id);
    CREATE INDEX IF NOT EXISTS snapshots_by_time ON snapshots (taken_at);
  `);
  const insert = db.prepare(`
    INSERT INTO snapshots (note_id, reason, taken_at, updated_at, title, folder, body, compressed, size, hash, added, removed)
    VALUES (@noteId, @reason, @takenAt, @updatedAt, @title, @folder, @body, @compressed, @size, @hash, @added, @removed)
  `);
  const SUMMARY = 'id, note_id, reason, taken_at, updated_at, title, size, added, removed';
  const cutNote = db.prepare<[string, string, number]>(
    'DELETE FROM snapshots WHERE note_id = ? AND id < (SELECT id FROM snapshots WHERE note_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );
  const lastAny = db.prepare<[string], LastRow>(
    'SELECT id, taken_at, hash FROM snapshots WHERE note_id = ? ORDER BY id DESC LIMIT 1',
  );
  const lastOfReason = db.prepare<[string, string], LastRow>(
    'SELECT id, taken_at, hash FROM snapshots WHERE note_id = ? AND reason = ? ORDER BY id DESC LIMIT 1',
  );
  const list = db.prepare<[string, number], Row>(
    `SELECT ${SUMMARY} FROM snapshots WHERE note_id = ? ORDER BY id DESC LIMIT ?`,
  );
  const getOne = db.prepare<[number, string], Row & { folder: string; body: Buffer; compressed: number }>(
    `SELECT ${SUMMARY}, folder, body, compressed FROM snapshots WHERE id = ? AND note_id = ?`,
  );
  const pruneOld = db.prepare<[number]>('DELETE FROM snapshots WHERE taken_at < ?');
  const pruneOverCap = db.prepare<[number]>(`
    DELETE FROM snapshots WHERE id IN (
      SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY note_id ORDER BY id DESC) AS n FROM snapshots)
      WHERE n > ?
    )
  `);

  const addAll = db.transaction((entries: readonly SnapshotEntry[], cap: number) => {
    const notes = new Set<string>();
    for (const entry of entries) {
      const text = Buffer.from(entry.body, 'utf8');
      const deflated = text.length >= COMPRESS_FROM ? zlib.deflateRawSync(text) : null;
      const compressed = deflated !== null && deflated.length < text.length;
      insert.run({
        ...entry,
        body: compressed ? deflated : text,
        compressed: compressed ? 1 : 0,
        size: text.length,
        hash: hashText(entry.title, entry.body),
      });
      notes.add(entry.noteId);
    }
    for (const noteId of notes) cutNote.run(noteId, noteId, cap - 1);
  });
  const prune = db.transaction((before: number, cap: number) => {
    return pruneOld.run(before).changes + pruneOverCap.run(cap).changes;
  });

  return {
    addAll: (entries, cap) => addAll(entries, cap),
    last(noteId, reason) {
      const row = reason === undefined ? lastAny.get(noteId) : lastOfReason.get(noteId, reason);
      return row ? { snapshotId: row.id, takenAt: row.taken_at, hash: row.hash } : null;
    },
    list: (noteId, limit) => list.all(noteId, limit).map(toSummary),
    get(noteId, snapshotId) {
      const row = getOne.get(snapshotId, noteId);
      if (!row) return null;
      const bytes = row.compressed ? zlib.inflateRawSync(row.body) : row.body;
      return { ...toSummary(row), folder: row.folder, body: bytes.toString('utf8') };
    },
    prune: ({ before, cap }) => prune(before, cap),
    close: () => db.close(),
  };
}

interface LastRow {
  id: number;
  taken_at: number;
  hash: string;
}
