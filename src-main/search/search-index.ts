import fs from 'node:fs';
import { preparePrivateSqliteFile, tightenSqliteFiles } from '../vault/private-files';
import Database from 'better-sqlite3';
import { toNoteSummary, type NoteSummary } from '../../src-shared/schema/note';
import type { SearchHit } from '../../src-shared/api/notes-api';
import { stripFrontmatter } from '../../src-shared/markdown/frontmatter';
import { titleKey } from '../../src-shared/note-title';
import { keys, toFtsExpression } from '../../src-shared/search/fts-expression';
import { parseSearchQuery, positiveTextTerms, type SearchNode } from '../../src-shared/search/search-query';
import {
  ALL_NOTES_TOKEN,
  keyToken,
  TRASHED_NOTES_TOKEN,
  pathKeys,
  tokenize,
  toIndexText,
} from '../../src-shared/search/search-tokens';
import { buildSnippet, titleMarks } from './snippet';

/** The fields the index needs of a note; summaries come back from the index itself. */
export interface IndexableNote extends NoteSummary {
  body: string;
}

export interface SearchOptions {
  limit: number;
  includeTrashed: boolean;
  /** Only notes with this tag or one nested under it (the list's tag filter); '' = any. */
  tag?: string;
  /** Only notes in this folder ('' = the vault's root), and its subfolders if asked. */
  folder?: { path: string; subfolders: boolean } | undefined;
}

export interface SearchResult {
  /** The best `limit` matches: title matches first, then by bm25 (title, tags, text weighted). */
  hits: SearchHit[];
  /** How many notes match in all, not only the ones returned. */
  total: number;
}

export interface SearchIndex {
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
  /** How many notes (trashed ones too) the index holds: an indexing progress figure. */
  size(): number;
  /** The search box's query (see `src-shared/search/search-query.ts` for its syntax). */
  search(query: string, options: SearchOptions): SearchResult;
  /**
   * Ids of live notes whose text (not title) contains `text` as a phrase of whole words,
   * ignoring case and diacritics, at most `limit`, the latest changed first: unlinked mentions.
   */
  matchPhrase(text: string, limit: number): string[];
  /** Live notes whose title equals one of `titles`, ignoring case; the newest wins a tie. */
  findByTitles(titles: readonly string[]): Map<string, NoteSummary>;
  close(): void;
}

/** bm25 weights of title, content, tags, keys: a title word counts ten times a text word. */
const RANK = 'bm25(notes_fts, 10.0, 1.0, 5.0, 0.0)';
/** Above this many matches a page is the newest ones rather than bm25's best (see `page`). */
const RANKED_MAX = 2_000;

/**
 * Full-text search on SQLite FTS5, kept beside the RxDB file. It is a derived store: it can be
 * deleted at any time and is rebuilt from the notes collection on the next start.
 */
