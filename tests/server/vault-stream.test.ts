import { describe, expect, it } from 'vitest';
import type {
  ReplicatedDocumentOf,
  ReplicatedNote,
  StreamEvent,
  SyncCollection,
} from '../../src-shared/sync/protocol';
import type { ChangeBus, ChangeBusListener } from '../../sync-server/bus/change-bus';
import type { ReplicationStore } from '../../sync-server/replication/replication-store';
import { COMMIT_WAKE_RECHECK_MS, vaultStream } from '../../sync-server/replication/vault-stream';
import { note } from '../support/sync-server';

/** R13, R14, A4 on the stream itself, with an in-memory store and a bus the test drives. */

function fakes(startSeq = 0) {
  const rows: { seq: number; deviceId: string; document: ReplicatedNote }[] = [];
  let lastSeq = startSeq;
  const listeners = new Set<ChangeBusListener>();
  const changesSinceCalls: number[] = [];
  const store: ReplicationStore = {
    pull: () => Promise.reject(new Error('not used')),
    push: () => Promise.reject(new Error('not used')),
    listRevisions: () => Promise.reject(new Error('not used')),
    latestSeq: () => Promise.resolve(lastSeq),
    changesSince<C extends SyncCollection>(input: {
      collection: C;
      afterSeq: number;
      limit: number;
      excludeDeviceId: string | null;
    }) {
      changesSinceCalls.push(input.afterSeq);
      const page = rows.filter((row) => row.seq > input.afterSeq).slice(0, input.limit);
      return Promise.resolve({
        // The fake holds notes only, and is only asked for notes.
        documents: page
          .filter((row) => row.deviceId !== input.excludeDeviceId)
          .map((row) => row.document) as ReplicatedDocumentOf<C>[],
        checkpoint: { seq: page.at(-1)?.seq ?? input.afterSeq },
      });
    },
  };
  const bus: ChangeBus = {
    announceInTransaction: () => Promise.resolve(),
    afterCommit: () => Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return {
    store,
    bus,
    listeners,
    changesSinceCalls,
    /** A commit by `deviceId`, announced on the bus. */
    commit(vaultId: string, deviceId: string, document: ReplicatedNote) {
      lastSeq += 1;
      if (vaultId === 'v1') rows.push({ seq: lastSeq, deviceId, document });
      for (const listener of listeners) listener.onChange({ vaultId, seq: lastSeq });
    },
    /** What sign-out and revoke do: announce the vault's current seq, committing nothing. */
    announceCurrent(vaultId = 'v1') {
      for (const listener of listeners) listener.onChange({ vaultId, seq: lastSeq });
    },
    reconnect() {
      for (const listener of listeners) listener.onReconnect();
    },
  };
}

function open(
  f: ReturnType<typeof fakes>,
  options: {
    signal?: AbortSignal;
    sessionIsValid?: () => Promise<boolean>;
    recheckMs?: number;
    now?: () => number;
  } = {},
) {
  return vaultStream({
    vaultId: 'v1',
    collection: 'notes',
    deviceId: 'me',
    store: f.store,
    bus: f.bus,
    signal: options.signal,
    sessionIsValid: options.sessionIsValid ?? (() => Promise.resolve(true)),
    onSessionEnded: () => new Error('session ended'),
    recheckMs: options.recheckMs ?? 600_000,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** A session check that counts its calls and can be made to fail. */
function session() {
  const state = { valid: true, checks: 0 };
  return {
    state,
    sessionIsValid: () => {
      state.checks += 1;
      return Promise.resolve(state.valid);
    },
  };
}

async function next(stream: AsyncGenerator<StreamEvent>): Promise<StreamEvent | 'done'> {
  const result = await stream.next();
  return result.done ? 'done' : result.value;
}

describe('vaultStream', () => {
  it('R13: RESYNC first; then only this vault’s commits by other devices, from where it started', async () => {
    const f = fakes(5);
    const stream = open(f);
    expect(await next(stream)).toBe('RESYNC');

    f.commit('other-vault', 'them', note('elsewhere'));
    f.commit('v1', 'me', note('mine'));
    f.commit('v1', 'them', note('theirs'));
    expect(await next(stream)).toEqual({ documents: [note('theirs')], checkpoint: { seq: 8 } });
    // It started at the vault's latest seq, not at the beginning.
    expect(f.changesSinceCalls[0]).toBe(5);

    f.commit('v1', 'me', note('mine again'));
    f.commit('v1', 'them', note('theirs again'));
    expect(await next(stream)).toEqual({ documents: [note('theirs again')], checkpoint: { seq: 10 } });
    await stream.return(undefined);
    expect(f.listeners.size).toBe(0);
  });

  it('R14: a bus reconnect emits RESYNC again', async () => {
    const f = fakes();
    const stream = open(f);
    expect(await next(stream)).toBe('RESYNC');
    f.reconnect();
    expect(await next(stream)).toBe('RESYNC');
    f.commit('v1', 'them', note('after'));
    expect(await next(stream)).toEqual({ documents: [note('after')], checkpoint: { seq: 1 } });
    await stream.return(undefined);
  });

  it('A4: ends with the session error when a re-check finds the session gone, with nothing to wake it', async () => {
    const f = fakes();
    let valid = true;
    const stream = open(f, { sessionIsValid: () => Promise.resolve(valid), recheckMs: 10 });
    expect(await next(stream)).toBe('RESYNC');
    valid = false;
    await expect(stream.next()).rejects.toThrow('session ended');
    expect(f.listeners.size).toBe(0);
  });

  it('ends quietly, and unsubscribes, when cancelled while idle', async () => {
    const f = fakes();
    const controller = new AbortController();
    const stream = open(f, { signal: controller.signal });
    expect(await next(stream)).toBe('RESYNC');
    const pending = next(stream);
    controller.abort();
    expect(await pending).toBe('done');
    expect(f.listeners.size).toBe(0);
  });

  it('A4: a commit wake-up re-checks the session only when the last check is 1 s old', async () => {
    const f = fakes();
    const s = session();
    let time = 0;
    const stream = open(f, { sessionIsValid: s.sessionIsValid, now: () => time });
    expect(await next(stream)).toBe('RESYNC');

    f.commit('v1', 'them', note('first'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 1 } });
    expect(s.state.checks).toBe(1);
    time += COMMIT_WAKE_RECHECK_MS - 1;
    f.commit('v1', 'them', note('typing on'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 2 } });
    expect(s.state.checks).toBe(1);
    time += 1;
    f.commit('v1', 'them', note('a second later'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 3 } });
    expect(s.state.checks).toBe(2);
    await stream.return(undefined);
  });

  it('A4: an announcement that does not advance the seq (sign-out, revoke) re-checks at once', async () => {
    const f = fakes(3);
    const s = session();
    const time = 0;
    const stream = open(f, { sessionIsValid: s.sessionIsValid, now: () => time });
    expect(await next(stream)).toBe('RESYNC');
    f.commit('v1', 'them', note('just now'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 4 } });
    expect(s.state.checks).toBe(1);

    // Revoked right after that check, and announced with the vault's current seq.
    s.state.valid = false;
    f.announceCurrent();
    await expect(stream.next()).rejects.toThrow('session ended');
    expect(s.state.checks).toBe(2);
    expect(f.listeners.size).toBe(0);
  });

  it('A4: a revoke announced together with a commit still re-checks', async () => {
    const f = fakes();
    const s = session();
    const stream = open(f, { sessionIsValid: s.sessionIsValid, now: () => 0 });
    expect(await next(stream)).toBe('RESYNC');
    f.commit('v1', 'them', note('first'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 1 } });

    // Both land before the stream wakes: the commit advances the seq, the revoke does not.
    s.state.valid = false;
    f.commit('v1', 'them', note('racing the revoke'));
    f.announceCurrent();
    await expect(stream.next()).rejects.toThrow('session ended');
  });

  it('A4: a bus reconnect re-checks the session (a revoke’s announcement may have been lost)', async () => {
    const f = fakes();
    const s = session();
    const stream = open(f, { sessionIsValid: s.sessionIsValid, now: () => 0 });
    expect(await next(stream)).toBe('RESYNC');
    f.commit('v1', 'them', note('first'));
    expect(await next(stream)).toMatchObject({ checkpoint: { seq: 1 } });
    s.state.valid = false;
    f.reconnect();
    await expect(stream.next()).rejects.toThrow('session ended');
  });
});
