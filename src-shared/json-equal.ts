/**
 * Structural equality of JSON-like values, as JSON would see them: object key order does not
 * matter (the server reads masters back from jsonb, which keeps keys in its own order), array
 * order does, and a key whose value is `undefined` is the same as an absent key
 * (JSON.stringify drops it, so the two cannot be told apart once stored or sent). One definition
 * for the sync merge and the sync server, which must agree on what "the same document" is.
 * Numbers compare by value (0 and -0 are equal; NaN equals NaN, so a value equals itself).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b || Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}
