import {
  getSchemaByObjectPath,
  getStringLengthOfIndexNumber,
  objectPathMonad,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';
import { toSqliteSortKey } from './sort-key.js';

/**
 * Compact index keys.
 *
 * RxDB's indexable string of a document (`getIndexableStringMonad`) pads every part to a fixed
 * width: strings to maxLength with spaces, numbers to the digits of their schema range. That
 * makes comparison simple but costs bytes on disk and in every SQLite index (a note's keys were
 * ~3x its JSON). We store instead, per part:
 *
 * - string:  the value itself + TERMINATOR ('\x01');
 * - number:  the integer part `floor(v) - floor(minimum)` as one length character ('0' + number
 *            of base-36 digits; zero is just '0') and its base-36 digits, then RxDB's fraction
 *            digits (fixed width, `decimals` of multipleOf);
 * - boolean: '0' / '1', as RxDB does.
 *
 * Each part encoding is strictly order-preserving and prefix-free (no encoding is a prefix of
 * another), so comparing concatenated keys compares the tuples part by part, like the padded
 * strings do. String parts then go through toSqliteSortKey, a strictly increasing per-code-unit
 * map that keeps both properties under SQLite's UTF-8 byte order (the other parts are ASCII,
 * which it leaves alone).
 *
 * This equals the padded order only for *canonical* values (see `encodeValue`): strings within
 * maxLength without control characters or a trailing space, exactly representable numbers
 * within [minimum, maximum], booleans. Rows with another value (missing fields included) are
 * flagged and keep their padded key; see document-table.ts for how both kinds are scanned.
 *
 * Query bounds arrive as RxDB's padded bound strings (getStartIndexStringFrom{Lower,Upper}Bound,
 * with NUL / U+FFFF / digit fills). `translateBound` maps such a string B to a compact bound C
 * such that for every canonical key tuple t: pad(t) compared to B == key(t) compared to C
 * (an "exact" bound), or, when B is not the padding of any tuple (a fill, a control character,
 * an over-long string), `pad(t) >= B  <=>  key(t) >= C` and no canonical row has pad(t) == B
 * (a "cut": inclusivity no longer matters and becomes `>= C` / `< C`).
 */

/** Below every character of a canonical string (those are >= U+0020). */
const TERMINATOR = '\x01';

/**
 * Above every character a stored compact key can contain after toSqliteSortKey (which maps
 * code units to at most U+127FF); appended *after* that map, it puts a cut behind every key
 * that extends the prefix before it.
 */
const ABOVE_ALL = String.fromCodePoint(0x10ffff);

/** The compact key of a bound: see `translateBound`. */
export interface CompactBound {
  /** Already in SQLite order (toSqliteSortKey applied). */
  readonly key: string;
  /** True: compares like the padded bound, keep the plan's inclusivity. False: a cut. */
  readonly exact: boolean;
}

/** How one padded segment of a bound translates into the compact form of its part (SQLite order). */
type SegmentTranslation =
  /** The padding of a value of the part's domain: its compact encoding; continue. */
  | { readonly kind: 'exact'; readonly text: string }
  /** Sorts before every key whose part is >= `text` and after every smaller one; stop. */
  | { readonly kind: 'before'; readonly text: string }
  /** Sorts after every key whose part is <= `text` (and all their continuations); stop. */
  | { readonly kind: 'after'; readonly text: string };

export interface PartCodec {
  /** Width of this part inside RxDB's padded string. */
  readonly paddedLength: number;
  /** Compact encoding (SQLite order) of a document value, or undefined when not canonical. */
  readonly encodeValue: (value: unknown) => string | undefined;
  /** See SegmentTranslation; `segment` may be shorter than paddedLength (the bound ended). */
  readonly translateSegment: (segment: string) => SegmentTranslation;
}

/**
 * Control characters sort below the space RxDB pads with, and a trailing space is padding:
 * strings with either order differently in their padded part than they do themselves.
 */
const CONTROL_CHARACTER = /[\x00-\x1f]/;

/** Only U+0020 is padding: String.prototype.trimEnd would also drop U+00A0, U+3000, ... */
function trimPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--;
  return end === text.length ? text : text.slice(0, end);
}

