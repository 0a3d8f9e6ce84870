import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import type { Note } from '../../src-shared/schema/note';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { makeTempDir } from '../support/temp-dir';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  waitForState,
  type Device,
  type TestAccount,
} from './support/sync-devices';

const NOTE_COUNT = 1_000;
/** Small enough for several pages of the catch-up. */
const PULL_BATCH = 200;

/**
 * Every progress the status reported: the true total (the seeded notes) at every report after
 * the first page, done within it and never going down, and a last report with done === total.
 */
function expectTrueProgress(seen: readonly SyncStatus[], batch: number): void {
  const reports = seen.flatMap((status) => (status.progress ? [status.progress] : []));
  expect(reports.length).toBeGreaterThanOrEqual(NOTE_COUNT / batch);
  expect(reports[0]).toEqual({ done: batch, total: NOTE_COUNT });
  for (const report of reports) {
    expect(report.total).toBe(NOTE_COUNT);
    expect(report.done).toBeGreaterThan(0);
    expect(report.done).toBeLessThanOrEqual(report.total);
  }
  const done = reports.map((report) => report.done);
  expect([...done].sort((x, y) => x - y)).toEqual(done);
  expect(reports.at(-1)).toEqual({ done: NOTE_COUNT, total: NOTE_COUNT });
}

function generatedNotes(count: number): Note[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(4, '0');
    return {
      id: `bulk-${n}`,
      title: `Note ${n}`,
      body: `---\ntags: [bulk, n${i % 10}]\n---\n# Note ${n}\n\n${'Some words about this note. '.repeat(20)}\n`,
      tags: ['bulk', `n${i % 10}`],
      folder: `folder-${i % 7}`,
      createdAt: 1_700_000_000_000 + i,
      updatedAt: 1_700_000_000_000 + i,
      trashedAt: 0,
      needsReview: false,
    };
  });
}

describe('first sync of a large vault (SQLite devices)', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  let account: TestAccount;
  let source: Device;
  const temp = makeTempDir('quire-sync-');

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url } });
    account = newAccount();
    // Memory: RxDB allows one open SQLite host per process under the same database name.
    source = await openDevice({ name: 'source', server });
    await source.signUp(account);
    await waitForConvergence([source]);
    const started = performance.now();
    await source.host.services.notes.importNotes(generatedNotes(NOTE_COUNT));
    await waitFor(
      () => source.status().state === 'synced' && source.status().pendingPush === 0,
      () => JSON.stringify(source.status()),
      60_000,
    );
    console.log(`push of ${NOTE_COUNT} notes: ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(async () => {
    await source?.dispose();
    await server?.stop();
    await database?.drop();
    temp.cleanup();
  });

  it(`R5: a new device pulls ${NOTE_COUNT} notes and reports progress from the remaining count`, async () => {
    const fresh = await openDevice({
      name: 'fresh',
      server,
      storage: 'sqlite',
      dataDir: `${temp.dir}/fresh`,
      transport: { pullBatchSize: PULL_BATCH },
    });
    try {
      const seen: SyncStatus[] = [];
      const subscription = fresh.host.services.sync.status$.subscribe((status) => seen.push(status));
      const started = performance.now();
      await fresh.signIn(account);
      const notes = await waitForConvergence([source, fresh], 60_000);
      console.log(
        `pull of ${NOTE_COUNT} notes: ${Math.round(performance.now() - started)} ms (incl. sign-in)`,
      );
      subscription.unsubscribe();

      expect(notes).toHaveLength(NOTE_COUNT);
      expectTrueProgress(seen, PULL_BATCH);
      // One report per page: the figures come from the pulls, not from anything else.
      const done = new Set(seen.flatMap((status) => (status.progress ? [status.progress.done] : [])));
      expect([...done]).toEqual(
        Array.from({ length: NOTE_COUNT / PULL_BATCH }, (_, i) => (i + 1) * PULL_BATCH),
      );
      expect(fresh.status().progress).toBeNull();
      expect(fresh.stats().pulledDocuments).toBe(NOTE_COUNT);
      expect((await fresh.host.services.notes.list({ view: 'notes', offset: 0, limit: 1 })).total).toBe(
        NOTE_COUNT,
      );
    } finally {
      await fresh.dispose();
    }
  });

  it('R5/C3: a first sync cut off and resumed ("retry now") goes on counting with the true total', async () => {
    const batch = 100;
    const device = await openDevice({
      name: 'reconnecting',
      server,
      relay: true,
      storage: 'sqlite',
      dataDir: `${temp.dir}/reconnecting`,
      transport: { pullBatchSize: batch },
    });
    try {
      const seen: SyncStatus[] = [];
      let cut = false;
      const subscription = device.host.services.sync.status$.subscribe((status) => {
        seen.push(status);
        if (!cut && device.stats().pulledDocuments >= 3 * batch) {
          cut = true;
          device.network!.goOffline();
        }
      });
      await device.signIn(account);
      await waitForState(device, 'offline');
      device.network!.goOnline();
      // A new session: its replication starts again from the stored checkpoint.
      await device.host.services.sync.syncNow();
      const notes = await waitForConvergence([source, device], 60_000);
      subscription.unsubscribe();

      expect(notes).toHaveLength(NOTE_COUNT);
      expect(seen.some((status) => status.state === 'offline')).toBe(true);
      expectTrueProgress(seen, batch);
      expect(device.status().progress).toBeNull();
    } finally {
      await device.dispose();
    }
  });

  it('C2: a device closed in the middle of its first pull resumes from its checkpoint', async () => {
    const dataDir = `${temp.dir}/resumer`;
    const options = {
      name: 'resumer',
      server,
      storage: 'sqlite' as const,
      dataDir,
      transport: { pullBatchSize: 100 },
    };
    const first = await openDevice(options);
    let pulledBeforeClose: number;
    try {
      await first.signIn(account);
      await waitFor(
        () => first.stats().pulledDocuments >= 300,
        () => JSON.stringify(first.stats()),
        30_000,
      );
    } finally {
      await first.close();
      pulledBeforeClose = first.stats().pulledDocuments;
    }
    expect(pulledBeforeClose).toBeLessThan(NOTE_COUNT);

    // Same directory, settings and keychain: the host resumes the stored account by itself.
    const second = await openDevice({ ...options, settings: first.settings, secrets: first.secrets });
    try {
      const notes = await waitForConvergence([source, second], 30_000);
      expect(notes).toHaveLength(NOTE_COUNT);
      const pulledAfter = second.stats().pulledDocuments;
      console.log(`C2: pulled ${pulledBeforeClose} before the close, ${pulledAfter} after it`);
      // At most the one batch in flight at the close is fetched again; never the whole vault.
      expect(pulledAfter).toBeLessThanOrEqual(NOTE_COUNT - pulledBeforeClose + 100);
      expect(pulledAfter).toBeGreaterThanOrEqual(NOTE_COUNT - pulledBeforeClose);
    } finally {
      await second.dispose();
    }
  });
});
