/**
 * One device of `bench:sync`, in its own process: a real host (SQLite storage, its own data
 * directory) driven by the coordinator (bench/sync.ts) over Node's IPC channel.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { filter, firstValueFrom } from 'rxjs';
import { createHost, type Host } from '../src-main/host';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import { createSyncCounters } from '../src-main/sync/sync-stats';
import { generateNotes } from './generate-notes';
import { readNotesFile } from './notes-file';
import type { BenchCommand, BenchReply } from './sync-messages';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
const wallNow = (): number => performance.timeOrigin + performance.now();

let host: Host | null = null;
/** What this device's replication moved, reported with each phase. */
const counters = createSyncCounters();
/** Edit markers seen in this device's database, with the time each first became readable. */
const seenMarkers = new Map<string, number>();
const MARKER = /<!-- live-(\d+) -->/;

function requireHost(): Host {
  if (!host) throw new Error('init first');
  return host;
}

async function waitUntilIdle(minPushed: number, expectedNotes: number | null): Promise<void> {
  const { sync, notes } = requireHost().services;
  const idle = (): boolean => {
    const status = sync.status();
    return status.state === 'synced' && status.pendingPush === 0 && counters.read().pushedRows >= minPushed;
  };
  for (;;) {
    if (idle()) {
      if (expectedNotes === null) return;
      const { total } = await notes.list({ view: 'notes', offset: 0, limit: 1 });
      if (total >= expectedNotes) return;
    }
    await Promise.race([
      firstValueFrom(sync.status$.pipe(filter((s) => s.state === 'synced'))),
      new Promise((resolve) => setTimeout(resolve, 20)),
    ]);
  }
}

function watchMarkers(): void {
  const { notes } = requireHost().services;
  notes.changes$.subscribe((event) => {
    for (const id of event.ids) {
      notes.get(id).then(
        (note) => {
          const match = MARKER.exec(note.body);
          if (match?.[1] && !seenMarkers.has(match[1])) seenMarkers.set(match[1], wallNow());
        },
        () => undefined,
      );
    }
  });
}

async function handle(command: BenchCommand): Promise<BenchReply> {
  switch (command.type) {
    case 'init': {
      host = await createHost({
        dataDir: command.dataDir,
        runtime: 'node',
        logger: pino({ level: 'silent' }),
        settings: createMemorySettingsStore(),
        deviceName: command.deviceName,
        syncStats: counters,
      });
      watchMarkers();
      return { type: 'ok' };
    }
    case 'import': {
      const notes = command.notesFile ? await readNotesFile(command.notesFile) : generateNotes(command.count);
      const started = performance.now();
      const chunk = 5_000;
      for (let i = 0; i < notes.length; i += chunk) {
        await requireHost().services.notes.importNotes(notes.slice(i, i + chunk));
      }
      return {
        type: 'imported',
        count: notes.length,
        ms: performance.now() - started,
        ids: notes.map((n) => n.id),
      };
    }
    case 'signUp':
    case 'signIn': {
      const { sync } = requireHost().services;
      const started = performance.now();
      const request = { serverUrl: command.serverUrl, email: command.email, password: command.password };
      const status = command.type === 'signUp' ? await sync.signUp(request) : await sync.signIn(request);
      if (status.state === 'error') throw new Error(`sign-in failed: ${status.error?.reason ?? 'no reason'}`);
      await waitUntilIdle(command.expectPushed, command.expectNotes);
      return { type: 'synced', ms: performance.now() - started, stats: counters.read() };
    }
    case 'edit': {
      const { notes } = requireHost().services;
      const note = await notes.get(command.id);
      const body = `${note.body.replace(/\n?<!-- live-\d+ -->$/, '')}\n<!-- live-${command.marker} -->`;
      const savedAt = wallNow();
      await notes.update({ id: command.id, base: note, body });
      return { type: 'edited', savedAt };
    }
    case 'markers':
      return { type: 'markers', seen: Object.fromEntries(seenMarkers) };
    case 'close':
      await host?.close();
      host = null;
      return { type: 'ok' };
  }
}

process.on('message', (message: { seq: number; command: BenchCommand }) => {
  handle(message.command).then(
    (reply) => process.send?.({ seq: message.seq, reply }),
    (error: unknown) =>
      process.send?.({
        seq: message.seq,
        reply: { type: 'error', message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
