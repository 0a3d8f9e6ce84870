import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SESSION_TRANSITIONS,
  transition,
  verdict,
  type SessionEvent,
  type SessionEventType,
  type SessionState,
  type SessionStateName,
} from '../../src-main/sync/session-machine';

/**
 * Rules S1–S10 (docs/sync-protocol.md, "The device's sync session"): one test per transition,
 * written out here on their own rather than read from the machine's table, then every pair the
 * rules do not name, which must be ignored, and the doc's table, which must be the code's.
 */

const SESSION: SessionStateName[] = [
  'connecting',
  'handshaking',
  'offline',
  'live',
  'retrying',
  'disconnected',
];
const STATES: SessionStateName[] = ['signed-out', ...SESSION, 'stopped', 'unauthenticated', 'closed'];

/** A state of that name, with data where it has some. */
const stateOf = (name: SessionStateName): SessionState => {
  switch (name) {
    case 'offline':
    case 'disconnected':
      return { name, retryAt: 1_000 };
    case 'retrying':
      return { name, reason: 'BATCH_TOO_LARGE' };
    case 'stopped':
      return { name, reason: 'VAULT_NOT_FOUND' };
    case 'unauthenticated':
      return { name, reason: 'UNAUTHENTICATED' };
    default:
      return { name };
  }
};

const EVENTS: Record<SessionEventType, SessionEvent> = {
  resume: { type: 'resume' },
  resumeWithoutToken: { type: 'resumeWithoutToken' },
  signIn: { type: 'signIn' },
  socketOpened: { type: 'socketOpened' },
  socketClosed: { type: 'socketClosed' },
  retryScheduled: { type: 'retryScheduled', retryAt: 5_000 },
  handshakeOk: { type: 'handshakeOk' },
  versionMismatch: { type: 'versionMismatch', reason: 'SERVER_TOO_OLD' },
  requestRefused: { type: 'requestRefused', reason: 'DUPLICATE_ID' },
  requestOk: { type: 'requestOk' },
  fatalRefusal: { type: 'fatalRefusal', reason: 'CLIENT_TOO_OLD' },
  tokenRefused: { type: 'tokenRefused' },
  syncNow: { type: 'syncNow' },
  signOut: { type: 'signOut' },
  close: { type: 'close' },
};

type Expected = [
  rule: string,
  from: SessionStateName[],
  on: SessionEventType,
  to: SessionStateName | `refuse ${string}`,
];

const EXPECTED: Expected[] = [
  ['S1', ['signed-out'], 'resume', 'connecting'],
  ['S1', ['signed-out'], 'resumeWithoutToken', 'unauthenticated'],
  ['S1', ['signed-out', 'stopped', 'unauthenticated'], 'signIn', 'connecting'],
  ['S2', SESSION, 'signIn', 'refuse ALREADY_SIGNED_IN'],
  ['S2', ['closed'], 'signIn', 'refuse SHUTTING_DOWN'],
  ['S3', ['connecting', 'offline'], 'socketOpened', 'handshaking'],
  ['S3', ['connecting', 'handshaking'], 'handshakeOk', 'live'],
  ['S3', ['offline'], 'handshakeOk', 'disconnected'],
  ['S3', ['connecting', 'handshaking', 'offline'], 'versionMismatch', 'stopped'],
  ['S4', ['connecting', 'handshaking', 'offline'], 'socketClosed', 'offline'],
  ['S4', ['connecting', 'handshaking', 'offline'], 'retryScheduled', 'offline'],
  ['S5', ['live', 'retrying', 'disconnected'], 'socketClosed', 'disconnected'],
  ['S5', ['live', 'retrying', 'disconnected'], 'retryScheduled', 'disconnected'],
  ['S5', ['disconnected'], 'socketOpened', 'live'],
  ['S6', ['live', 'retrying'], 'requestRefused', 'retrying'],
  ['S6', ['retrying'], 'requestOk', 'live'],
  ['S7', SESSION, 'fatalRefusal', 'stopped'],
  ['S7', [...SESSION, 'stopped'], 'tokenRefused', 'unauthenticated'],
  ['S8', ['offline', 'disconnected', 'stopped'], 'syncNow', 'connecting'],
  ['S8', ['connecting'], 'syncNow', 'connecting'],
  ['S8', ['handshaking'], 'syncNow', 'handshaking'],
  ['S8', ['live'], 'syncNow', 'live'],
  ['S8', ['retrying'], 'syncNow', 'retrying'],
  ['S9', [...SESSION, 'stopped', 'unauthenticated'], 'signOut', 'signed-out'],
  ['S10', STATES.filter((name) => name !== 'closed'), 'close', 'closed'],
];

const cases = EXPECTED.flatMap(([rule, from, on, to]) => from.map((name) => ({ rule, from: name, on, to })));

