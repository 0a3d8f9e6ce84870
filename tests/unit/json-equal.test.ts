import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../src-shared/json-equal';

/** One equality for the sync merge and the sync server: JSON's, where undefined is no value. */
describe('jsonEqual', () => {
  it('treats a key set to undefined as an absent key, at every depth, as JSON.stringify does', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(jsonEqual({ x: { a: undefined } }, { x: {} })).toBe(true);
    expect(jsonEqual([{ a: 1, b: undefined }], [{ a: 1 }])).toBe(true);
    // Same count of defined keys, different keys.
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(true);
    expect(jsonEqual({ a: undefined }, { a: null })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: 2 })).toBe(false);
  });

  it('ignores key order', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(
      true,
    );
  });

  it('keeps array order and length significant', () => {
    expect(jsonEqual(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(jsonEqual(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(jsonEqual(['a'], ['a', 'a'])).toBe(false);
    expect(jsonEqual([], [])).toBe(true);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual({ 0: 'a', length: 1 }, ['a'])).toBe(false);
  });

  it('compares nested values structurally and tells types apart', () => {
    expect(jsonEqual({ a: [{ b: [1, 2] }] }, { a: [{ b: [1, 2] }] })).toBe(true);
    expect(jsonEqual({ a: [{ b: [1, 2] }] }, { a: [{ b: [1, 3] }] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: false }, { b: false })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual(null, null)).toBe(true);
    expect(jsonEqual(undefined, undefined)).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false);
    expect(jsonEqual(0, -0)).toBe(true);
    expect(jsonEqual(Number.NaN, Number.NaN)).toBe(true);
  });
});
