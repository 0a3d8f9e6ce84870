import { describe, expect, it } from 'vitest';
import {
  hasConflictMarkers,
  parseConflictBlocks,
  resolveConflictBlock,
  type ConflictBlock,
  type ConflictChoice,
} from '../../src-shared/sync/conflict-blocks';
import { conflictMarkerLines } from '../../src-shared/sync/merge';

const lines = (...all: string[]): string => all.join('\n');

/** Applies the resolution of the `index`th block. */
function resolve(text: string, choice: ConflictChoice, index = 0): string {
  const block = parseConflictBlocks(text)[index];
  if (!block) throw new Error(`no block ${index}`);
  const { from, to, insert } = resolveConflictBlock(text, block, choice);
  return text.slice(0, from) + insert + text.slice(to);
}

const TWO = lines(
  '# Plan',
  '<<<<<<< Laptop',
  'ours one',
  'ours two',
  '=======',
  'theirs',
  '>>>>>>> another device',
  'between',
  '<<<<<<<',
  '=======',
  'only theirs',
  '>>>>>>>',
  'after',
  '',
);

describe('parseConflictBlocks', () => {
  it('reads each block with its offsets, labels and sides', () => {
    const blocks = parseConflictBlocks(TWO);
    expect(blocks).toHaveLength(2);
    const [first, second] = blocks as [ConflictBlock, ConflictBlock];
    expect(first).toEqual({
      from: TWO.indexOf('<<<<<<< Laptop'),
      to: TWO.indexOf('between'),
      oursLabel: 'Laptop',
      theirsLabel: 'another device',
      ours: 'ours one\nours two\n',
      theirs: 'theirs\n',
    });
    expect(TWO.slice(first.from, first.to)).toBe(
      '<<<<<<< Laptop\nours one\nours two\n=======\ntheirs\n>>>>>>> another device\n',
    );
    expect(second).toMatchObject({ oursLabel: '', theirsLabel: '', ours: '', theirs: 'only theirs\n' });
    expect(TWO.slice(second.to)).toBe('after\n');
  });

  it('keeps labels as free text, trimmed', () => {
    const text = lines('<<<<<<< Alice’s laptop (work) ', '=======', '>>>>>>>\tPhone 2', '');
    expect(parseConflictBlocks(text)).toMatchObject([
      { oursLabel: 'Alice’s laptop (work)', theirsLabel: 'Phone 2', ours: '', theirs: '' },
    ]);
  });

  it('finds blocks at the very start and end of the text, with no final line break', () => {
    const text = lines('<<<<<<< Laptop', 'a', '=======', 'b', '>>>>>>> another device');
    expect(parseConflictBlocks(text)).toEqual([
      {
        from: 0,
        to: text.length,
        oursLabel: 'Laptop',
        theirsLabel: 'another device',
        ours: 'a\n',
        theirs: 'b\n',
      },
    ]);
  });

  it('reads CRLF texts, keeping their line breaks in the sides', () => {
    const text = 'x\r\n<<<<<<< Laptop\r\na\r\n=======\r\nb\r\nc\r\n>>>>>>> another device\r\ny\r\n';
    const [block] = parseConflictBlocks(text);
    expect(block).toEqual({
      from: 3,
      to: text.indexOf('y'),
      oursLabel: 'Laptop',
      theirsLabel: 'another device',
      ours: 'a\r\n',
      theirs: 'b\r\nc\r\n',
    });
    // Bare markers too: the `\r` is the line break, not part of the marker.
    expect(parseConflictBlocks('<<<<<<<\r\n=======\r\n>>>>>>>\r\n')).toMatchObject([
      { ours: '', theirs: '' },
    ]);
    // A lone `\r` breaks a line too, as in CodeMirror; U+2028 does not.
    expect(parseConflictBlocks('a\r<<<<<<< x\ro\r=======\r>>>>>>> y\r')).toEqual([
      { from: 2, to: 32, oursLabel: 'x', theirsLabel: 'y', ours: 'o\r', theirs: '' },
    ]);
    expect(parseConflictBlocks('a\u2028<<<<<<< x\n=======\n>>>>>>> y')).toEqual([]);
  });

  it('ignores look-alikes and blocks that are not complete', () => {
    expect(parseConflictBlocks('')).toEqual([]);
    expect(parseConflictBlocks(lines('<<<<<<<< eight', '=======', '>>>>>>>>', ''))).toEqual([]);
    expect(parseConflictBlocks(lines('<<<<<<<x', '=======', '>>>>>>>x'))).toEqual([]);
    expect(parseConflictBlocks(lines(' <<<<<<< indented', '=======', '>>>>>>> b'))).toEqual([]);
    expect(parseConflictBlocks('Heading\n=======\n> quote')).toEqual([]);
    // Never closed.
    expect(parseConflictBlocks(lines('<<<<<<< a', 'x', '=======', 'y'))).toEqual([]);
    // Closed before any separator: not a block, and its closing line ends it.
    expect(parseConflictBlocks(lines('<<<<<<< a', 'x', '>>>>>>> b', '=======', '>>>>>>> c'))).toEqual([]);
  });

  it('starts over at an opening marker inside a block; a second separator is text', () => {
    const text = lines(
      '<<<<<<< stray',
      'x',
      '<<<<<<< a',
      'o',
      '=======',
      'Title',
      '=======',
      '>>>>>>> b',
      '',
    );
    expect(parseConflictBlocks(text)).toEqual([
      {
        from: text.indexOf('<<<<<<< a'),
        to: text.length,
        oursLabel: 'a',
        theirsLabel: 'b',
        ours: 'o\n',
        theirs: 'Title\n=======\n',
      },
    ]);
  });
});

