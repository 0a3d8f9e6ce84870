import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import {
  conflictSyntax,
  hasConflictMarkers,
  nextConflictLine,
} from '../../src-renderer/src/features/editor/codemirror/conflict-markers';
import {
  describeSyncStatus,
  formatCountdown,
  progressText,
} from '../../src-renderer/src/features/sync/sync-status-text';
import { firstLine, formatSize } from '../../src-renderer/src/features/history/text-stats';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { SIGNED_OUT, syncStatus } from './support/fake-host';

const NOW = Date.UTC(2025, 2, 14, 12, 0);

describe('describeSyncStatus', () => {
  it('R10: says how many notes were set aside, while the rest is synced', () => {
    const text = describeSyncStatus(
      syncStatus({ state: 'synced', setAside: [{ id: 'n1', reason: 'INVALID_DOCUMENT' }], setAsideCount: 1 }),
      NOW,
      null,
    );
    expect(text).toMatchObject({ label: 'Synced', tone: 'warning', detail: '1 note could not be synced' });
    expect(text.announcement).toBe('Synced, but 1 note could not be synced.');
    expect(describeSyncStatus(syncStatus({ state: 'synced' }), NOW, null)).toMatchObject({
      tone: 'ok',
      detail: null,
    });
  });

  it('names every state in a few words, with the action that helps', () => {
    const cases = [
      [SIGNED_OUT, 'Sync is off', null],
      [syncStatus({ state: 'connecting' }), 'Connecting…', null],
      [syncStatus({ state: 'syncing' }), 'Syncing…', null],
      [syncStatus({ state: 'syncing', pendingPush: 1_234 }), 'Syncing 1,234 changes', null],
      [syncStatus({ state: 'synced' }), 'Synced', null],
      [syncStatus({ state: 'offline', retryAt: NOW + 5_000 }), 'Offline', 'Retry now'],
      [syncStatus({ state: 'error', error: { reason: 'UNAUTHENTICATED' } }), 'Signed out', 'Sign in again'],
      [
        syncStatus({ state: 'error', error: { reason: 'VAULT_NOT_FOUND' } }),
        'Account not found',
        'Sign in again',
      ],
      [syncStatus({ state: 'error', error: { reason: 'SIGN_IN_NOT_KEPT' } }), 'Signed out', 'Sign in again'],
      [syncStatus({ state: 'error', error: { reason: 'CLIENT_TOO_OLD' } }), 'Update Quire', 'Try again'],
      [syncStatus({ state: 'error', error: { reason: 'NETWORK' } }), 'Can’t reach server', 'Try again'],
      [syncStatus({ state: 'error', error: { reason: 'UNKNOWN' } }), 'Sync error', 'Try again'],
      [syncStatus({ state: 'error', error: { reason: 'REGISTRATION_CLOSED' } }), 'Sign-up closed', null],
    ] as const;
    for (const [status, label, action] of cases) {
      const text = describeSyncStatus(status, NOW, status.retryAt === null ? null : 5);
      expect([text.label, text.action?.label ?? null]).toEqual([label, action]);
    }
  });

  it('takes an error’s headline and words from REASON_WORDS', () => {
    const text = describeSyncStatus(
      syncStatus({ state: 'error', error: { reason: 'DOCUMENT_TOO_LARGE' } }),
      NOW,
      null,
    );
    const { headline, words } = REASON_WORDS.DOCUMENT_TOO_LARGE;
    expect(text).toMatchObject({ label: headline, detail: words, announcement: `Sync stopped: ${words}` });
    expect(text.title.startsWith(`${words} Last synced`)).toBe(true);
  });

  it('keeps the progress counts for the bar, and the countdown out of the announcement', () => {
    const syncing = describeSyncStatus(
      syncStatus({ state: 'syncing', pendingPush: 4, progress: { done: 1_200, total: 10_000 } }),
      NOW,
      null,
    );
    expect(syncing.label).toBe('Syncing…');
    expect(syncing.title).toMatch(/^Syncing 1,200 of 10,000 notes with sync\.example\.com\./);

    const offline = describeSyncStatus(syncStatus({ state: 'offline', retryAt: NOW + 75_000 }), NOW, 75);
    expect(offline.detail).toBe('Retrying in 1 min 15 s');
    expect(offline.announcement).not.toMatch(/\d/);
    expect(describeSyncStatus(syncStatus({ state: 'offline', retryAt: NOW }), NOW, 0).detail).toBe(
      'Retrying…',
    );
  });

  it('says when it last synced', () => {
    expect(describeSyncStatus(syncStatus({ lastSyncedAt: NOW - 3 * 60_000 }), NOW, null).title).toMatch(
      /^Last synced 3m ago \(/,
    );
    expect(describeSyncStatus(syncStatus({ lastSyncedAt: null }), NOW, null).title).toMatch(
      /^Not synced yet\./,
    );
  });

  it('formats counts and countdowns', () => {
    expect(progressText({ done: 1, total: 1 })).toBe('Syncing 1 of 1 note');
    expect(progressText({ done: 12_000, total: 10_000 })).toBe('Syncing 10,000 of 10,000 notes');
    expect(formatCountdown(9)).toBe('9 s');
    expect(formatCountdown(60)).toBe('1 min 00 s');
  });
});

describe('conflict markers', () => {
  const doc = Text.of([
    'a',
    '<<<<<<< this device',
    'x',
    '=======',
    'y',
    '>>>>>>> other device',
    'b',
    '<<<<<<<',
    'z',
  ]);

  it('finds merge markers, not look-alikes', () => {
    expect(hasConflictMarkers(doc.toString())).toBe(true);
    expect(hasConflictMarkers('a\n<<<<<<<< eight\n<<<<<<<x')).toBe(false);
    expect(hasConflictMarkers('Heading\n=======')).toBe(false);
  });

  it('goes to the next opening marker after the cursor, wrapping around', () => {
    expect(nextConflictLine(doc, 0)).toEqual({ from: doc.line(2).from, to: doc.line(2).to });
    expect(nextConflictLine(doc, doc.line(2).to)).toEqual({ from: doc.line(8).from, to: doc.line(8).to });
    expect(nextConflictLine(doc, doc.length)).toEqual({ from: doc.line(2).from, to: doc.line(2).to });
    expect(nextConflictLine(Text.of(['plain']), 0)).toBeNull();
  });
});

describe('conflict syntax', () => {
  const parser = markdown({ base: markdownLanguage, extensions: conflictSyntax }).language.parser;
  const blocks = (text: string): string[] => {
    const names: string[] = [];
    for (let child = parser.parse(text).topNode.firstChild; child; child = child.nextSibling)
      names.push(child.name);
    return names;
  };

  it('keeps a conflict one raw block: no setext heading from =======, no blockquote from >>>>>>>', () => {
    const merged = [
      'intro',
      '<<<<<<< this device',
      'ours',
      '=======',
      'theirs',
      '>>>>>>> other device',
      'after',
    ];
    expect(blocks(merged.join('\n'))).toEqual(['Paragraph', 'ConflictRegion', 'Paragraph']);
    expect(blocks('Title\n=======\n')).toEqual(['SetextHeading1']);
    expect(blocks('> quote\n')).toEqual(['Blockquote']);
  });

  it('runs to the end of the note while the closing marker is missing', () => {
    expect(blocks('<<<<<<< this device\nours\n=======\n')).toEqual(['ConflictRegion']);
  });
});

describe('text stats', () => {
  it('finds the first line worth showing and the size', () => {
    expect(firstLine('---\ntags: [a]\n---\n\n# Plan\n\n- buy milk', 'Plan')).toBe('buy milk');
    expect(firstLine('# Plan', 'Plan')).toBe('Plan');
    expect(firstLine('')).toBe('');
    expect(formatSize('é'.repeat(600))).toBe('1.2 KB');
    expect(formatSize('abc')).toBe('3 B');
  });
});
