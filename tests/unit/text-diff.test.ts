import { describe, expect, it } from 'vitest';
import {
  diffTexts,
  lineChangeCounts,
  sideBySideRows,
  splitLines,
  type DiffBlock,
  type DiffLine,
} from '../../src-shared/diff/text-diff';

const lines = (n: number, prefix = 'line'): string =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

function shown(blocks: DiffBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.kind === 'collapsed'
      ? [`⋯ ${block.lines.length}`]
      : block.lines.map((l) => `${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}${l.text}`),
  );
}

describe('the text diff', () => {
  it('lists removed and added lines with their line numbers on each side', () => {
    const diff = diffTexts('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(diff.status).toBe('ok');
    if (diff.status !== 'ok') return;
    expect(shown(diff.blocks)).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect([diff.added, diff.removed]).toEqual([2, 1]);
    const all = diff.blocks.flatMap((b) => b.lines);
    expect(all.map((l) => [l.oldNo, l.newNo])).toEqual([
      [1, 1],
      [2, null],
      [null, 2],
      [3, 3],
      [null, 4],
    ]);
  });

  it('folds long unchanged runs, keeping three lines of context around each change', () => {
    const before = lines(200);
    const after = before.replace('line 100\n', 'line one hundred\n');
    const diff = diffTexts(before, after);
    if (diff.status !== 'ok') throw new Error('expected a diff');
    expect(shown(diff.blocks)).toEqual([
      '⋯ 96',
      ' line 97',
      ' line 98',
      ' line 99',
      '-line 100',
      '+line one hundred',
      ' line 101',
      ' line 102',
      ' line 103',
      '⋯ 97',
    ]);
    // Folded lines are kept, to be shown when expanded.
    const fold = diff.blocks[0]!;
    expect(fold.kind === 'collapsed' && fold.lines[0]?.text).toBe('line 1');
  });

  it('shows a short unchanged run between two changes instead of folding it', () => {
    const before = 'a\n1\n2\n3\n4\n5\n6\nb\n';
    const after = 'A\n1\n2\n3\n4\n5\n6\nB\n';
    const diff = diffTexts(before, after);
    if (diff.status !== 'ok') throw new Error('expected a diff');
    expect(diff.blocks).toHaveLength(1);
  });

  it('reads CRLF, LF and a missing final newline as the same lines', () => {
    expect(splitLines('a\r\nb\r\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['']);
    const diff = diffTexts('one\r\ntwo\r\nthree\r\n', 'one\r\n2\r\nthree\r\n');
    if (diff.status !== 'ok') throw new Error('expected a diff');
    expect(shown(diff.blocks)).toEqual([' one', '-two', '+2', ' three']);
    expect(lineChangeCounts('a\r\nb\r\n', 'a\nb\n')).toEqual({ added: 0, removed: 0 });
  });

  it('highlights the changed words inside a changed line, not the whole line', () => {
    const diff = diffTexts('The quick brown fox\n', 'The quick red fox\n');
    if (diff.status !== 'ok') throw new Error('expected a diff');
    const [del, add] = diff.blocks[0]!.lines as [DiffLine, DiffLine];
    expect(del.words?.filter((w) => w.changed).map((w) => w.text)).toEqual(['brown']);
    expect(add.words?.filter((w) => w.changed).map((w) => w.text)).toEqual(['red']);
    expect(add.words?.map((w) => w.text).join('')).toBe('The quick red fox');
    // A line rewritten from scratch gets no word highlights: they would mark everything.
    const rewritten = diffTexts('alpha beta gamma\n', 'completely different words\n');
    if (rewritten.status !== 'ok') throw new Error('expected a diff');
    expect(rewritten.blocks[0]!.lines.every((l) => l.words === undefined)).toBe(true);
  });

  it('pairs a replaced run side by side, unchanged lines on both sides', () => {
    const diff = diffTexts('a\nb\nc\nz\n', 'a\nB\nz\n');
    if (diff.status !== 'ok') throw new Error('expected a diff');
    const rows = sideBySideRows(diff.blocks.flatMap((b) => b.lines));
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ['a', 'a'],
      ['b', 'B'],
      ['c', null],
      ['z', 'z'],
    ]);
  });

  it('diffs a 1 MB note with a few changes (only the middle goes to Myers)', () => {
    const before = lines(40_000, 'a fairly long line of text');
    const after = before.replace('line of text 20000\n', 'line of text 20000 edited\n') + 'tail\n';
    const diff = diffTexts(before, after);
    expect(before.length).toBeGreaterThan(1_000_000);
    expect(diff.status === 'ok' && [diff.added, diff.removed]).toEqual([2, 1]);
  });

  it('gives up with a message rather than hang when two texts share almost nothing', () => {
    const before = lines(3_000, 'old');
    const after = lines(3_000, 'new');
    expect(diffTexts(before, after, { maxEditLength: 500 })).toEqual({
      status: 'too-large',
      added: 3_000,
      removed: 3_000,
    });
    expect(lineChangeCounts(before, after, 500)).toEqual({ added: 3_000, removed: 3_000 });
  });

  it('counts changes of an empty side', () => {
    expect(lineChangeCounts('', 'a\nb\n')).toEqual({ added: 2, removed: 0 });
    expect(lineChangeCounts('a\nb\n', '')).toEqual({ added: 0, removed: 2 });
    const diff = diffTexts('', '');
    expect(diff.status === 'ok' && diff.blocks).toEqual([]);
  });
});
