import fs from 'node:fs';
import { preparePrivateSqliteFile, tightenSqliteFiles } from '../vault/private-files';
import Database from 'better-sqlite3';
import type { LinkKind } from '../../src-shared/api/link-index-api';

/** One outgoing link as the index keeps it in memory: everything but the text around it. */
export interface IndexedLink {
  target: string;
  kind: LinkKind;
  heading: string | null;
  blockId: string | null;
  display: string | null;
  /** 0-based line of the body. */
  line: number;
}

/** The text shown around a link: its line, cut to the limit, and the link's place in it. */
export interface LinkSnippet {
  text: string;
  from: number;
  to: number;
}

/** What the index knows of one live note: its names and its links, never its whole body. */
export interface IndexedNote {
  id: string;
  title: string;
  folder: string;
  aliases: string[];
  tags: string[];
  blockIds: string[];
  links: IndexedLink[];
}

export interface LinkStore {
  /** Every stored note, for building the in-memory index on start (snippets stay on disk). */
  loadAll(): IndexedNote[];
  /** The snippets of a note's links, in the order of its links; [] for a note not stored. */
  snippets(id: string): LinkSnippet[];
  /** The same for several notes in one read (a page of backlinks). */
  snippetsOf(ids: readonly string[]): Map<string, LinkSnippet[]>;
  /**
   * Writes one batch of the change feed with how far it reaches, in one transaction: a crash
   * leaves the whole batch or none of it, never a moved checkpoint.
   */
  write(batch: {
    upserts: readonly { note: IndexedNote; snippets: readonly LinkSnippet[] }[];
    removals: readonly string[];
    checkpoint: unknown;
  }): void;
  checkpoint(): unknown;
  close(): void;
}

// 1: notes (names + links as JSON, snippets apart so start-up reads only what stays in memory).
export const LINK_STORE_LAYOUT_VERSION = 1;

/**
 * The link index on disk (`links.sqlite` beside `search.sqlite`). Derived: it can be deleted at
 * any time and is rebuilt from the notes collection; a layout change drops it.
 */
export function createLinkStore(options: { file: string; layoutVersion?: number }): LinkStore {
  const version = options.layoutVersion ?? LINK_STORE_LAYOUT_VERSION;
  const db = openStoreDatabase(options.file, version);
  const selectAll = db.prepare<[], { record: string }>('SELECT record FROM notes');
  const selectSnippets = db.prepare<[string], { snippets: string }>(
    'SELECT snippets FROM notes WHERE id = ?',
  );
  const selectManySnippets = db.prepare<[string], { id: string; snippets: string }>(
    'SELECT id, snippets FROM notes WHERE id IN (SELECT value FROM json_each(?))',
  );
  const upsert = db.prepare(
    'INSERT INTO notes (id, record, snippets) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record, snippets = excluded.snippets',
  );
  const remove = db.prepare('DELETE FROM notes WHERE id = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');

  const write = db.transaction((batch: Parameters<LinkStore['write']>[0]) => {
    for (const id of batch.removals) remove.run(id);
    for (const { note, snippets } of batch.upserts) {
      upsert.run(note.id, JSON.stringify(note), JSON.stringify(snippets));
    }
    setMeta.run('checkpoint', JSON.stringify(batch.checkpoint ?? null));
  });

  return {
    loadAll: () => selectAll.all().map((row) => JSON.parse(row.record) as IndexedNote),
    snippets(id) {
      const row = selectSnippets.get(id);
      return row ? (JSON.parse(row.snippets) as LinkSnippet[]) : [];
    },
    snippetsOf(ids) {
      const found = new Map<string, LinkSnippet[]>();
      if (ids.length === 0) return found;
      for (const row of selectManySnippets.all(JSON.stringify(ids))) {
        found.set(row.id, JSON.parse(row.snippets) as LinkSnippet[]);
      }
      return found;
    },
    write: (batch) => write(batch),
    checkpoint() {
      const row = getMeta.get('checkpoint');
      return row ? (JSON.parse(row.value) as unknown) : null;
    },
    close: () => db.close(),
  };
}

/** A file SQLite cannot read is deleted and started afresh: a derived store never keeps the vault shut. */
function openStoreDatabase(file: string, version: number): Database.Database {
  try {
    return prepareStoreDatabase(file, version);
  } catch (error) {
    const unreadable = error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code);
    if (file === ':memory:' || !unreadable) throw error;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    return prepareStoreDatabase(file, version);
  }
}

function prepareStoreDatabase(file: string, version: number): Database.Database {
  preparePrivateSqliteFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    tightenSqliteFiles(file);
    db.pragma('synchronous = NORMAL');
    if (db.pragma('user_version', { simple: true }) !== version) {
      db.exec('DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS notes;');
      db.pragma(`user_version = ${version}`);
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, record TEXT NOT NULL, snippets TEXT NOT NULL);
    `);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
