import { describe, expect, it } from 'vitest';
import {
  lineForTop,
  orderedAnchors,
  topForLine,
} from '../../src-renderer/src/features/editor/preview-sync/scroll-map';

const anchors = orderedAnchors([
  { line: 1, top: 0 },
  { line: 5, top: 100 },
  { line: 9, top: 300 },
  { line: 21, top: 900 },
]);

describe('scroll mapping between editor lines and preview offsets', () => {
  it('puts a block’s first line at its element, and interpolates inside blocks', () => {
    expect(topForLine(anchors, 5)).toBe(100);
    expect(topForLine(anchors, 7)).toBe(200);
    expect(topForLine(anchors, 5.5)).toBe(125);
    expect(lineForTop(anchors, 200)).toBe(7);
    expect(lineForTop(anchors, 600)).toBe(15);
  });

  it('is its own inverse, so following one pane from the other does not drift', () => {
    for (const line of [1, 2.25, 5, 8.9, 13, 20.5]) {
      expect(lineForTop(anchors, topForLine(anchors, line)!)).toBeCloseTo(line, 9);
    }
  });

  it('clamps before the first and after the last anchor', () => {
    expect(topForLine(anchors, 0)).toBe(0);
    expect(topForLine(anchors, 40)).toBe(900);
    expect(lineForTop(anchors, 5000)).toBe(21);
    expect(topForLine([], 3)).toBeNull();
  });

  it('drops anchors out of order (a later line placed higher), keeping the mapping monotonic', () => {
    const messy = orderedAnchors([
      { line: 9, top: 300 },
      { line: 1, top: 0 },
      { line: 5, top: 400 },
      { line: 12, top: 500 },
      { line: 12, top: 520 },
    ]);
    expect(messy).toEqual([
      { line: 1, top: 0 },
      { line: 5, top: 400 },
      { line: 12, top: 500 },
    ]);
  });
});
