import { afterEach, describe, expect, it, vi } from 'vitest';
import { mergeNoticeText, showMergeNotice } from '../../src-renderer/src/features/editor/merge-notice';
import { toasts } from '../../src-renderer/src/ui/toast-store';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('merge notices (E7)', () => {
  it('names where the merged changes came from, and says when a deleted note came back', () => {
    expect(mergeNoticeText({ from: 'another-device', conflicted: false, restored: false })).toBe(
      'Merged changes from another device.',
    );
    expect(mergeNoticeText({ from: 'another-window', conflicted: false, restored: false })).toBe(
      'Merged changes from another window.',
    );
    expect(mergeNoticeText({ from: 'another-device', conflicted: true, restored: false })).toMatch(
      /^Merged changes from another device\. Some text was changed on both sides/,
    );
    expect(mergeNoticeText({ from: 'another-device', conflicted: false, restored: true })).toBe(
      'This note was restored because another device edited it after it was deleted.',
    );
  });

  it('shows one notice for the save answer and the change event of the same merge', () => {
    vi.useFakeTimers();
    const show = vi.spyOn(toasts, 'show');
    const notice = { from: 'another-device', conflicted: false, restored: false } as const;
    showMergeNotice('n-dedupe', notice);
    showMergeNotice('n-dedupe', notice);
    expect(show).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3_500);
    showMergeNotice('n-dedupe', notice);
    expect(show).toHaveBeenCalledTimes(2);
  });
});
