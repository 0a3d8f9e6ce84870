import fs from 'node:fs';
import Database from 'better-sqlite3';
import { toNoteSummary, type NoteSummary } from '../../src-shared/schema/note';
import type { SearchHit } from '../../src-shared/api/notes-api';
import { stripFrontmatter } from '../../src-shared/markdown/frontmatter';
import { titleKey } from '../../src-shared/note-title';

/** The fields the index needs of a note; summaries come back from the index itself. */
export interface IndexableNote extends NoteSummary {
  body: string;
}

export interface SearchIndex {
  /** Inserts or replaces notes and records how far the index has caught up, in one transaction. */
  /**
   * Indexes one batch of the change feed and records how far the index has caught up, in one
   * transaction: a crash leaves either the whole batch or none of it, never a moved checkpoint.
   */
  applyBatch(batch: {
    upserts: readonly IndexableNote[];
    removals: readonly string[];
    checkpoint: unknown;
  }): void;
  /** The last checkpoint stored with a write, so a restart resumes instead of rebuilding. */
  checkpoint(): unknown;
  search(query: string, options: { limit: number; includeTrashed: boolean }): SearchHit[];
  /** Live notes whose title equals one of `titles`, ignoring case; the newest wins a tie. */
  findByTitles(titles: readonly string[]): Map<string, NoteSummary>;
  close(): void;
}

/**
 * Full-text search on SQLite FTS5, kept beside the RxDB file. It is a derived store: it can be
 * deleted at any time and is rebuilt from the notes collection on the next start.
 */
export function createSqliteSearchIndex(options: { file: string }): SearchIndex {
  const db = openIndexDatabase(options.file);

  const selectRowid = db.prepare<[string], { rowid: number }>('SELECT rowid FROM notes WHERE id = ?');
  const insertNote = db.prepare(
    'INSERT INTO notes (id, title_key, summary, trashed, updated_at) VALUES (@id, @titleKey, @summary, @trashed, @updatedAt)',
  );
  const updateNote = db.prepare(
    'UPDATE notes SET title_key = @titleKey, summary = @summary, trashed = @trashed, updated_at = @updatedAt WHERE rowid = @rowid',
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

  const byTitle = db.prepare<[string], { summary: string }>(
    'SELECT summary FROM notes WHERE title_key = ? AND trashed = 0 ORDER BY updated_at DESC LIMIT 1',
  );

  const removeOne = (id: string): void => {
    const row = selectRowid.get(id);
    if (!row) return;
    deleteFts.run(row.rowid);
    deleteNote.run(row.rowid);
  };

  const applyBatch = db.transaction((batch: Parameters<SearchIndex['applyBatch']>[0]) => {
    for (const id of batch.removals) removeOne(id);
    for (const note of batch.upserts) {
      const params = {
        id: note.id,
        titleKey: titleKey(note.title),
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
    setMeta.run('checkpoint', JSON.stringify(batch.checkpoint ?? null));
  });

  return {
    applyBatch: (batch) => applyBatch(batch),
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
    findByTitles(titles) {
      const found = new Map<string, NoteSummary>();
      for (const title of titles) {
        const row = byTitle.get(titleKey(title));
        if (row) found.set(title, JSON.parse(row.summary) as NoteSummary);
      }
      return found;
    },
    close: () => db.close(),
  };
}

// 3: notes schema v3 recomputed every note's tags (inline #tags) without new change timestamps,
// so the tags column is rebuilt once from the migrated notes.
const INDEX_LAYOUT_VERSION = 3;

/**
 * Opens the index and lays out its tables. A file SQLite cannot read (damaged, or not a
 * database) is deleted and started afresh: the index is derived, and it must never keep the
 * vault from opening.
 */
function openIndexDatabase(file: string): Database.Database {
  try {
    return prepareIndexDatabase(file);
  } catch (error) {
    const unreadable = error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code);
    if (file === ':memory:' || !unreadable) throw error;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    return prepareIndexDatabase(file);
  }
}

function prepareIndexDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A derived store: when its layout changes it is dropped and rebuilt from the notes.
    if (db.pragma('user_version', { simple: true }) !== INDEX_LAYOUT_VERSION) {
      db.exec('DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS notes_fts;');
      db.pragma(`user_version = ${INDEX_LAYOUT_VERSION}`);
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS notes (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title_key TEXT NOT NULL,
        summary TEXT NOT NULL,
        trashed INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS notes_title ON notes (title_key, trashed, updated_at);
      CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(
        title, content, tags,
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Users type words, not FTS5 syntax: every word becomes a quoted prefix term, all must match.
 * Quoting neutralises FTS operators (AND, NEAR, column filters, stray quotes); a NUL would end
 * the query string inside FTS5 and make it fail to parse.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((word) => word.replace(/["\0]/g, '').trim())
    .filter((word) => word.length > 0)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}
