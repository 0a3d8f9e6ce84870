import fc from 'fast-check';

/**
 * T2's hostile values: what a malformed or malicious client puts where a string, number or object
 * belongs. Sizes are bounded (a string here is at most 20 KB; the few multi-megabyte bodies are
 * fixed cases in fuzz-cases.ts), so 10,000 runs stay within seconds.
 */

/** Characters a database, a logger or a JSON codec may choke on. */
const NASTY_CHARS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\u202e',
  '\u2028',
  '\\',
  '"',
  "'",
  '%',
  '\n',
  '\u{1f600}',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_CHARS),
  fc
    .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...NASTY_CHARS), fc.string({ maxLength: 12 }))
    .map(([a, b, c]) => a + b + c),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'undefined',
    '[object Object]',
    '__proto__',
    'constructor',
    'NaN',
    '-1',
    '1e999',
  ),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Objects with keys that poison prototypes when merged naively: own properties, via JSON.parse. */
export const poisonedObject: fc.Arbitrary<unknown> = fc
  .constantFrom(
    '{"__proto__":{"role":"admin","isAdmin":true}}',
    '{"constructor":{"prototype":{"role":"admin"}}}',
    '{"prototype":{"polluted":true},"__proto__":null}',
    '{"__proto__":[],"length":1e9}',
    '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
  )
  .map((text) => JSON.parse(text) as unknown);

const wrongScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0, 1e308, -1e308, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Anything at all, of bounded size, with hostile strings and keys inside. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    wrongScalar,
    nastyString,
    poisonedObject,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'prototype')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** A value that cannot be what a field expects: replaces one field of a valid input. */
export const fieldReplacement: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  wrongScalar,
  poisonedObject,
  fc.array(nastyString, { maxLength: 3 }),
  fc.integer({ min: 50, max: 200 }).map((depth) => nest(depth)),
);

/** `depth` levels of arrays around a string: deep, but within what JSON.stringify handles. */
export function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

/** JSON text nested `depth` levels (20,000 overflows any recursive walk), built as text. */
export function deepJsonText(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + '0' + close.repeat(depth);
}

export function deepObjectText(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Whether a value holds a NUL or a lone surrogate anywhere (keys included). */
export function holdsForbiddenText(value: unknown): boolean {
  // JSON.stringify escapes exactly these: NUL as \u0000, an unpaired surrogate as \udXXX.
  return /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value) ?? '');
}

/** Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates encoded, 0xFF. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    [0xff],
    [0xfe, 0xff],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0x80],
    [0xc3, 0x28],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
  )
  .map((bytes) => Buffer.from(bytes));

/** Text that is not JSON, or JSON no tRPC call takes. */
export const invalidJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    'undefined',
    '{"a":01}',
    '[1,2',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"}',
    '"unterminated',
    '\u0000',
    '{}{}',
    'true false',
    '0'.repeat(400),
  ),
  fc.string({ maxLength: 60 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);
