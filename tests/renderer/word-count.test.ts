import { describe, expect, it } from 'vitest';
import {
  countLine,
  countNote,
  createWordCounter,
  describeCount,
  frontmatterLines,
  plainLine,
} from '../../src-renderer/src/features/editor/word-count';

describe('word count', () => {
  it('counts English words and characters, contractions and hyphenated words as one', () => {
    expect(countNote('The quick brown fox jumps over the lazy dog.')).toEqual({ words: 9, characters: 44 });
    expect(countNote("Don't stop: a well-known fact — twice.").words).toBe(6);
    expect(countNote('3.14 is π, and 1,000 is a number').words).toBe(8);
  });

  it('counts each Han, Kana and Hangul character as a word, beside the words of other scripts', () => {
    expect(countNote('東京都に住んでいます').words).toBe(10);
    expect(countNote('한국어 문장').words).toBe(5);
    expect(countNote('我爱 Markdown 和 CodeMirror 6').words).toBe(6);
    expect(countNote('カタカナとひらがな').characters).toBe(9);
    // Thai has no spaces between words: the segmenter's dictionary finds them.
    expect(countNote('สวัสดีครับ').words).toBe(2);
    expect(countNote('café naïve').characters).toBe(10);
    expect(countNote('cafe\u0301').characters).toBe(4);
  });

  it('counts an emoji as a character but not as a word', () => {
    expect(countNote('Ship it 🚀')).toEqual({ words: 2, characters: 9 });
    // One grapheme each, however many code points: a skin tone, a family, a flag.
    expect(countNote('👍🏽👨‍👩‍👧🇯🇵')).toEqual({ words: 0, characters: 3 });
  });

  it('leaves Markdown syntax out', () => {
    expect(plainLine('## A **bold** _move_ ##')).toBe('A bold move');
    expect(countNote('# Title\n\n- [ ] buy *milk*\n1. call `Ada`\n> quoted words')).toEqual({
      words: 7,
      characters: 'Title'.length + 'buy milk'.length + 'call Ada'.length + 'quoted words'.length,
    });
    expect(
      countNote('See [the docs](https://example.com/a/very/long/path) and [[Data Model|the model]].').words,
    ).toBe(6);
    expect(countNote('[[Data Model]] and ![[diagram.png]] %%hidden note%%').words).toBe(3);
    expect(countNote('```js\nconst x = 1;\n```\n\n---\n\n| a | b |\n|---|---|\n| c | d |').words).toBe(7);
    expect(countNote('Setext\n======').words).toBe(1);
    expect(countLine('***')).toEqual({ words: 0, characters: 0 });
  });

  it('excludes the frontmatter', () => {
    const note = '---\ntitle: Many words in the frontmatter\ntags: [a, b]\n---\nTwo words';
    expect(frontmatterLines(note.split('\n'))).toBe(4);
    expect(countNote(note)).toEqual({ words: 2, characters: 9 });
    // No closing line: not frontmatter; a rule later in the note is not either.
    expect(countNote('---\nnot closed').words).toBe(2);
    expect(countNote('text\n---\nmore\n---').words).toBe(2);
    expect(countNote('---\r\ntitle: x\r\n---\r\nCRLF body').words).toBe(2);
  });

  it('counts only what is given, so a selection counts its own lines', () => {
    const counter = createWordCounter();
    expect(counter.count(['one two', 'three'])).toEqual({ words: 3, characters: 12 });
    // The same counter again: remembered lines and new ones add up the same way.
    expect(counter.count(['one two', 'three', 'four five'])).toEqual({ words: 5, characters: 21 });
    expect(counter.count(['three'])).toEqual({ words: 1, characters: 5 });
  });

  it('says it in words', () => {
    expect(describeCount({ words: 12, characters: 64 }, null)).toBe('12 words · 64 characters');
    expect(describeCount({ words: 1, characters: 1 }, null)).toBe('1 word · 1 character');
    expect(describeCount({ words: 120, characters: 600 }, { words: 3, characters: 12 })).toBe(
      '3 of 120 words selected',
    );
    // Thousands grouped as the user's locale writes them.
    expect(describeCount({ words: 12_345, characters: 67_890 }, null)).toBe(
      `${(12_345).toLocaleString()} words · ${(67_890).toLocaleString()} characters`,
    );
  });
});