function stringCodec(maxLength: number): PartCodec {
  return {
    paddedLength: maxLength,
    encodeValue: (value) =>
      typeof value === 'string' &&
      value.length <= maxLength &&
      value.charCodeAt(value.length - 1) !== 0x20 &&
      !CONTROL_CHARACTER.test(value)
        ? toSqliteSortKey(value) + TERMINATOR
        : undefined,
    translateSegment: (segment) => {
      const control = segment.search(CONTROL_CHARACTER);
      if (control === -1 && segment.length === maxLength) {
        // The padding of the canonical string trimPadding(segment).
        return { kind: 'exact', text: toSqliteSortKey(trimPadding(segment)) + TERMINATOR };
      }
      // Canonical v with pad(v) >= segment are exactly those with v >= p', p' the prefix before
      // the first control character (or the whole short segment) without trailing spaces: a
      // padded canonical part has a character >= U+0020 where the segment has one below.
      const prefix = control === -1 ? segment : segment.slice(0, control);
      return { kind: 'before', text: toSqliteSortKey(trimPadding(prefix)) + TERMINATOR };
    },
  };
}

function booleanCodec(): PartCodec {
  return {
    paddedLength: 1,
    encodeValue: (value) => (value === true ? '1' : value === false ? '0' : undefined),
    translateSegment: (segment) => {
      if (segment === '0' || segment === '1') return { kind: 'exact', text: segment };
      // No character lies between '0' and '1': anything else is below or above both.
      return segment > '1' ? { kind: 'after', text: '' } : { kind: 'before', text: '' };
    },
  };
}

/** Length character + base-36 digits of a non-negative integer; strictly increasing, prefix-free. */
function encodeInteger(value: number): string {
  if (value === 0) return '0';
  const digits = value.toString(36);
  return String.fromCharCode(0x30 + digits.length) + digits;
}

/** encodeInteger of a decimal digit string of any length (RxDB pads numbers with zeros). */
function encodeIntegerDigits(decimal: string): string {
  let start = 0;
  while (start < decimal.length && decimal.charCodeAt(start) === 0x30) start++;
  const significant = decimal.slice(start);
  if (significant === '') return '0';
  // Beyond 15 digits a double may round; BigInt keeps the bound exact.
  if (significant.length <= 15) return encodeInteger(Number(significant));
  const digits = BigInt(significant).toString(36);
  return String.fromCharCode(0x30 + digits.length) + digits;
}

const ALL_DIGITS = /^[0-9]*$/;
const NON_DIGIT = /[^0-9]/;

/** `schemaPart` has finite minimum, maximum and multipleOf (checked by partCodec). */
function numberCodec(schemaPart: Parameters<typeof getStringLengthOfIndexNumber>[0]): PartCodec {
  const lengths = getStringLengthOfIndexNumber(schemaPart);
  const { nonDecimals, decimals, multiplier, roundedMinimum } = lengths;
  const width = nonDecimals + decimals;
  const minimum = schemaPart.minimum as number;
  const maximum = schemaPart.maximum as number;
  /** Compact part of a digit string of exactly `width` digits. */
  const fromDigits = (digits: string): string =>
    encodeIntegerDigits(digits.slice(0, nonDecimals)) + digits.slice(nonDecimals);
  return {
    paddedLength: width,
    encodeValue: (value) => {
      if (typeof value !== 'number' || !(value >= minimum && value <= maximum)) return undefined;
      const floored = Math.floor(value);
      const integer = floored - roundedMinimum;
      // RxDB prints this integer with toString(): only safe integers have exact digits.
      if (!Number.isSafeInteger(integer)) return undefined;
      if (decimals === 0) return floored === value ? encodeInteger(integer) : undefined;
      const fraction = Math.min(Math.round((value - floored) * multiplier), multiplier - 1);
      // Canonical iff the padded part decodes to the value: then encodings are injective.
      if (floored + fraction / multiplier !== value) return undefined;
      return encodeInteger(integer) + fraction.toString().padStart(decimals, '0');
    },
    translateSegment: (segment) => {
      // Every string of `width` digits (a value, or a '0'/'9' fill) compares numerically.
      if (segment.length === width && ALL_DIGITS.test(segment)) {
        return { kind: 'exact', text: fromDigits(segment) };
      }
      // Padded parts are all digits: the first non-digit (or the segment's end) decides.
      const position = segment.search(NON_DIGIT);
      const prefix = position === -1 ? segment : segment.slice(0, position);
      const rest = width - prefix.length;
      if (position !== -1 && (segment[position] as string) > '9') {
        return { kind: 'after', text: fromDigits(prefix + '9'.repeat(rest)) };
      }
      return { kind: 'before', text: fromDigits(prefix + '0'.repeat(rest)) };
    },
  };
}

