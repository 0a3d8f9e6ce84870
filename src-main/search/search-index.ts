import Database from 'better-sqlite3';
import { toNoteSummary, type NoteSummary } from '../../src-shared/schema/note';
import type { SearchHit } from '../../src-shared/api/notes-api';
import { stripFrontmatter } from '../../src-shared/markdown/frontmatter';

/** The fields the index needs of a note; summaries come back from the index itself. */
export interface IndexableNote extends NoteSummary {
  body: string;
}

export interface SearchIndex {
  /** Inserts or replaces notes and records how far the index has caught up, in one transaction. */
  upsert(notes: readonly IndexableNote[], checkpoint: unknown): void;
  remove(ids: readonly string[], checkpoint: unknown): void;
  /** The last checkpoint stored with a write, so a restart resumes instead of rebuilding. */
  checkpoint(): unknown;
  search(query: string, options: { limit: number; includeTrashed: boolean }): SearchHit[];
  close(): void;
}

/**
 * Full-text search on SQLite FTS5, kept beside the RxDB file. It is a derived store: it can be
 * deleted at any time and is rebuilt from the notes collection on the next start.
 */
export function createSqliteSearchIndex(options: { file: string }): SearchIndex {
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS notes (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      summary TEXT NOT NULL,
      trashed INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(
      title, content, tags,
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `);

  const selectRowid = db.prepare<[string], { rowid: number }>('SELECT rowid FROM notes WHERE id = ?');
  const insertNote = db.prepare(
    'INSERT INTO notes (id, summary, trashed, updated_at) VALUES (@id, @summary, @trashed, @updatedAt)',
  );
  const updateNote = db.prepare(
    'UPDATE notes SET summary = @summary, trashed = @trashed, updated_at = @updatedAt WHERE rowid = @rowid',
  );
  const deleteNote = db.prepare('DELETE FROM notes WHERE rowid = ?');
  const insertFts = db.prepare('INSERT INTO notes_fts (rowid, title, content, tags) VALUES (?, ?, ?, ?)');
  const deleteFts = db.prepare('DELETE FROM notes_fts WHERE rowid = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const searchStatement = db.prepare<[string, number, number], { summary: string; snippet: string }>(`
    SELECT n.summary AS summary,
           snippet(notes_fts, 1, '', '', '…', 16) AS snippet
    FROM notes_fts
    JOIN notes n ON n.rowid = notes_fts.rowid
    WHERE notes_fts MATCH ? AND (n.trashed = 0 OR ?)
    ORDER BY bm25(notes_fts, 10.0, 1.0, 5.0), n.updated_at DESC
    LIMIT ?
  `);

  const removeOne = (id: string): void => {
    const row = selectRowid.get(id);
    if (!row) return;
    deleteFts.run(row.rowid);
    deleteNote.run(row.rowid);
  };

  const upsertMany = db.transaction((notes: readonly IndexableNote[], checkpoint: unknown) => {
    for (const note of notes) {
      const params = {
        id: note.id,
        summary: JSON.stringify(toNoteSummary(note)),
        trashed: note.trashedAt > 0 ? 1 : 0,
        updatedAt: note.updatedAt,
      };
      const existing = selectRowid.get(note.id);
      let rowid: number;
      if (existing) {
        rowid = existing.rowid;
        updateNote.run({ ...params, rowid });
        deleteFts.run(rowid);
      } else {
        rowid = Number(insertNote.run(params).lastInsertRowid);
      }
      // Frontmatter is indexed through the tags column; its YAML noise would only pollute matches.
      insertFts.run(rowid, note.title, stripFrontmatter(note.body), note.tags.join(' '));
    }
    setMeta.run('checkpoint', JSON.stringify(checkpoint ?? null));
  });

  const removeMany = db.transaction((ids: readonly string[], checkpoint: unknown) => {
    for (const id of ids) removeOne(id);
    setMeta.run('checkpoint', JSON.stringify(checkpoint ?? null));
  });

  return {
    upsert: (notes, checkpoint) => upsertMany(notes, checkpoint),
    remove: (ids, checkpoint) => removeMany(ids, checkpoint),
    checkpoint() {
      const row = getMeta.get('checkpoint');
      return row ? (JSON.parse(row.value) as unknown) : null;
    },
    search(query, { limit, includeTrashed }) {
      const match = toFtsQuery(query);
      if (match === null) return [];
      return searchStatement.all(match, includeTrashed ? 1 : 0, limit).map((row) => ({
        ...(JSON.parse(row.summary) as NoteSummary),
        snippet: row.snippet.replace(/\s+/g, ' ').trim(),
      }));
    },
    close: () => db.close(),
  };
}

/**
 * Users type words, not FTS5 syntax: every word becomes a quoted prefix term, all must match.
 * Quoting neutralises FTS operators (AND, NEAR, column filters, stray quotes).
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((word) => word.replace(/"/g, '').trim())
    .filter((word) => word.length > 0)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}
