import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import fc from 'fast-check';
import { lineSeparatorFor, usesCrlf } from '../../src-renderer/src/features/editor/codemirror/line-separator';

function typeAtEnd(doc: string, text: string): string {
  const state = EditorState.create({ doc, extensions: lineSeparatorFor(doc) });
  return state.update({ changes: { from: state.doc.length, insert: text } }).state.sliceDoc();
}

describe('the editor keeps a note’s line endings', () => {
  it('tells CRLF text from LF and mixed text', () => {
    expect(usesCrlf('a\r\nb\r\n')).toBe(true);
    expect(usesCrlf('a\nb\n')).toBe(false);
    expect(usesCrlf('a\r\nb\nc')).toBe(false);
    expect(usesCrlf('no breaks')).toBe(false);
    expect(usesCrlf('\r\n')).toBe(true);
    expect(usesCrlf('\nx\r\n')).toBe(false);
  });

  it('reads any text as "every line break is CRLF" does', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\r', '\n', '\r\n'), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        const crlf = t.split('\r\n').length - 1;
        expect(usesCrlf(t)).toBe(crlf > 0 && t.split('\n').length - 1 === crlf);
      }),
    );
  });

  it('an edit to a CRLF note leaves its other lines CRLF', () => {
    expect(typeAtEnd('# Title\r\n\r\nbody', '!')).toBe('# Title\r\n\r\nbody!');
  });

  it('an edit to an LF note leaves it LF', () => {
    expect(typeAtEnd('# Title\n\nbody', '!')).toBe('# Title\n\nbody!');
  });
});
