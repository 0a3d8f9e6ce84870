/**
 * RxDB's indexable strings are ordered with JavaScript's `<`, i.e. by UTF-16 code units.
 * SQLite's BINARY collation compares UTF-8 bytes, i.e. by code points. The two orders agree
 * except where surrogates are involved: in UTF-16 an astral character (a surrogate pair,
 * 0xD800-0xDFFF) sorts *before* U+E000..U+FFFF, in UTF-8 it sorts after. RxDB pads upper bounds
 * with U+FFFF (INDEX_MAX), so without care an emoji in an indexed string field would fall
 * outside every range scan.
 *
 * better-sqlite3 cannot register collations, so instead every key we hand to SQLite goes
 * through an order-preserving map: code units below 0xD800 stay as they are (their UTF-8 order
 * is already their code-unit order) and each code unit from 0xD800 up, surrogate halves
 * included, becomes one astral code point 0x10000 + (unit - 0xD800). Astral code points encode
 * as 4-byte UTF-8 starting with 0xF0, above every BMP character below 0xD800, and the map is
 * strictly increasing and one unit to one character, so byte order of the result equals the
 * code-unit order of the input. Lone surrogates disappear too, which SQLite could not store.
 *
 * Embedded NUL characters (RxDB pads lower bounds with '\x00') are fine: better-sqlite3 binds
 * strings with their length and BINARY comparison is a memcmp.
 */
const NEEDS_REMAP = /[\uD800-\uFFFF]/;
const REMAP_ALL = /[\uD800-\uFFFF]/g;

function remapUnit(unit: string): string {
  return String.fromCodePoint(0x10000 + (unit.charCodeAt(0) - 0xd800));
}

/** Key as stored in and compared by SQLite; see the module comment. */
export function toSqliteSortKey(indexString: string): string {
  // The common case (ASCII ids, numbers, Latin text) costs one regex test and no allocation.
  return NEEDS_REMAP.test(indexString) ? indexString.replace(REMAP_ALL, remapUnit) : indexString;
}
