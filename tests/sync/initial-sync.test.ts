import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-shared/api/sync-api';
import type { Note } from '../../src-shared/schema/note';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { makeTempDir } from '../support/temp-dir';
import { startServerProcess, type ServerProcess } from './support/server-process';
import {
  newAccount,
  openDevice,
  waitFor,
  waitForConvergence,
  type Device,
  type TestAccount,
} from './support/sync-devices';

const NOTE_COUNT = 1_000;

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
  let server: ServerProcess;
  let account: TestAccount;
  let source: Device;
  const temp = makeTempDir('quire-sync-');

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServerProcess({ databaseUrl: database.url });
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
      transport: { pullBatchSize: 200 },
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
      const progress = seen.flatMap((status) => (status.progress ? [status.progress] : []));
      expect(progress.length).toBeGreaterThanOrEqual(3);
      expect(progress.every((p) => p.total === NOTE_COUNT)).toBe(true);
      const done = progress.map((p) => p.done);
      expect([...done].sort((x, y) => x - y)).toEqual(done);
      expect(done[0]).toBe(200);
      expect(fresh.status().progress).toBeNull();
      expect(fresh.host.services.sync.stats().pulledDocuments).toBe(NOTE_COUNT);
      expect((await fresh.host.services.notes.list({ view: 'notes', offset: 0, limit: 1 })).total).toBe(
        NOTE_COUNT,
      );
    } finally {
      await fresh.dispose();
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
        () => first.host.services.sync.stats().pulledDocuments >= 300,
        () => JSON.stringify(first.host.services.sync.stats()),
        30_000,
      );
    } finally {
      await first.close();
      pulledBeforeClose = first.host.services.sync.stats().pulledDocuments;
    }
    expect(pulledBeforeClose).toBeLessThan(NOTE_COUNT);

    // Same directory, settings and keychain: the host resumes the stored account by itself.
    const second = await openDevice({ ...options, settings: first.settings, secrets: first.secrets });
    try {
      const notes = await waitForConvergence([source, second], 30_000);
      expect(notes).toHaveLength(NOTE_COUNT);
      const pulledAfter = second.host.services.sync.stats().pulledDocuments;
      console.log(`C2: pulled ${pulledBeforeClose} before the close, ${pulledAfter} after it`);
      // At most the one batch in flight at the close is fetched again; never the whole vault.
      expect(pulledAfter).toBeLessThanOrEqual(NOTE_COUNT - pulledBeforeClose + 100);
      expect(pulledAfter).toBeGreaterThanOrEqual(NOTE_COUNT - pulledBeforeClose);
    } finally {
      await second.dispose();
    }
  });
});
