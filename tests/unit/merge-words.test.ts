import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diff3Regions } from '../../src-shared/sync/merge/diff3';
import { mergeWords, tokenize } from '../../src-shared/sync/merge/merge-words';

/** The word level of docs/sync-protocol.md M6, on lines (mergeNotes adds frontmatter, markers, labels). */

describe('tokenize', () => {
  it('M6: splits words, runs of spaces, punctuation and each newline', () => {
    expect(tokenize('Hello,  world!\n\n\tx_1 = 2;')).toEqual([
      'Hello',
      ',',
      '  ',
      'world',
      '!',
      '\n',
      '\n',
      '\t',
      'x_1',
      ' ',
      '=',
      ' ',
      '2',
      ';',
    ]);
  });

  it('M6: keeps accents, other scripts and emoji whole', () => {
    expect(tokenize('cafe\u0301 日本語 déjà-vu 😀!')).toEqual([
      'cafe\u0301',
      ' ',
      '日本語',
      ' ',
      'déjà',
      '-',
      'vu',
      ' ',
      '😀',
      '!',
    ]);
  });

  it('M6: joining the tokens gives back the text exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const tokens = tokenize(text);
        expect(tokens.join('')).toBe(text);
        expect(tokens.every((token) => token.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mergeWords', () => {
  const merge = (base: string, ours: string, theirs: string): string | null =>
    mergeWords(base.split('\n'), ours.split('\n'), theirs.split('\n'))?.join('\n') ?? null;

  it('M6: different words of one line changed on both sides both apply', () => {
    expect(merge('the quick brown fox', 'the slow brown fox', 'the quick brown cat')).toBe(
      'the slow brown cat',
    );
    // Neighbouring words: the space between them is unchanged.
    expect(merge('the quick brown fox', 'the slow brown fox', 'the quick red fox')).toBe('the slow red fox');
  });

  it('M6: neighbouring lines changed on both sides both apply', () => {
    expect(merge('one\ntwo\nthree', 'one\nTWO\nthree', 'one\ntwo\nTHREE')).toBe('one\nTWO\nTHREE');
    expect(merge('one\ntwo', 'one A0\ntwo', 'one\nB0 two')).toBe('one A0\nB0 two');
  });

  it('M6: a line inserted next to a line the other side edited is kept', () => {
    expect(merge('a = 1;\nb = 2;', 'a = 1;\nlog(a);\nb = 2;', 'a = 10;\nb = 2;')).toBe(
      'a = 10;\nlog(a);\nb = 2;',
    );
    expect(merge('a\nb\nc', 'a\nc', 'a\nb\nC')).toBe('a\nC');
  });

  it('M6: the same change on both sides counts once', () => {
    expect(merge('the fox', 'the red fox', 'the red fox!')).toBe('the red fox!');
    expect(merge('a\nb\nc', 'a\nc', 'a\nc')).toBe('a\nc');
  });

  it('M6: the same tokens changed differently conflict', () => {
    expect(merge('the quick fox', 'the slow fox', 'the fast fox')).toBeNull();
    // Both inserted at one spot: no order between the two is right.
    expect(merge('the quick fox', 'the quick brown fox', 'the quick red fox')).toBeNull();
    expect(merge('end', 'end A', 'end B')).toBeNull();
  });

  it('M6: a line deleted on one side and edited on the other conflicts', () => {
    expect(merge('a\nb\nc', 'a\nc', 'a\nb!\nc')).toBeNull();
  });

  it('M6: deleting a line and emptying it are different edits', () => {
    expect(mergeWords(['x', 'y'], ['y'], ['', 'y'])).toBeNull();
    expect(mergeWords(['x', 'y'], ['y'], ['y'])).toEqual(['y']);
  });

  it('M6: unrelated lines are not merged token by token (their spaces and digits match anywhere)', () => {
    // Ours deleted line 0 and added lines after line 1; theirs added a line before line 0 and
    // deleted line 1. Aligned token by token across lines these "merge" into garbage.
    expect(
      mergeWords(
        ['base line 0', 'base line 1'],
        ['base line 1', 'ours added 0', 'ours added 1'],
        ['theirs added 0', 'base line 0'],
      ),
    ).toBeNull();
    expect(
      mergeWords(
        ['base line 0', 'base line 1'],
        ['base line 1', 'ours added 0'],
        ['theirs added 0', 'base line 0'],
      ),
    ).toBeNull();
  });

  it('M6: a word put next to one the other side replaced stays on its side of it', () => {
    // Ours' " A" could be "A " before "c" as well; either way it stays after theirs' "B".
    expect(merge('a b c', 'a b A c', 'a B c')).toBe('a B A c');
    expect(merge('a b c', 'a A b c', 'a b C')).toBe('a A b C');
  });

  it('M6: an empty side or base merges as whole lines', () => {
    expect(mergeWords([], ['a'], ['b'])).toBeNull();
    expect(mergeWords([], [], ['b'])).toEqual(['b']);
    expect(mergeWords(['a'], [], [])).toEqual([]);
  });

  // How fast it gives up is measured by bench/merge.ts, not here.
  it('M6: a long line too repetitive to align is not merged word by word', () => {
    const base = 'la '.repeat(20_000);
    const ours = `X${base.slice(2, -3)}X `;
    const theirs = `${'la '.repeat(10_000)}Y ${'la '.repeat(9_999)}`;
    expect(merge(base, ours, theirs)).toBeNull();
  });
});

describe('diff3Regions', () => {
  it('M6: the resolver gets the whole stretch with conflicts, and its result replaces it', () => {
    const calls: string[][][] = [];
    const regions = diff3Regions(
      ['anchor', 'x1', 'y1', 'end'],
      ['anchor', 'x', 'y', 'end'],
      ['anchor', 'x', 'y2', 'end'],
      (b, o, t) => {
        calls.push([b, o, t]);
        return ['resolved'];
      },
    );
    expect(calls).toEqual([
      [
        ['x', 'y'],
        ['x1', 'y1'],
        ['x', 'y2'],
      ],
    ]);
    expect(regions.flatMap((region) => (region.kind === 'ok' ? region.items : ['CONFLICT']))).toEqual([
      'anchor',
      'resolved',
      'end',
    ]);
  });

  it('M6: a stretch the resolver cannot merge keeps its conflict regions; clean stretches never reach it', () => {
    let called = 0;
    const resolve = (): null => {
      called += 1;
      return null;
    };
    const clean = diff3Regions(['a1', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c1'], resolve);
    expect(called).toBe(0);
    expect(clean).toEqual([
      { kind: 'ok', items: ['a1'] },
      { kind: 'ok', items: ['b'] },
      { kind: 'ok', items: ['c1'] },
    ]);
    const conflict = diff3Regions(['x1'], ['x'], ['x2'], resolve);
    expect(called).toBe(1);
    expect(conflict).toEqual([{ kind: 'conflict', ours: ['x1'], theirs: ['x2'] }]);
  });
});

describe('lines, then words (property)', () => {
  type LineOp = { kind: 'keep' | 'delete' | 'replace' | 'insertAfter' | 'words'; slots: number[] };
  const VOCAB = ['a', 'the', 'fox', 'x', 'é', '1', '0'];
  const lineOpArb = fc.record({
    kind: fc.constantFrom<LineOp['kind']>(
      'keep',
      'keep',
      'delete',
      'replace',
      'insertAfter',
      'words',
      'words',
    ),
    slots: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
  });
  const MAX_LINES = 7;

  /** One side's edit of the base lines; every word it adds is new ("A0", "A1", …). */
  function apply(lines: string[][], ops: LineOp[], tag: string) {
    const removed = new Set<string>();
    const added: string[] = [];
    const fresh = (): string => {
      const word = `${tag}${added.length}`;
      added.push(word);
      return word;
    };
    const out: string[] = [];
    lines.forEach((words, l) => {
      const op = ops[l] ?? { kind: 'keep', slots: [] };
      if (op.kind === 'delete' || op.kind === 'replace') words.forEach((word) => removed.add(word));
      if (op.kind === 'delete') return;
      if (op.kind === 'replace') {
        out.push(`${fresh()} ${fresh()}`);
        return;
      }
      const parts = [...words];
      if (op.kind === 'words') {
        for (const slot of op.slots) {
          const k = slot % (parts.length + 1);
          const word = parts[k];
          // Even slots insert a word before word k; odd ones replace a base word.
          if (slot % 2 === 0 || word === undefined || added.includes(word)) parts.splice(k, 0, fresh());
          else {
            removed.add(word);
            parts[k] = fresh();
          }
        }
      }
      out.push(parts.join(' '));
      if (op.kind === 'insertAfter') out.push(`${fresh()} ${fresh()}`);
    });
    return { lines: out, removed, added };
  }

  it('M6: a clean merge has every added word once, and every base word neither side removed, in order', () => {
    let resolvedByWords = 0;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: MAX_LINES,
        }),
        fc.array(lineOpArb, { minLength: MAX_LINES, maxLength: MAX_LINES }),
        fc.array(lineOpArb, { minLength: MAX_LINES, maxLength: MAX_LINES }),
        (raw, oursOps, theirsOps) => {
          // Numbered, so every base word (and line) is different and names one place.
          const lines = raw.map((words, l) => words.map((word, k) => `${word}${l}q${k}`));
          const base = lines.map((words) => words.join(' '));
          const ours = apply(lines, oursOps, 'A');
          const theirs = apply(lines, theirsOps, 'B');
          const regions = diff3Regions(ours.lines, base, theirs.lines, mergeWords);
          const lineRegions = diff3Regions(ours.lines, base, theirs.lines);
          if (regions.some((region) => region.kind === 'conflict')) return;
          if (lineRegions.some((region) => region.kind === 'conflict')) resolvedByWords += 1;
          const text = regions.flatMap((region) => (region.kind === 'ok' ? region.items : [])).join('\n');
          const words = tokenize(text).filter((token) => /[\p{L}\p{N}]/u.test(token));
          for (const word of [...ours.added, ...theirs.added]) {
            expect(
              words.filter((w) => w === word),
              `${word} in ${JSON.stringify(text)}`,
            ).toHaveLength(1);
          }
          const baseWords = lines.flat();
          const survivors = baseWords.filter((word) => !ours.removed.has(word) && !theirs.removed.has(word));
          expect(words.filter((word) => baseWords.includes(word))).toEqual(survivors);
        },
      ),
      { numRuns: 1_000 },
    );
    // The property must reach merges only the word level makes clean.
    expect(resolvedByWords).toBeGreaterThan(50);
  });
});
