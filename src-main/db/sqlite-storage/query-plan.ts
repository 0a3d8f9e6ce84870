import {
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';
import type { KeyRange, ScanOrder } from './document-table.js';
import type { IndexColumn } from './index-columns.js';
import { toSqliteSortKey } from './sort-key.js';

/** How to execute one prepared Mango query against the table. */
export interface ScanDecision<RxDocType> {
  /** The index column of RxDB's plan; undefined when the table has no such index (custom hint). */
  readonly column: IndexColumn<RxDocType> | undefined;
  /** Compact key range: exactly the canonical rows RxDB's padded range holds. */
  readonly range: KeyRange;
  /** RxDB's padded range itself, for the flagged (non-canonical) rows. */
  readonly flaggedRange: KeyRange;
  /**
   * Direction in which scanning the compact index yields the query's sort order, if any.
   * Holds when the flagged range is empty (the query executor checks that first).
   */
  readonly indexOrder: ScanOrder | undefined;
  /** RxDB's plan says the padded index order is the result order (no re-sort). */
  readonly sortSatisfiedByIndex: boolean;
  /** RxDB's planner says the index range alone does not decide the selector. */
  readonly needsMatcher: boolean;
}

const FULL_RANGE: KeyRange = { lower: '', upper: '', inclusiveStart: true, inclusiveEnd: true };

/**
 * Turns RxDB's query plan (`getQueryPlan`, computed by RxDB and passed in the prepared query)
 * into a key range on our index column, and decides whether the index order can serve the sort.
 *
 * RxDB marks a plan `sortSatisfiedByIndex` only for ascending sorts equal to the index fields;
 * then the memory storage returns index order as is, and so do we. Beyond that we also serve
 * - descending sorts, by scanning the index backwards, and
 * - sorts that skip leading index fields fixed by the range (equality on `_deleted`, `trashedAt`):
 * when all sort fields have one direction and, after dropping fields the range pins to one key,
 * the sort fields are the remaining index fields in order (or a prefix ending at the primary
 * key, which is unique). The note list `{trashedAt: 0}` sorted by `updatedAt desc, id desc` on
 * `[_deleted, trashedAt, updatedAt, id]` is such a query: a reverse range scan with LIMIT.
 *
 * The compact index orders canonical rows as the padded strings (and RxDB's comparator) do;
 * flagged rows are not in it, so the executor uses this decision only when the flagged range is
 * empty, and merges otherwise.
 */
export function planScan<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  columnsByKey: ReadonlyMap<string, IndexColumn<RxDocType>>,
  primaryPath: string,
  prepared: PreparedQuery<RxDocType>,
): ScanDecision<RxDocType> {
  const plan = prepared.queryPlan;
  const column = columnsByKey.get(plan.index.join(','));
  if (!column) {
    return {
      column: undefined,
      range: FULL_RANGE,
      flaggedRange: FULL_RANGE,
      indexOrder: undefined,
      sortSatisfiedByIndex: false,
      needsMatcher: true,
    };
  }
  const rawLower = getStartIndexStringFromLowerBound(schema, plan.index, plan.startKeys);
  const rawUpper = getStartIndexStringFromUpperBound(schema, plan.index, plan.endKeys);
  const flaggedRange: KeyRange = {
    lower: toSqliteSortKey(rawLower),
    upper: toSqliteSortKey(rawUpper),
    inclusiveStart: plan.inclusiveStart,
    inclusiveEnd: plan.inclusiveEnd,
  };
  const range = compactRange(column, rawLower, rawUpper, plan.inclusiveStart, plan.inclusiveEnd);
  const needsMatcher = !plan.selectorSatisfiedByIndex;
  if (plan.sortSatisfiedByIndex) {
    return { column, range, flaggedRange, indexOrder: 'asc', sortSatisfiedByIndex: true, needsMatcher };
  }
  const sort = prepared.query.sort.map((part) => Object.entries(part)[0] as [string, ScanOrder]);
  const indexOrder = orderFromIndex(column, sort, primaryPath, pinnedFieldCount(column, rawLower, rawUpper));
  return { column, range, flaggedRange, indexOrder, sortSatisfiedByIndex: false, needsMatcher };
}

/**
 * The compact range holding exactly the canonical rows whose padded key lies in RxDB's padded
 * range. An exact bound keeps the plan's inclusivity; a cut bound C means "padded >= bound iff
 * compact >= C" and no canonical row equals the padded bound, so it becomes `>= C` as a lower
 * and `< C` as an upper bound.
 */
export function compactRange<RxDocType>(
  column: IndexColumn<RxDocType>,
  rawLower: string,
  rawUpper: string,
  inclusiveStart: boolean,
  inclusiveEnd: boolean,
): KeyRange {
  const lower = column.translateBound(rawLower);
  const upper = column.translateBound(rawUpper);
  return {
    lower: lower.key,
    upper: upper.key,
    inclusiveStart: lower.exact ? inclusiveStart : true,
    inclusiveEnd: upper.exact ? inclusiveEnd : false,
  };
}

/**
 * Number of leading index fields whose padded part is the same at both ends of the range: every
 * padded key in between shares that prefix (parts are fixed-length), so those fields are
 * constant; so they are for the canonical rows of the compact range, which are the same rows.
 */
function pinnedFieldCount<RxDocType>(
  column: IndexColumn<RxDocType>,
  rawLower: string,
  rawUpper: string,
): number {
  let offset = 0;
  let pinned = 0;
  for (const length of column.partLengths) {
    offset += length;
    if (rawLower.slice(0, offset) !== rawUpper.slice(0, offset)) break;
    pinned++;
  }
  return pinned;
}

function orderFromIndex<RxDocType>(
  column: IndexColumn<RxDocType>,
  sort: readonly [string, ScanOrder][],
  primaryPath: string,
  pinned: number,
): ScanOrder | undefined {
  const direction = sort[0]?.[1];
  if (direction === undefined || sort.some(([, d]) => d !== direction)) return undefined;
  const pinnedFields = new Set(column.fields.slice(0, pinned));
  const sortFields: string[] = [];
  for (const [field] of sort) {
    if (pinnedFields.has(field)) continue; // constant in the range: never decides the order
    sortFields.push(field);
    if (field === primaryPath) break; // unique: later sort fields never decide the order
  }
  const rest = column.fields.slice(pinned);
  if (sortFields.length > rest.length) return undefined;
  if (sortFields.some((field, i) => rest[i] !== field)) return undefined;
  // A strict prefix of the remaining index fields orders like the index only when it ends with
  // the unique primary key (or when nothing is left to order by).
  const complete =
    sortFields.length === rest.length || sortFields.length === 0 || sortFields.at(-1) === primaryPath;
  return complete ? direction : undefined;
}
