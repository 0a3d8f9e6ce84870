import type { FailureReason } from '../../src-shared/errors/reasons';
import type { FailureDetails } from '../../src-shared/errors/failure-details';

/**
 * The device's sync session as a state machine: rules S1–S10 of docs/sync-protocol.md, whose table
 * is `SESSION_TRANSITIONS` row for row (a test keeps the two equal). Pure: the sync service feeds
 * it what happened and acts on the state it returns (start or stop a session, pull now…).
 *
 * Whether a live session is "syncing" or "synced" is not a state here: it is work in flight
 * (RxDB's activity, pending pushes, a catch-up), which sync-status.ts reads (S11).
 */

export type SessionState =
  /** No account on this device (S1). */
  | { name: 'signed-out' }
  /** A session started; its socket has not opened yet. */
  | { name: 'connecting' }
  /** The socket is open; `hello` has not agreed on a version yet, so nothing is pulled (R1). */
  | { name: 'handshaking' }
  /** The socket is down before the handshake agreed; it reconnects at `retryAt` (C3). */
  | { name: 'offline'; retryAt: number | null }
  /** Versions agreed, socket open: the replication pulls, pushes and streams. */
  | { name: 'live' }
  /** Live, but the server refused the last request for a reason retrying can fix. */
  | { name: 'retrying'; reason: FailureReason; details?: FailureDetails }
  /** The socket dropped after the handshake; it reconnects at `retryAt`, then pulls (R14). */
  | { name: 'disconnected'; retryAt: number | null }
  /** A refusal retrying cannot fix (versions, vault): replication stopped, token kept. */
  | { name: 'stopped'; reason: FailureReason; details?: FailureDetails }
  /**
   * The token was refused (UNAUTHENTICATED), or the keychain no longer has it (SIGN_IN_NOT_KEPT):
   * replication stopped until the user signs in again.
   */
  | { name: 'unauthenticated'; reason: 'UNAUTHENTICATED' | 'SIGN_IN_NOT_KEPT' }
  /** The host is closing; nothing leaves this state. */
  | { name: 'closed' };

export type SessionStateName = SessionState['name'];

export type SessionEvent =
  /** At host start: the stored account and its token were read. */
  | { type: 'resume' }
  /** At host start: the stored account has no token in the keychain. */
  | { type: 'resumeWithoutToken' }
  /** A sign-in or sign-up stored a new account; its session starts. */
  | { type: 'signIn' }
  | { type: 'socketOpened' }
  | { type: 'socketClosed' }
  /** The socket client will reconnect at `retryAt`. */
  | { type: 'retryScheduled'; retryAt: number }
  /** `hello` agreed on a protocol version (R1). */
  | { type: 'handshakeOk' }
  /** `hello` found no version both sides serve (R1). */
  | { type: 'versionMismatch'; reason: FailureReason }
  /** A request was refused for a reason retrying can fix; RxDB retries it. */
  | { type: 'requestRefused'; reason: FailureReason; details?: FailureDetails }
  /** A pull was answered or a push accepted. */
  | { type: 'requestOk' }
  /** A refusal retrying cannot fix, other than the token's (sync-errors.ts FATAL_REASONS). */
  | { type: 'fatalRefusal'; reason: FailureReason; details?: FailureDetails }
  /** The server refused the session token (A4, A5), or the keychain no longer has it. */
  | { type: 'tokenRefused' }
  | { type: 'syncNow' }
  | { type: 'signOut' }
  | { type: 'close' };

export type SessionEventType = SessionEvent['type'];

export interface SessionTransition {
  /** The rule of docs/sync-protocol.md this row belongs to. */
  rule: `S${number}`;
  from: readonly SessionStateName[];
  on: SessionEventType;
  /** The next state, or a refusal the caller turns into an error; the state stays. */
  to: SessionStateName | { refuse: FailureReason };
}

const SESSION: readonly SessionStateName[] = [
  'connecting',
  'handshaking',
  'offline',
  'live',
  'retrying',
  'disconnected',
];
const ALL: readonly SessionStateName[] = ['signed-out', ...SESSION, 'stopped', 'unauthenticated', 'closed'];