/**
 * A part whose type RxDB cannot index (it throws on such bounds anyway): every value is
 * non-canonical, so no row ever uses the compact key of this index.
 */
function unsupportedCodec(paddedLength: number): PartCodec {
  return {
    paddedLength,
    encodeValue: () => undefined,
    translateSegment: () => ({ kind: 'before', text: '' }),
  };
}

export function partCodec<RxDocType>(
  schema: RxJsonSchema<RxDocumentData<RxDocType>>,
  field: string,
): PartCodec {
  const schemaPart = getSchemaByObjectPath(schema, field);
  switch (schemaPart.type) {
    case 'string':
      return stringCodec(schemaPart.maxLength ?? 0);
    case 'boolean':
      return booleanCodec();
    case 'number':
    case 'integer': {
      const { minimum, maximum, multipleOf } = schemaPart;
      if (Number.isFinite(minimum) && Number.isFinite(maximum) && Number.isFinite(multipleOf)) {
        return numberCodec(schemaPart);
      }
      return unsupportedCodec(0);
    }
    default:
      return unsupportedCodec(0);
  }
}

/** One index for compactKeysMonad: its fields and their codecs (same order). */
export interface CompactKeySpec {
  readonly fields: readonly string[];
  readonly codecs: readonly PartCodec[];
}

/**
 * The compact keys of a document for several indexes at once (undefined for an index with a
 * non-canonical value). Each distinct field is read and encoded once per document: the primary
 * key is part of every index, `_deleted` and `_meta.lwt` of most.
 */
export function compactKeysMonad<RxDocType>(
  specs: readonly CompactKeySpec[],
): (doc: RxDocumentData<RxDocType>) => (string | undefined)[] {
  const slotOf = new Map<string, number>();
  const encoders: ((doc: RxDocumentData<RxDocType>) => string | undefined)[] = [];
  const slotsPerIndex = specs.map((spec) =>
    spec.fields.map((field, i) => {
      const codec = spec.codecs[i] as PartCodec;
      // A field's codec depends only on its schema part, so one slot per field name.
      let slot = slotOf.get(field);
      if (slot === undefined) {
        slot = encoders.length;
        slotOf.set(field, slot);
        const getValue = objectPathMonad<RxDocumentData<RxDocType>, unknown>(field);
        const encode = codec.encodeValue;
        encoders.push((doc) => encode(getValue(doc)));
      }
      return slot;
    }),
  );
  const parts: (string | undefined)[] = new Array<string | undefined>(encoders.length);
  return (doc) => {
    for (let i = 0; i < encoders.length; i++) parts[i] = (encoders[i] as (typeof encoders)[number])(doc);
    return slotsPerIndex.map((slots) => {
      let key = '';
      for (const slot of slots) {
        const part = parts[slot];
        if (part === undefined) return undefined;
        key += part;
      }
      return key;
    });
  };
}

/** Translates RxDB's padded bound string into a compact one; see the module comment. */
export function translateBound(codecs: readonly PartCodec[], padded: string): CompactBound {
  let compact = '';
  let offset = 0;
  for (const codec of codecs) {
    const segment = padded.slice(offset, offset + codec.paddedLength);
    offset += codec.paddedLength;
    const translated = codec.translateSegment(segment);
    compact += translated.text;
    if (translated.kind === 'before') return { key: compact, exact: false };
    if (translated.kind === 'after') return { key: compact + ABOVE_ALL, exact: false };
  }
  // Longer than any padded key (an over-long string bound): it follows the tuple it extends.
  if (offset < padded.length) return { key: compact + ABOVE_ALL, exact: false };
  return { key: compact, exact: true };
}