export function createSqliteSearchIndex(options: { file: string }): SearchIndex {
  const db = openIndexDatabase(options.file);

  const selectRowid = db.prepare<[string], { rowid: number }>('SELECT rowid FROM notes WHERE id = ?');
  const insertNote = db.prepare(
    'INSERT INTO notes (id, title_key, summary, trashed, updated_at, title, text) VALUES (@id, @titleKey, @summary, @trashed, @updatedAt, @title, @text)',
  );
  const deleteNote = db.prepare('DELETE FROM notes WHERE rowid = ?');
  const insertFts = db.prepare(
    'INSERT INTO notes_fts (rowid, title, content, tags, keys) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteFts = db.prepare('DELETE FROM notes_fts WHERE rowid = ?');
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const countNotes = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM notes');
  const countMatches = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM notes_fts WHERE notes_fts MATCH ?',
  );
  // Only rowids are ranked; the rows are read for the page alone (sorting whole rows is slow).
  // FTS5 walks rowids backwards and stops at the limit, scoring only the rows it returns.
  const scored = db.prepare<[string, number], { rowid: number; score: number }>(
    `SELECT rowid, ${RANK} AS score FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
  );
  const byRecency = db.prepare<[string, number], { rowid: number }>(
    'SELECT rowid FROM notes_fts WHERE notes_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
  const selectRow = db.prepare<[number], { summary: string; title: string; text: string }>(
    'SELECT summary, title, text FROM notes WHERE rowid = ?',
  );
  const phraseStatement = db.prepare<[string, number], { id: string }>(
    `SELECT n.id FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid
     WHERE notes_fts MATCH ? ORDER BY notes_fts.rowid DESC LIMIT ?`,
  );
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
      // Frontmatter is indexed through the tags; its YAML noise would only pollute matches.
      const text = stripFrontmatter(note.body);
      const trashed = note.trashedAt > 0;
      const params = {
        id: note.id,
        titleKey: titleKey(note.title),
        summary: JSON.stringify(toNoteSummary(note)),
        trashed: trashed ? 1 : 0,
        updatedAt: note.updatedAt,
        title: note.title,
        text,
      };
      // A changed note moves to a new, higher rowid: rowid order is then the order of change,
      // which ranks the matches of an unselective query newest first without a sort.
      removeOne(note.id);
      const rowid = Number(insertNote.run(params).lastInsertRowid);
      insertFts.run(
        rowid,
        toIndexText(note.title),
        toIndexText(text),
        toIndexText(note.tags.join(' ')),
        noteKeys(note, trashed),
      );
    }
    setMeta.run('checkpoint', JSON.stringify(batch.checkpoint ?? null));
  });

  /**
   * The best `limit` matches of `match`, and how many there are when at most RANKED_MAX. bm25
   * needs every match scored, which for a word in every note costs far more than the 20 ms a
   * keystroke may take and says little there; past RANKED_MAX the newest come first instead
   * (rowids follow the change feed), which FTS5 answers without scoring anything.
   */
  const page = (match: string, limit: number, known?: number): { rowids: number[]; count: number | null } => {
    if (known !== undefined && known > RANKED_MAX) {
      return { rowids: byRecency.all(match, limit).map((row) => row.rowid), count: known };
    }
    const rows = scored.all(match, RANKED_MAX + 1);
    if (rows.length > RANKED_MAX)
      return { rowids: rows.slice(0, limit).map((row) => row.rowid), count: null };
    rows.sort((a, b) => a.score - b.score || b.rowid - a.rowid);
    return { rowids: rows.slice(0, limit).map((row) => row.rowid), count: rows.length };
  };

  const search = (
    query: string,
    { limit, includeTrashed, tag = '', folder }: SearchOptions,
  ): SearchResult => {
    const parsed = parseSearchQuery(query);
    if (!parsed) return { hits: [], total: 0 };
    const tree: SearchNode =
      tag === '' ? parsed : { kind: 'and', items: [parsed, { kind: 'tag', value: tag }] };
    const expr = toFtsExpression(tree);
    if (expr === null) return { hits: [], total: 0 };
    const filtered = folder ? `(${expr}) AND ${keys(folderToken(folder.path, folder.subfolders))}` : expr;
    const match = includeTrashed ? filtered : `(${filtered}) NOT ${keys(TRASHED_NOTES_TOKEN)}`;
    const total = countMatches.get(match)?.n ?? 0;
    if (total === 0) return { hits: [], total };
    // Title matches first: the page is filled from them, then from the rest.
    const titleExpr = toFtsExpression(parsed, 'title');
    let rowids: number[];
    if (titleExpr === null) {
      rowids = page(match, limit, total).rowids;
    } else {
      // Words that all match in the title match the note: the cheap title query alone will do.
      const titleOnly = tag === '' && !folder && onlyWords(parsed);
      const inTitle = titleOnly
        ? includeTrashed
          ? titleExpr
          : `(${titleExpr}) NOT ${keys(TRASHED_NOTES_TOKEN)}`
        : `(${match}) AND (${titleExpr})`;
      // Unknown, the count would cost scoring RANKED_MAX + 1 rows (~6 ms at 50,000 notes) just to
      // learn there are too many to rank. One word (or prefix) in titles is counted in ~1.5 ms;
      // phrases and several words cost more to evaluate than to score, so they are not counted.
      const counted = titleOnly && oneToken(parsed) ? (countMatches.get(inTitle)?.n ?? 0) : undefined;
      const first = page(inTitle, limit, counted);
      rowids = first.rowids;
      if (rowids.length < limit && first.count !== null && first.count < total) {
        const rest = page(`(${match}) NOT (${titleExpr})`, limit - rowids.length, total - first.count);
        rowids = rowids.concat(rest.rowids);
      }
    }
    const rows = rowids.flatMap((rowid) => selectRow.get(rowid) ?? []);
    const terms = positiveTextTerms(parsed);
    const anyTerms = terms.filter((t) => t.field === 'any');
    const hits = rows.map((row): SearchHit => {
      const { snippet, marks } = buildSnippet(row.text, anyTerms);
      return {
        ...(JSON.parse(row.summary) as NoteSummary),
        snippet,
        snippetMarks: marks,
        titleMarks: titleMarks(row.title, terms),
      };
    });
    return { hits, total };
  };

  return {
    applyBatch: (batch) => applyBatch(batch),
    checkpoint() {
      const row = getMeta.get('checkpoint');
      return row ? (JSON.parse(row.value) as unknown) : null;
    },
    size: () => countNotes.get()?.n ?? 0,
    search,
    matchPhrase(text, limit) {
      const tokens = tokenize(text, 64).map((t) => t.key);
      if (tokens.length === 0 || limit < 1) return [];
      const match = `content : "${tokens.join(' ')}" NOT ${keys(TRASHED_NOTES_TOKEN)}`;
      return phraseStatement.all(match, limit).map((row) => row.id);
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

/** A query of words and phrases only (no OR, exclusion or filter). */
function onlyWords(node: SearchNode): boolean {
  if (node.kind === 'and') return node.items.every(onlyWords);
  return node.kind === 'text';
}

/** A query of one text term of one token (the last may be a prefix). */
function oneToken(node: SearchNode): boolean {
  return node.kind === 'text' && node.tokens.length === 1;
}

/** The `keys` column: every note, trashed notes, each tag and folder path with its ancestors. */
function noteKeys(note: IndexableNote, trashed: boolean): string {
  const keys = new Set<string>([ALL_NOTES_TOKEN]);
  if (trashed) keys.add(TRASHED_NOTES_TOKEN);
  for (const tag of note.tags) for (const key of cachedKeys('t', tag)) keys.add(key);
  for (const key of cachedKeys('f', note.folder)) keys.add(key);
  return [...keys].join(' ');
}

/**
 * The key tokens of one tag (`t`) or folder (`f`, with its own `e` key), remembered: a vault
 * has far fewer tags and folders than notes, and folding and hashing them for every note was a
 * tenth of a rebuild's time. Bounded, so a vault of unique tags cannot grow it without end.
 */
const keyCache = new Map<string, readonly string[]>();
const KEY_CACHE_MAX = 10_000;
function cachedKeys(kind: 't' | 'f', path: string): readonly string[] {
  const cacheKey = kind + path;
  let found = keyCache.get(cacheKey);
  if (found === undefined) {
    const tokens = pathKeys(path).map((key) => keyToken(kind, key));
    if (kind === 'f') tokens.push(folderToken(path, false));
    found = tokens;
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(cacheKey, found);
  }
  return found;
}

/** The key of a folder and the ones under it (`f`), or of that folder alone (`e`, root too). */
function folderToken(path: string, subfolders: boolean): string {
  const key = pathKeys(path).at(-1) ?? '';
  return subfolders && key !== '' ? keyToken('f', key) : keyToken('e', key);
}

// 3: notes schema v3 recomputed every note's tags (inline #tags) without new change timestamps,
// so the tags column is rebuilt once from the migrated notes.
// 5: query syntax: CJK and emoji tokens, tag/folder/trash keys, contentless FTS with the text
// kept in `notes` for snippets.
const INDEX_LAYOUT_VERSION = 5;

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
  preparePrivateSqliteFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    tightenSqliteFiles(file);
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
        updated_at INTEGER NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS notes_title ON notes (title_key, trashed, updated_at);
      CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(
        title, content, tags, keys,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
    `);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