/** Every (state, event) pair not listed here is ignored: the state stays as it is. */
export const SESSION_TRANSITIONS: readonly SessionTransition[] = [
  { rule: 'S1', from: ['signed-out'], on: 'resume', to: 'connecting' },
  { rule: 'S1', from: ['signed-out'], on: 'resumeWithoutToken', to: 'unauthenticated' },
  { rule: 'S1', from: ['signed-out', 'stopped', 'unauthenticated'], on: 'signIn', to: 'connecting' },
  { rule: 'S2', from: SESSION, on: 'signIn', to: { refuse: 'ALREADY_SIGNED_IN' } },
  { rule: 'S2', from: ['closed'], on: 'signIn', to: { refuse: 'SHUTTING_DOWN' } },
  { rule: 'S3', from: ['connecting', 'offline'], on: 'socketOpened', to: 'handshaking' },
  { rule: 'S3', from: ['connecting', 'handshaking'], on: 'handshakeOk', to: 'live' },
  { rule: 'S3', from: ['offline'], on: 'handshakeOk', to: 'disconnected' },
  { rule: 'S3', from: ['connecting', 'handshaking', 'offline'], on: 'versionMismatch', to: 'stopped' },
  { rule: 'S4', from: ['connecting', 'handshaking', 'offline'], on: 'socketClosed', to: 'offline' },
  { rule: 'S4', from: ['connecting', 'handshaking', 'offline'], on: 'retryScheduled', to: 'offline' },
  { rule: 'S5', from: ['live', 'retrying', 'disconnected'], on: 'socketClosed', to: 'disconnected' },
  { rule: 'S5', from: ['live', 'retrying', 'disconnected'], on: 'retryScheduled', to: 'disconnected' },
  { rule: 'S5', from: ['disconnected'], on: 'socketOpened', to: 'live' },
  { rule: 'S6', from: ['live', 'retrying'], on: 'requestRefused', to: 'retrying' },
  { rule: 'S6', from: ['retrying'], on: 'requestOk', to: 'live' },
  { rule: 'S7', from: SESSION, on: 'fatalRefusal', to: 'stopped' },
  { rule: 'S7', from: [...SESSION, 'stopped'], on: 'tokenRefused', to: 'unauthenticated' },
  { rule: 'S8', from: ['offline', 'disconnected', 'stopped'], on: 'syncNow', to: 'connecting' },
  { rule: 'S8', from: ['connecting'], on: 'syncNow', to: 'connecting' },
  { rule: 'S8', from: ['handshaking'], on: 'syncNow', to: 'handshaking' },
  { rule: 'S8', from: ['live'], on: 'syncNow', to: 'live' },
  { rule: 'S8', from: ['retrying'], on: 'syncNow', to: 'retrying' },
  { rule: 'S9', from: [...SESSION, 'stopped', 'unauthenticated'], on: 'signOut', to: 'signed-out' },
  { rule: 'S10', from: ALL.filter((name) => name !== 'closed'), on: 'close', to: 'closed' },
];

type Cell = SessionTransition['to'];

const LOOKUP: ReadonlyMap<string, Cell> = (() => {
  const cells = new Map<string, Cell>();
  for (const row of SESSION_TRANSITIONS) {
    for (const from of row.from) {
      const key = `${from} ${row.on}`;
      if (cells.has(key)) throw new Error(`Session table names ${key} twice`);
      cells.set(key, row.to);
    }
  }
  return cells;
})();

export type Verdict =
  { kind: 'move'; to: SessionStateName } | { kind: 'ignore' } | { kind: 'refuse'; reason: FailureReason };

/** What the table says about `event` in `state`, before anything is done about it. */
export function verdict(state: SessionState, event: SessionEventType): Verdict {
  const cell = LOOKUP.get(`${state.name} ${event}`);
  if (cell === undefined) return { kind: 'ignore' };
  if (typeof cell === 'object') return { kind: 'refuse', reason: cell.refuse };
  return { kind: 'move', to: cell };
}

/**
 * The state after `event`. Ignored and refused events return `state` itself (the same object), so
 * a caller can tell "nothing happened" by identity; a move returns a new object even to the same
 * state. Data comes from the event when it carries it, else from the state it leaves.
 */
export function transition(state: SessionState, event: SessionEvent): SessionState {
  const next = verdict(state, event.type);
  if (next.kind !== 'move') return state;
  switch (next.to) {
    case 'offline':
    case 'disconnected': {
      const kept = 'retryAt' in state ? state.retryAt : null;
      return { name: next.to, retryAt: event.type === 'retryScheduled' ? event.retryAt : kept };
    }
    case 'retrying':
    case 'stopped': {
      const reason = 'reason' in event ? event.reason : 'reason' in state ? state.reason : 'UNKNOWN';
      // Q8: the server's facts about the refusal (a quota's bytes) travel with its reason.
      const source = 'reason' in event ? event : state;
      const kept = 'details' in source && source.details ? { details: source.details } : {};
      return next.to === 'retrying'
        ? { name: 'retrying', reason, ...kept }
        : { name: 'stopped', reason, ...kept };
    }
    case 'unauthenticated':
      return {
        name: next.to,
        reason: event.type === 'resumeWithoutToken' ? 'SIGN_IN_NOT_KEPT' : 'UNAUTHENTICATED',
      };
    default:
      return { name: next.to };
  }
}
