import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { pullAll, sessionOf } from './support/server-documents';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { newAccount, openDevice, waitFor, waitForConvergence, type Device } from './support/sync-devices';

/**
 * R10, R16 end to end: a note the server cannot store (an old note holding a lone surrogate)
 * must not hold back the others, must say so, must not be retried in a loop, and syncs once fixed.
 */
describe('R10/R16: one bad note does not hold back the others (real server process)', () => {
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

  it('R10/R16: a poisoned note among 50 is set aside as INVALID_DOCUMENT, the 49 others arrive, no retry loop, and it syncs once fixed', async () => {
    // Device a's log, to check that no note text reaches it and that nothing repeats.
    const logLines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      }),
    );
    const a = await openDevice({ name: 'a', server, host: { logger } });
    devices.push(a);
    const secret = 'PRIVATE-WORDS-OF-THE-POISONED-NOTE';

    // 50 notes written before signing in go out in the first push; the 26th is an old note that
    // holds half of an emoji, written straight into the collection (bypassing the router's repair).
    const created: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      if (i === 25) continue;
      created.push((await a.host.services.notes.create({ title: `Note ${i}`, body: `body ${i}\n` })).id);
    }
    const poisonedId = 'a-old-poisoned';
    const now = a.clock.now();
    await a.host.db.notes.insert({
      id: poisonedId,
      title: 'Old note',
      body: `${secret} \ud83d broken\n`,
      tags: [],
      folder: '',
      createdAt: now,
      updatedAt: now,
      trashedAt: 0,
      needsReview: false,
    });

    const account = newAccount();
    await a.signUp(account);
    await waitFor(
      () => a.status().state === 'synced' && a.status().setAside.some((entry) => entry.id === poisonedId),
      () => JSON.stringify(a.status()),
    );
    expect(a.status()).toMatchObject({
      state: 'synced',
      error: null,
      pendingPush: 0,
      setAside: [{ id: poisonedId, reason: 'INVALID_DOCUMENT' }],
      setAsideCount: 1,
    });

    const b = await openDevice({ name: 'b', server });
    devices.push(b);
    await b.signIn(account);
    await waitFor(
      async () => b.status().state === 'synced' && (await b.snapshot()).length === 49,
      () => JSON.stringify(b.status()),
    );
    expect((await b.snapshot()).map((note) => note.id)).toEqual([...created].sort());
    const { token, vaultId } = await sessionOf(a);
    expect((await pullAll(server.url, token, vaultId)).map((note) => note.id)).toEqual([...created].sort());

    // No retry loop: over many retry periods (RxDB's retry is 250 ms here), and a "sync now",
    // nothing more is pushed and nothing more is logged about it.
    const pushCalls = a.stats().pushCalls;
    const setAsideLines = logLines.filter((line) => line.includes('set aside')).length;
    expect(setAsideLines).toBe(1);
    await a.host.services.sync.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(a.stats().pushCalls).toBe(pushCalls);
    expect(logLines.filter((line) => line.includes('set aside')).length).toBe(setAsideLines);
    expect(a.status()).toMatchObject({ state: 'synced', setAsideCount: 1 });
    expect(logLines.join('\n')).not.toContain(secret);

    // Fixed with well-formed text (as the editor's input would repair it): it syncs and leaves
    // the list. (Written straight into the collection: the notes service's write signature is
    // changing under another task.)
    const stored = await a.host.db.notes.findOne(poisonedId).exec();
    await stored!.incrementalPatch({ body: `${secret} \ufffd fixed\n`, updatedAt: stored!.updatedAt + 1 });
    await waitFor(
      () => a.status().setAsideCount === 0,
      () => JSON.stringify(a.status()),
    );
    const notes = await waitForConvergence([a, b]);
    expect(notes).toHaveLength(50);
    expect(notes.find((note) => note.id === poisonedId)).toMatchObject({
      body: `${secret} \ufffd fixed\n`,
      _deleted: false,
    });
    expect(a.status()).toMatchObject({ setAside: [], setAsideCount: 0, error: null });
    expect(logLines.join('\n')).not.toContain(secret);
  });
});
