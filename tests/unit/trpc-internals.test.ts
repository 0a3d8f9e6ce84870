import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the adapter is runtime-neutral; this pins the tRPC internals the IPC link relies on.
import * as internals from '../../src-renderer/src/trpc/trpc-internals';

/**
 * Contract test for src-renderer/src/trpc/trpc-internals.ts, the one file that imports tRPC
 * internals. If a tRPC release renames, removes or changes one of them, this fails and names it,
 * instead of the IPC link breaking at run time. Fix the adapter (or vendor the helper), not this.
 */
const { getTransformer, transformResult } = internals;

/** Marks what went through it, so the test can tell which side was (de)serialized. */
const tagging = {
  serialize: (value: unknown) => ({ tagged: value }),
  deserialize: (value: unknown) => ({ untagged: value }),
};

describe('tRPC internals used by the IPC link', () => {
  it('exports exactly the functions the adapter re-exports', () => {
    expect(typeof getTransformer).toBe('function');
    expect(typeof transformResult).toBe('function');
    expect(Object.keys(internals).sort()).toEqual(['getTransformer', 'transformResult']);
  });

  describe('getTransformer', () => {
    it('is the identity on both sides when the router has no transformer', () => {
      const transformer = getTransformer(undefined);
      const value = { at: new Date(0) };
      expect(transformer.input.serialize(value)).toBe(value);
      expect(transformer.input.deserialize(value)).toBe(value);
      expect(transformer.output.serialize(value)).toBe(value);
      expect(transformer.output.deserialize(value)).toBe(value);
    });

    it('uses one transformer for both directions', () => {
      const transformer = getTransformer(tagging);
      expect(transformer.input.serialize(1)).toEqual({ tagged: 1 });
      expect(transformer.output.deserialize(2)).toEqual({ untagged: 2 });
    });

    it('keeps a combined { input, output } transformer as it is', () => {
      const combined = { input: tagging, output: tagging };
      expect(getTransformer(combined as never)).toBe(combined);
    });
  });

  describe('transformResult', () => {
    const identity = getTransformer(undefined).output;

    it('decodes a data result through the output transformer', () => {
      expect(transformResult({ result: { type: 'data', data: 5 } }, tagging)).toEqual({
        ok: true,
        result: { type: 'data', data: { untagged: 5 } },
      });
    });

    it('keeps a tracked event id beside the decoded data', () => {
      const decoded = transformResult(
        { result: { type: 'data', id: 'e1', data: { id: 'e1', data: 1 } } },
        identity,
      );
      expect(decoded).toEqual({ ok: true, result: { type: 'data', id: 'e1', data: { id: 'e1', data: 1 } } });
    });

    it('passes started and stopped through without touching data', () => {
      for (const type of ['started', 'stopped'] as const) {
        expect(transformResult({ id: 1, result: { type } }, tagging)).toEqual({ ok: true, result: { type } });
      }
    });

    it('decodes an error envelope into { ok: false, error } with the shape deserialized', () => {
      const shape = { code: -32600, message: 'Bad', data: { code: 'BAD_REQUEST', httpStatus: 400 } };
      expect(transformResult({ error: shape }, identity)).toEqual({ ok: false, error: { error: shape } });
      const tagged = transformResult({ error: { tagged: shape } } as never, {
        serialize: (value: unknown) => value,
        deserialize: (value: unknown) => (value as { tagged: unknown }).tagged,
      });
      expect(tagged).toMatchObject({ ok: false, error: { error: shape } });
    });

    it('throws on an envelope that is neither a result nor an error with a numeric code', () => {
      expect(() => transformResult({ error: { message: 'no code' } } as never, identity)).toThrow();
      expect(() => transformResult({ result: null } as never, identity)).toThrow();
      expect(() =>
        transformResult(
          { result: { type: 'data', data: 1 } },
          {
            serialize: (value: unknown) => value,
            deserialize: () => {
              throw new Error('bad payload');
            },
          },
        ),
      ).toThrow();
    });
  });
});