describe('hasConflictMarkers', () => {
  it('is true for an opening marker at a line start, complete block or not', () => {
    expect(hasConflictMarkers(TWO)).toBe(true);
    expect(hasConflictMarkers('<<<<<<<')).toBe(true);
    expect(hasConflictMarkers('a\n<<<<<<< never closed')).toBe(true);
    expect(hasConflictMarkers('a\r\n<<<<<<<\r\nb')).toBe(true);
    expect(hasConflictMarkers('a\n<<<<<<<< eight\n<<<<<<<x')).toBe(false);
    expect(hasConflictMarkers('a <<<<<<< mid-line')).toBe(false);
    expect(hasConflictMarkers('Heading\n=======\n>>>>>>> b')).toBe(false);
    expect(hasConflictMarkers('')).toBe(false);
  });
});

describe('resolveConflictBlock', () => {
  it('keeps this side, the other side, or both in order, and leaves the rest alone', () => {
    expect(resolve(TWO, 'ours')).toBe(
      lines(
        '# Plan',
        'ours one',
        'ours two',
        'between',
        '<<<<<<<',
        '=======',
        'only theirs',
        '>>>>>>>',
        'after',
        '',
      ),
    );
    expect(resolve(TWO, 'theirs')).toBe(
      lines('# Plan', 'theirs', 'between', '<<<<<<<', '=======', 'only theirs', '>>>>>>>', 'after', ''),
    );
    expect(resolve(TWO, 'both')).toBe(
      lines(
        '# Plan',
        'ours one',
        'ours two',
        'theirs',
        'between',
        '<<<<<<<',
        '=======',
        'only theirs',
        '>>>>>>>',
        'after',
        '',
      ),
    );
    expect(resolve(TWO, 'ours', 1)).toBe(TWO.replace('<<<<<<<\n=======\nonly theirs\n>>>>>>>\n', ''));
    expect(resolve(resolve(TWO, 'both'), 'theirs')).toBe(
      lines('# Plan', 'ours one', 'ours two', 'theirs', 'between', 'only theirs', 'after', ''),
    );
  });

  it('returns the change itself: the block’s range and the kept lines', () => {
    const [block] = parseConflictBlocks(TWO) as [ConflictBlock];
    expect(resolveConflictBlock(TWO, block, 'both')).toEqual({
      from: block.from,
      to: block.to,
      insert: 'ours one\nours two\ntheirs\n',
    });
  });

  it('adds no line break at the end of a text that had none', () => {
    const text = lines('start', '<<<<<<< Laptop', 'a', '=======', 'b', '>>>>>>> another device');
    expect(resolve(text, 'ours')).toBe('start\na');
    expect(resolve(text, 'theirs')).toBe('start\nb');
    expect(resolve(text, 'both')).toBe('start\na\nb');
    // Keeping an empty side: the line break before the block goes too.
    const emptyOurs = lines('start', '<<<<<<< Laptop', '=======', 'b', '>>>>>>> another device');
    expect(resolve(emptyOurs, 'ours')).toBe('start');
    expect(resolve(emptyOurs, 'both')).toBe('start\nb');
    // The block is the whole text.
    expect(resolve(lines('<<<<<<<', '=======', '>>>>>>>'), 'both')).toBe('');
    expect(resolve(lines('<<<<<<<', 'a', '=======', '>>>>>>>'), 'ours')).toBe('a');
  });

  it('keeps a final line break that was there', () => {
    const text = lines('<<<<<<< Laptop', 'a', '=======', 'b', '>>>>>>> another device', '');
    expect(resolve(text, 'ours')).toBe('a\n');
    expect(resolve(text, 'theirs')).toBe('b\n');
    expect(resolve(lines('x', '<<<<<<<', '=======', '>>>>>>>', ''), 'theirs')).toBe('x\n');
  });

  it('keeps CRLF line breaks as they are', () => {
    const text = 'x\r\n<<<<<<< Laptop\r\na\r\n=======\r\nb\r\n>>>>>>> another device\r\ny';
    expect(resolve(text, 'ours')).toBe('x\r\na\r\ny');
    expect(resolve(text, 'both')).toBe('x\r\na\r\nb\r\ny');
    const atEnd = 'x\r\n<<<<<<< Laptop\r\na\r\n=======\r\nb\r\n>>>>>>> another device';
    expect(resolve(atEnd, 'theirs')).toBe('x\r\nb');
    expect(resolve('x\r\n<<<<<<<\r\n=======\r\nb\r\n>>>>>>>', 'ours')).toBe('x');
  });

  it('refuses a block read from another text', () => {
    const [block] = parseConflictBlocks(TWO) as [ConflictBlock];
    expect(() => resolveConflictBlock(`!${TWO}`, block, 'ours')).toThrow(RangeError);
    expect(() => resolveConflictBlock(TWO.slice(0, block.to - 2), block, 'ours')).toThrow(RangeError);
    expect(() => resolveConflictBlock(TWO.replace('ours one', 'ours 1'), block, 'ours')).toThrow(RangeError);
    expect(() => resolveConflictBlock(TWO, { ...block, to: block.to - 1 }, 'ours')).toThrow(RangeError);
  });
});

describe('the markers the merge writes', () => {
  it('parse back as one block with the labels written, whatever the labels hold', () => {
    for (const labels of [
      { ours: 'Alice’s laptop', theirs: 'another device' },
      { ours: '  ', theirs: 'line\nbreak\r\tand tab' },
      { ours: '<<<<<<< x', theirs: '=======' },
    ]) {
      const markers = conflictMarkerLines(labels);
      const text = lines('before', markers.open, 'ours', markers.separator, 'theirs', markers.close, 'after');
      expect(hasConflictMarkers(text)).toBe(true);
      const [block, ...more] = parseConflictBlocks(text);
      expect(more).toEqual([]);
      expect(block).toMatchObject({ ours: 'ours\n', theirs: 'theirs\n' });
      expect(`<<<<<<< ${block?.oursLabel}`).toBe(markers.open);
      expect(`>>>>>>> ${block?.theirsLabel}`).toBe(markers.close);
    }
  });
});