describe('the sync session machine (S1–S10)', () => {
  it.each(cases)('$rule: $from + $on → $to', ({ from, on, to }) => {
    const state = stateOf(from);
    const next = transition(state, EVENTS[on]);
    if (to.startsWith('refuse ')) {
      expect(verdict(state, on)).toEqual({ kind: 'refuse', reason: to.slice('refuse '.length) });
      // A refusal changes nothing: the caller throws, the state stays.
      expect(next).toBe(state);
    } else {
      expect(verdict(state, on)).toEqual({ kind: 'move', to });
      expect(next.name).toBe(to);
      expect(next).not.toBe(state);
    }
  });

  it('S1–S10: every (state, event) pair the rules do not name is ignored, the state object kept', () => {
    const named = new Set(cases.map(({ from, on }) => `${from} ${on}`));
    const ignored: string[] = [];
    for (const name of STATES) {
      for (const [type, event] of Object.entries(EVENTS)) {
        if (named.has(`${name} ${type}`)) continue;
        const state = stateOf(name);
        expect(verdict(state, event.type), `${name} + ${type}`).toEqual({ kind: 'ignore' });
        expect(transition(state, event), `${name} + ${type}`).toBe(state);
        ignored.push(`${name} ${type}`);
      }
    }
    // The closed state ignores everything but a sign-in, which it refuses (S10, S2).
    expect(ignored.filter((pair) => pair.startsWith('closed '))).toHaveLength(Object.keys(EVENTS).length - 1);
  });

  it('S4: offline keeps the next retry time through another close; a new schedule replaces it', () => {
    const handshaking = transition({ name: 'handshaking' }, { type: 'socketClosed' });
    expect(handshaking).toEqual({ name: 'offline', retryAt: null });
    const scheduled = transition(handshaking, { type: 'retryScheduled', retryAt: 7 });
    expect(scheduled).toEqual({ name: 'offline', retryAt: 7 });
    expect(transition(scheduled, { type: 'socketClosed' })).toEqual({ name: 'offline', retryAt: 7 });
    expect(transition(scheduled, { type: 'retryScheduled', retryAt: 9 })).toEqual({
      name: 'offline',
      retryAt: 9,
    });
  });

  it('S5: a live session that loses its socket is disconnected with no retry time until one is scheduled', () => {
    const dropped = transition({ name: 'live' }, { type: 'socketClosed' });
    expect(dropped).toEqual({ name: 'disconnected', retryAt: null });
    expect(transition(dropped, { type: 'retryScheduled', retryAt: 3 })).toEqual({
      name: 'disconnected',
      retryAt: 3,
    });
    expect(
      transition({ name: 'retrying', reason: 'DUPLICATE_ID' }, { type: 'retryScheduled', retryAt: 4 }),
    ).toEqual({
      name: 'disconnected',
      retryAt: 4,
    });
  });

  it('S6: retrying names the latest refusal, and "sync now" keeps it', () => {
    const refused = transition({ name: 'live' }, { type: 'requestRefused', reason: 'BATCH_TOO_LARGE' });
    expect(refused).toEqual({ name: 'retrying', reason: 'BATCH_TOO_LARGE' });
    const again = transition(refused, { type: 'requestRefused', reason: 'REQUEST_TOO_LARGE' });
    expect(again).toEqual({ name: 'retrying', reason: 'REQUEST_TOO_LARGE' });
    expect(transition(again, { type: 'syncNow' })).toEqual({ name: 'retrying', reason: 'REQUEST_TOO_LARGE' });
  });

  it('S3/S7: stopped names the refusal that stopped it', () => {
    expect(
      transition({ name: 'handshaking' }, { type: 'versionMismatch', reason: 'CLIENT_TOO_OLD' }),
    ).toEqual({
      name: 'stopped',
      reason: 'CLIENT_TOO_OLD',
    });
    expect(transition({ name: 'live' }, { type: 'fatalRefusal', reason: 'VAULT_NOT_FOUND' })).toEqual({
      name: 'stopped',
      reason: 'VAULT_NOT_FOUND',
    });
  });

  it('S1/S7: unauthenticated says why: the keychain lost the token, or the server refused it', () => {
    expect(transition({ name: 'signed-out' }, { type: 'resumeWithoutToken' })).toEqual({
      name: 'unauthenticated',
      reason: 'SIGN_IN_NOT_KEPT',
    });
    expect(transition({ name: 'live' }, { type: 'tokenRefused' })).toEqual({
      name: 'unauthenticated',
      reason: 'UNAUTHENTICATED',
    });
  });

  it("S1–S10: docs/sync-protocol.md's session table is the code's, row for row", () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const doc = fs.readFileSync(path.resolve(here, '../../docs/sync-protocol.md'), 'utf8');
    const names = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    const documented = doc
      .split('\n')
      .filter((line) => /^\| S\d+ /.test(line))
      .map((line) => {
        const [rule, from, on, to] = line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim());
        const target = names(to!)[0]!;
        return {
          rule,
          from: names(from!),
          on: names(on!)[0],
          to: to!.startsWith('refused') ? { refuse: target } : target,
        };
      });
    expect(documented).toEqual(SESSION_TRANSITIONS.map((row) => ({ ...row, from: [...row.from] })));
  });
});
