import {
  getIndexableStringMonad,
  getIndexStringLength,
  getSchemaByObjectPath,
  getStringLengthOfIndexNumber,
  objectPathMonad,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';

/**
 * One RxDB index backed by two SQLite columns:
 * - `k<i>`: RxDB's indexable string of the document for that index (through toSqliteSortKey),
 *   with a plain SQLite index, so a Mango range becomes `k BETWEEN lower AND upper`;
 * - `n<i>`: 1 when some field value of the document is not "order-canonical" (see below),
 *   with a partial index on those rows only (normally none, so it costs nothing).
 */
export interface IndexColumn<RxDocType> {
  readonly fields: readonly string[];
  /** `fields.join(',')`, the lookup key used by query plans. */
  readonly key: string;
  readonly keyColumn: string;
  readonly flagColumn: string;
  /** Length of each field's part inside the indexable string. */
  readonly partLengths: readonly number[];
  readonly indexString: (doc: RxDocumentData<RxDocType>) => string;
  readonly isOrderCanonical: (doc: RxDocumentData<RxDocType>) => boolean;
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
    const checks = fieldList.map((field) => canonicalCheck<RxDocType>(schema, field));
    return {
      fields: fieldList,
      key: fieldList.join(','),
      keyColumn: `k${position}`,
      flagColumn: `n${position}`,
      partLengths: fieldList.map((field) => getIndexStringLength(schema, [field])),
      indexString: getIndexableStringMonad(schema, fieldList),
      isOrderCanonical: (doc) => checks.every((check) => check(doc)),
    };
  });
}

/**
 * Characters that make a string's padded index part order differently from the string itself:
 * RxDB pads with spaces, so 'a' and 'a ' get the same part and 'a\t' sorts before 'a'.
 */
const ORDER_UNSAFE_STRING = /[\x00-\x1f]|\x20$/;

/**
 * A field value is order-canonical when comparing index parts gives exactly the order (and the
 * equality) that RxDB's sort comparator gives for the values: strings within maxLength without
 * control characters or trailing spaces, numbers within [minimum, maximum] that the index
 * encodes without rounding, booleans. Missing values are not (the index maps them to ''/0, the
 * comparator to "undefined"). The planner only trusts index order for a desc/asc sort when no
 * non-canonical row lies in the scanned range, so results equal a full JS sort.
 */
function canonicalCheck<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  field: string,
): (doc: RxDocumentData<RxDocType>) => boolean {
  const schemaPart = getSchemaByObjectPath(schema, field);
  const getValue = objectPathMonad<RxDocumentData<RxDocType>, unknown>(field);
  switch (schemaPart.type) {
    case 'string': {
      const maxLength = schemaPart.maxLength ?? 0;
      return (doc) => {
        const value = getValue(doc);
        return typeof value === 'string' && value.length <= maxLength && !ORDER_UNSAFE_STRING.test(value);
      };
    }
    case 'boolean':
      return (doc) => typeof getValue(doc) === 'boolean';
    case 'number':
    case 'integer': {
      const minimum = schemaPart.minimum ?? Number.NEGATIVE_INFINITY;
      const maximum = schemaPart.maximum ?? Number.POSITIVE_INFINITY;
      const { multiplier } = getStringLengthOfIndexNumber(schemaPart);
      return (doc) => {
        const value = getValue(doc);
        if (typeof value !== 'number' || !(value >= minimum && value <= maximum)) return false;
        // Canonical iff decoding the index part gives the value back: then the encoding is
        // injective on canonical values and, being monotonic, strictly order-preserving.
        const floored = Math.floor(value);
        const fraction = Math.min(Math.round((value - floored) * multiplier), multiplier - 1);
        return floored + fraction / multiplier === value;
      };
    }
    default:
      return () => false;
  }
}
