import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { CONFLICT_CLOSE_PREFIX, CONFLICT_OPEN_PREFIX, CONFLICT_SEPARATOR } from '../../src-shared/sync/merge';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  waitForState,
  type Device,
} from './support/sync-devices';
import { editNote } from '../support/edit-note';

const createCaller = createCallerFactory(appRouter);

describe('sync between devices (real server process, real WebSockets)', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  const devices: Device[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.dispose()));
  });

  const device = async (
    name: string,
    options: Partial<Parameters<typeof openDevice>[0]> = {},
  ): Promise<Device> => {
    const opened = await openDevice({ name, server, ...options });
    devices.push(opened);
    return opened;
  };

  /** Devices of one fresh account, all signed in and idle. */
  const signedIn = async (names: string[], options: Partial<Parameters<typeof openDevice>[0]> = {}) => {
    const account = newAccount();
    const opened: Device[] = [];
    for (const [i, name] of names.entries()) {
      const d = await device(name, options);
      if (i === 0) await d.signUp(account);
      else await d.signIn(account);
      opened.push(d);
    }
    await waitForConvergence(opened);
    return opened;
  };

  const offline = async (...ds: Device[]): Promise<void> => {
    for (const d of ds) d.network!.goOffline();
    await Promise.all(ds.map((d) => waitForState(d, 'offline')));
  };
  const online = (...ds: Device[]): void => {
    for (const d of ds) d.network!.goOnline();
  };

  it('R5/R13: a note written on one device reaches the other live', async () => {
    const [a, b] = await signedIn(['a', 'b']);
    const note = await a!.host.services.notes.create({ title: 'Hello', body: 'from a' });
    const [shared] = await waitForConvergence([a!, b!]);
    expect(shared).toMatchObject({ id: note.id, title: 'Hello', body: 'from a', _deleted: false });
    expect((await b!.host.services.notes.get(note.id)).body).toBe('from a');
  });

  it('C1/C3/R14: edits made on both devices while the server is down converge when it is back', async () => {
    const [a, b] = await signedIn(['a', 'b']);
    const shared = await a!.host.services.notes.create({ title: 'Shared', body: 'one\ntwo\nthree\n' });
    await waitForConvergence([a!, b!]);

    await server.stop();
    await Promise.all([waitForState(a!, 'offline'), waitForState(b!, 'offline')]);
    // C1: nothing blocks offline; the edits wait in the local database.
    const fromA = await a!.host.services.notes.create({ title: 'Written on a offline' });
    await editNote(a!.host.services.notes, { id: shared.id, title: 'Renamed on a' });
    const fromB = await b!.host.services.notes.create({ title: 'Written on b offline' });
    await editNote(b!.host.services.notes, { id: shared.id, folder: 'moved/by-b' });
    await waitFor(
      () => a!.status().pendingPush === 2 && b!.status().pendingPush === 2,
      () => `pending: a ${a!.status().pendingPush}, b ${b!.status().pendingPush}`,
    );
    expect(a!.status()).toMatchObject({ state: 'offline', retryAt: expect.any(Number) });

    await server.start();
    const notes = await waitForConvergence([a!, b!]);
    expect(notes.map((note) => note.id).sort()).toEqual([fromA.id, fromB.id, shared.id].sort());
    expect(notes.find((note) => note.id === shared.id)).toMatchObject({
      title: 'Renamed on a',
      folder: 'moved/by-b',
      body: 'one\ntwo\nthree\n',
      _deleted: false,
    });
  });

  it('M6: concurrent edits of one note merge with both edits present exactly once and no duplicate note', async () => {
    const [a, b] = await signedIn(['a', 'b'], { relay: true });
    const lines = ['# Plan', 'alpha', 'beta', 'gamma', 'delta', 'epsilon', ''];
    const note = await a!.host.services.notes.create({ title: 'Plan', body: lines.join('\n') });
    await waitForConvergence([a!, b!]);

    await offline(a!, b!);
    await editNote(a!.host.services.notes, {
      id: note.id,
      body: lines.join('\n').replace('beta', 'beta (edited on a)'),
    });
    await editNote(b!.host.services.notes, {
      id: note.id,
      body: lines.join('\n').replace('epsilon', 'epsilon (edited on b)'),
    });
    online(a!);
    await waitForState(a!, 'synced');
    online(b!);

    const notes = await waitForConvergence([a!, b!]);
    expect(notes).toHaveLength(1);
    const body = notes[0]!.body;
    expect(body.split('\n')).toEqual([
      '# Plan',
      'alpha',
      'beta (edited on a)',
      'gamma',
      'delta',
      'epsilon (edited on b)',
      '',
    ]);
    expect(notes[0]).toMatchObject({ id: note.id, needsReview: false, _deleted: false });
  });

  it('M6: the same line changed on both devices keeps both between markers until marked reviewed', async () => {
    const [a, b] = await signedIn(['a', 'b'], { relay: true });
    const note = await a!.host.services.notes.create({ title: 'Line', body: 'first\nsame line\nlast\n' });
    await waitForConvergence([a!, b!]);

    await offline(a!, b!);
    await editNote(a!.host.services.notes, { id: note.id, body: 'first\nsame line, a\nlast\n' });
    await editNote(b!.host.services.notes, { id: note.id, body: 'first\nsame line, b\nlast\n' });
    online(a!);
    await waitForState(a!, 'synced');
    online(b!);

    const [merged] = await waitForConvergence([a!, b!]);
    expect(merged!.needsReview).toBe(true);
    for (const text of [CONFLICT_OPEN_PREFIX, CONFLICT_SEPARATOR, CONFLICT_CLOSE_PREFIX]) {
      expect(merged!.body.split(text)).toHaveLength(2);
    }
    expect(merged!.body.split('same line, a')).toHaveLength(2);
    expect(merged!.body.split('same line, b')).toHaveLength(2);

    // The user resolves it on b; the flag clears on a too.
    const api = createCaller(b!.host.createContext());
    await editNote(
      { get: (id) => api.notes.get({ id }), update: (input) => api.notes.update(input) },
      { id: note.id, body: 'first\nsame line, both\nlast\n' },
    );
    expect((await api.notes.markReviewed({ id: note.id })).needsReview).toBe(false);
    const [resolved] = await waitForConvergence([a!, b!]);
    expect(resolved).toMatchObject({ body: 'first\nsame line, both\nlast\n', needsReview: false });
  });

  it('R12: moving to the trash and deleting forever reach the other device', async () => {
    const [a, b] = await signedIn(['a', 'b']);
    const note = await a!.host.services.notes.create({ title: 'Doomed' });
    const keep = await a!.host.services.notes.create({ title: 'Kept' });
    await waitForConvergence([a!, b!]);

    await a!.host.services.notes.trash(note.id);
    await waitForConvergence([a!, b!]);
    expect(
      (await b!.host.services.notes.list({ view: 'trash', offset: 0, limit: 10 })).items.map((n) => n.id),
    ).toEqual([note.id]);

    await a!.host.services.notes.deleteForever(note.id);
    const notes = await waitForConvergence([a!, b!]);
    expect(notes.find((n) => n.id === note.id)?._deleted).toBe(true);
    await expect(b!.host.services.notes.get(note.id)).rejects.toThrow(/no longer exists/);
    expect(
      (await b!.host.services.notes.list({ view: 'notes', offset: 0, limit: 10 })).items.map((n) => n.id),
    ).toEqual([keep.id]);
  });

  it('M7: an edit on one device beats a delete on the other', async () => {
    const [a, b] = await signedIn(['a', 'b'], { relay: true });
    const trashed = await a!.host.services.notes.create({ title: 'To trash', body: 'v1\n' });
    const erased = await a!.host.services.notes.create({ title: 'To erase', body: 'v1\n' });
    await waitForConvergence([a!, b!]);

    await offline(a!, b!);
    await a!.host.services.notes.trash(trashed.id);
    await a!.host.services.notes.trash(erased.id);
    await a!.host.services.notes.deleteForever(erased.id);
    await editNote(b!.host.services.notes, { id: trashed.id, body: 'v2 from b\n' });
    await editNote(b!.host.services.notes, { id: erased.id, body: 'v2 from b\n' });
    online(a!);
    await waitForState(a!, 'synced');
    online(b!);

    const notes = await waitForConvergence([a!, b!]);
    for (const id of [trashed.id, erased.id]) {
      expect(notes.find((n) => n.id === id)).toMatchObject({
        body: 'v2 from b\n',
        trashedAt: 0,
        _deleted: false,
      });
      expect((await a!.host.services.notes.get(id)).body).toBe('v2 from b\n');
    }
  });

  it('R6/R13: three devices (one on SQLite) writing at once converge', async () => {
    const [a, b] = (await signedIn(['a', 'b'])) as [Device, Device];
    const c = await device('c', { storage: 'sqlite' });
    await c.signIn(await accountOf(a));
    const shared = await a.host.services.notes.create({ title: 'Shared', body: 'top\n\nmiddle\n\nbottom\n' });
    await waitForConvergence([a, b, c]);

    await Promise.all(
      [a, b, c].map(async (d) => {
        for (let i = 0; i < 5; i += 1) await d.host.services.notes.create({ title: `${d.name} ${i}` });
      }),
    );
    await editNote(a.host.services.notes, { id: shared.id, title: 'Renamed on a' });
    await editNote(c.host.services.notes, { id: shared.id, body: 'top\n\nmiddle, from c\n\nbottom\n' });
    const notes = await waitForConvergence([a, b, c]);
    expect(notes.filter((n) => !n._deleted)).toHaveLength(16);
    expect(notes.find((n) => n.id === shared.id)).toMatchObject({
      title: 'Renamed on a',
      body: 'top\n\nmiddle, from c\n\nbottom\n',
    });
  });

  it('C1/M1: devices going on and offline while editing at random converge on one copy of each note', async () => {
    const ds = await signedIn(['a', 'b', 'c'], { relay: true });
    // Deterministic choices (mulberry32), so a failure replays.
    let seed = Number(process.env.QUIRE_SYNC_FUZZ_SEED ?? 20_261_122);
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let round = 0; round < 4; round += 1) {
      const away = ds.filter(() => random() < 0.5);
      for (const d of away) d.network!.goOffline();
      for (const d of ds) {
        const notes = d.host.services.notes;
        for (let op = 0; op < 4; op += 1) {
          const live = (await notes.list({ view: 'notes', offset: 0, limit: 100 })).items;
          const trashed = (await notes.list({ view: 'trash', offset: 0, limit: 100 })).items;
          const choice = random();
          if (live.length === 0 || choice < 0.3) {
            await notes.create({ title: `${d.name} r${round} o${op}`, body: 'line 1\nline 2\nline 3\n' });
          } else if (choice < 0.75) {
            const target = await notes.get(pick(live).id);
            const lines = target.body.split('\n');
            lines[Math.floor(random() * lines.length)] = `${d.name} r${round} o${op}`;
            await editNote(notes, { id: target.id, body: lines.join('\n') });
          } else if (choice < 0.85) {
            await notes.trash(pick(live).id);
          } else if (trashed.length > 0 && choice < 0.92) {
            await notes.restore(pick(trashed).id);
          } else if (trashed.length > 0) {
            await notes.deleteForever(pick(trashed).id);
          }
        }
      }
      for (const d of away) d.network!.goOnline();
    }
    const notes = await waitForConvergence(ds, 30_000);
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    expect(notes.filter((n) => !n._deleted).length).toBeGreaterThan(0);
  });

  it('A4: signing out keeps the local notes, stops syncing and ends the session on the server', async () => {
    const [a, b] = await signedIn(['a', 'b']);
    const before = await a!.host.services.notes.create({ title: 'Before sign-out' });
    await waitForConvergence([a!, b!]);
    const bDevice = b!.status().account!.deviceId;

    const status = await createCaller(b!.host.createContext()).sync.signOut();
    expect(status).toMatchObject({ state: 'signed-out', account: null, pendingPush: 0 });
    expect((await b!.host.services.notes.get(before.id)).title).toBe('Before sign-out');
    expect((await a!.host.services.sync.devices()).map((d) => d.deviceId)).not.toContain(bDevice);

    const pullsBefore = b!.stats().pullCalls;
    const after = await a!.host.services.notes.create({ title: 'After sign-out' });
    await b!.host.services.notes.create({ title: 'Only on b' });
    // A third device proves the note went through the server; b never asks for it.
    const c = await device('c');
    await c.signIn(await accountOf(a!));
    const seen = await waitForConvergence([a!, c]);
    expect(seen.map((n) => n.id)).toContain(after.id);
    expect(seen.map((n) => n.title)).not.toContain('Only on b');
    expect(b!.stats().pullCalls).toBe(pullsBefore);
    await expect(b!.host.services.notes.get(after.id)).rejects.toThrow(/no longer exists/);
    expect(b!.status().state).toBe('signed-out');
  });

  /** The test accounts all share one password; the email is on the device's status. */
  async function accountOf(d: Device): Promise<{ email: string; password: string }> {
    return Promise.resolve({ email: d.status().account!.email, password: 'correct horse battery' });
  }
});
