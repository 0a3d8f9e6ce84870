import {
  getQueryMatcher,
  getSortComparator,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorageCountResult,
} from 'rxdb';
import type { DocumentTable } from './document-table.js';
import type { IndexColumn } from './index-columns.js';
import { planScan, type ScanDecision } from './query-plan.js';
import type { SqliteQueryStats } from './types.js';

/** What query execution needs from the instance. */
export interface QueryContext<RxDocType> {
  readonly schema: RxJsonSchema<RxDocumentData<RxDocType>>;
  readonly table: DocumentTable<RxDocType>;
  readonly columnsByKey: ReadonlyMap<string, IndexColumn<RxDocType>>;
  readonly primaryPath: string;
  readonly stats: SqliteQueryStats;
}

function parse<RxDocType>(context: QueryContext<RxDocType>, json: string): RxDocumentData<RxDocType> {
  context.stats.rowsRead++;
  return JSON.parse(json) as RxDocumentData<RxDocType>;
}

/**
 * Runs a prepared Mango query. Four shapes, cheapest first:
 * 1. index order = sort order, index decides the selector: SQLite applies LIMIT/OFFSET and only
 *    the page is read and parsed (the note list);
 * 2. index order = sort order, matcher needed: rows are read in order until skip+limit matched;
 * 3. otherwise: the whole key range is read, matched and sorted with RxDB's comparator;
 * 4. flagged rows in the padded range (rare): both kinds are merged, matched and sorted the way
 *    the memory storage orders them.
 */
export function executeQuery<RxDocType>(
  context: QueryContext<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
): RxDocumentData<RxDocType>[] {
  const { stats, table } = context;
  stats.queries++;
  const query = preparedQuery.query;
  const skip = query.skip ?? 0;
  // typeof, not truthiness: `limit: 0` is a real limit (as in the memory storage).
  const limit = typeof query.limit === 'number' ? query.limit : Number.POSITIVE_INFINITY;
  const end = skip + limit;
  const decision = planScan(context.schema, context.columnsByKey, context.primaryPath, preparedQuery);
  const matcher = decision.needsMatcher ? getQueryMatcher(context.schema, query) : undefined;
  const { column, range } = decision;
  const flagged = column ? table.flaggedRows(column, decision.flaggedRange) : [];
  if (column && flagged.length > 0) {
    return executeMerged(context, column, decision, preparedQuery, matcher, flagged, skip, end);
  }
  const order = decision.indexOrder;

  if (column && order) {
    stats.indexOrderedScans++;
    if (!matcher) {
      stats.sqlLimitPushdowns++;
      const page = { limit: Number.isFinite(limit) ? limit : -1, offset: skip };
      const documents: RxDocumentData<RxDocType>[] = [];
      for (const row of table.scan(column, range, order, page)) documents.push(parse(context, row.data));
      return documents;
    }
    const matched: RxDocumentData<RxDocType>[] = [];
    if (end > 0) {
      for (const row of table.scan(column, range, order)) {
        const doc = parse(context, row.data);
        if (matcher(doc)) {
          matched.push(doc);
          if (matched.length >= end) break; // leaving the loop resets the SQLite statement
        }
      }
    }
    return matched.slice(skip, end);
  }

  stats.resortedScans++;
  const rows = column ? table.scan(column, range, 'asc') : table.scanAll();
  let documents: RxDocumentData<RxDocType>[] = [];
  for (const row of rows) {
    const doc = parse(context, row.data);
    if (!matcher || matcher(doc)) documents.push(doc);
  }
  documents.sort(getSortComparator(context.schema, query));
  if (skip > 0 || documents.length > end) documents = documents.slice(skip, end);
  return documents;
}

/**
 * Shape 4: canonical rows of the compact range plus the flagged rows of the padded range, i.e.
 * the rows the memory storage scans. It keeps them in padded-key order when RxDB's plan says the
 * index order is the result (sortSatisfiedByIndex), else sorts them with RxDB's comparator.
 */
function executeMerged<RxDocType>(
  context: QueryContext<RxDocType>,
  column: IndexColumn<RxDocType>,
  decision: ScanDecision<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
  matcher: ((doc: RxDocumentData<RxDocType>) => boolean) | undefined,
  flagged: readonly { data: string }[],
  skip: number,
  end: number,
): RxDocumentData<RxDocType>[] {
  const { stats, table } = context;
  stats.resortedScans++;
  stats.nonCanonicalMerges++;
  let documents: RxDocumentData<RxDocType>[] = [];
  for (const rows of [table.scan(column, decision.range, 'asc'), flagged]) {
    for (const row of rows) {
      const doc = parse(context, row.data);
      if (!matcher || matcher(doc)) documents.push(doc);
    }
  }
  if (decision.sortSatisfiedByIndex) documents = sortByIndexString(column, context.primaryPath, documents);
  else documents.sort(getSortComparator(context.schema, preparedQuery.query));
  return skip > 0 || documents.length > end ? documents.slice(skip, end) : documents;
}

/** Orders documents by RxDB's padded index string in JavaScript order, as the memory storage does. */
export function sortByIndexString<RxDocType>(
  column: IndexColumn<RxDocType>,
  primaryPath: string,
  documents: readonly RxDocumentData<RxDocType>[],
): RxDocumentData<RxDocType>[] {
  const idOf = (doc: RxDocumentData<RxDocType>) => (doc as Record<string, unknown>)[primaryPath] as string;
  return documents
    .map((doc) => ({ doc, key: column.indexString(doc), id: idOf(doc) }))
    .sort((a, b) => compareStrings(a.key, b.key) || compareStrings(a.id, b.id))
    .map((entry) => entry.doc);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SQL COUNT(*) on the key ranges when the index decides the selector, else counts the matching
 * documents of the ranges. Both report mode 'fast' like the memory storage: the work is bounded
 * by the planned index range, and 'slow' would make RxDB refuse `.count()` by default.
 * Like the memory storage, skip/limit of the query are not applied.
 */
export function executeCount<RxDocType>(
  context: QueryContext<RxDocType>,
  preparedQuery: PreparedQuery<RxDocType>,
): RxStorageCountResult {
  const { stats, table } = context;
  const decision = planScan(context.schema, context.columnsByKey, context.primaryPath, preparedQuery);
  const { column, range } = decision;
  if (column && !decision.needsMatcher) {
    stats.sqlCounts++;
    return { count: table.count(column, range, decision.flaggedRange), mode: 'fast' };
  }
  stats.matchedCounts++;
  const matcher = getQueryMatcher(context.schema, preparedQuery.query);
  let count = 0;
  const sources = column
    ? [table.scan(column, range, 'asc'), table.flaggedRows(column, decision.flaggedRange)]
    : [table.scanAll()];
  for (const rows of sources) {
    for (const row of rows) {
      if (matcher(parse(context, row.data))) count++;
    }
  }
  return { count, mode: 'fast' };
}
