import { getIndexableStringMonad, getIndexStringLength, type RxDocumentData, type RxJsonSchema } from 'rxdb';
import {
  compactKeysMonad,
  partCodec,
  translateBound,
  type CompactBound,
  type PartCodec,
} from './key-codec.js';

/**
 * One RxDB index backed by two SQLite columns:
 * - `n<i>`: 0 when every field value of the document is canonical for this index (see
 *   key-codec.ts), 1 otherwise (normally never);
 * - `k<i>`: the compact key (key-codec.ts) when `n<i> = 0`, RxDB's padded indexable string when
 *   `n<i> = 1` (both through toSqliteSortKey). Two partial indexes keep the two kinds apart: a
 *   Mango range becomes a range on the compact keys plus the same padded range RxDB's memory
 *   storage scans on the (normally empty) flagged rows.
 */
export interface IndexColumn<RxDocType> {
  readonly fields: readonly string[];
  /** `fields.join(',')`, the lookup key used by query plans. */
  readonly key: string;
  readonly keyColumn: string;
  readonly flagColumn: string;
  /** Length of each field's part inside the padded indexable string. */
  readonly partLengths: readonly number[];
  /** Compact encoding of each field (key-codec.ts). */
  readonly codecs: readonly PartCodec[];
  /** RxDB's padded indexable string (what the memory storage sorts and compares). */
  readonly indexString: (doc: RxDocumentData<RxDocType>) => string;
  /**
   * The compact key in SQLite order, or undefined when some value is not canonical. (Writes use
   * compactKeysMonad over all columns instead, which encodes shared fields once.)
   */
  readonly compactKey: (doc: RxDocumentData<RxDocType>) => string | undefined;
  /** A padded bound string (RxDB's getStartIndexStringFrom*Bound) as a compact bound. */
  readonly translateBound: (padded: string) => CompactBound;
}

/**
 * The index list of a table: the schema's indexes (RxDB already prefixed `_deleted` and appended
 * the primary key) plus the two the storage itself relies on, as the memory storage does:
 * `[_meta.lwt, pk]` for the changes feed and `[_deleted, _meta.lwt, pk]` for cleanup().
 */
export function getStorageIndexes<T>(schema: RxJsonSchema<T>, primaryPath: string): string[][] {
  const result: string[][] = [];
  const seen = new Set<string>();
  const add = (fields: readonly string[]): void => {
    const key = fields.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      result.push([...fields]);
    }
  };
  for (const index of schema.indexes ?? []) add(typeof index === 'string' ? [index] : index);
  add(['_meta.lwt', primaryPath]);
  add(['_deleted', '_meta.lwt', primaryPath]);
  return result;
}

export function buildIndexColumns<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  indexes: readonly (readonly string[])[],
): IndexColumn<RxDocType>[] {
  return indexes.map((fields, position) => {
    const fieldList = [...fields];
    const codecs = fieldList.map((field) => partCodec<RxDocType>(schema, field));
    const keys = compactKeysMonad<RxDocType>([{ fields: fieldList, codecs }]);
    return {
      fields: fieldList,
      key: fieldList.join(','),
      keyColumn: `k${position}`,
      flagColumn: `n${position}`,
      partLengths: fieldList.map((field) => getIndexStringLength(schema, [field])),
      indexString: getIndexableStringMonad(schema, fieldList),
      codecs,
      compactKey: (doc) => keys(doc)[0],
      translateBound: (padded) => translateBound(codecs, padded),
    };
  });
}
