import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/app-router';
import { createCallerFactory } from '../../src-main/trpc';
import type { Host } from '../../src-main/host';
import { createSnapshotStore } from '../../src-main/snapshots/snapshot-store';
import { SNAPSHOT_FLUSH_DELAY_MS, SNAPSHOT_PRUNE_EVERY_MS } from '../../src-main/snapshots/snapshot-recorder';
import { createMemorySettingsStore } from '../../src-main/settings/settings-store';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import { createFakeScheduler, type FakeScheduler } from '../support/fake-scheduler';
import { editNote } from '../support/edit-note';
import { reasonOfCall } from '../support/reason-of-call';
import { makeTempDir } from '../support/temp-dir';

const createCaller = createCallerFactory(appRouter);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(STORAGE_KINDS)('local snapshots (%s storage)', (storage) => {
  let host: Host;
  let clock: { now(): number; advance(ms: number): void };
  let scheduler: FakeScheduler;
  let dispose: () => Promise<void>;
  const settings = createMemorySettingsStore();

  beforeEach(async () => {
    scheduler = createFakeScheduler();
    ({ host, clock, dispose } = await createTestHost(storage, { scheduler, settings }));
  });
  afterEach(async () => {
    await dispose();
  });
  const api = () => createCaller(host.createContext());
  const bodies = async (id: string): Promise<string[]> => {
    const { snapshots } = await api().snapshots.list({ id });
    return Promise.all(
      snapshots.map(async (s) => (await api().snapshots.get({ id, snapshotId: s.snapshotId })).body),
    );
  };

  it('E11: keeps the text an edit replaced, at most once per note per 5 minutes of editing', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'one' });
    await editNote(host.services.notes, { id: note.id, body: 'two' });
    clock.advance(MINUTE);
    await editNote(host.services.notes, { id: note.id, body: 'three' });
    clock.advance(3 * MINUTE);
    await editNote(host.services.notes, { id: note.id, body: 'four' });
    // Only the text from before the burst: the next ones come within 5 minutes of it.
    expect(await bodies(note.id)).toEqual(['one']);
    clock.advance(MINUTE + 1);
    await editNote(host.services.notes, { id: note.id, body: 'five' });
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots.map((s) => s.reason)).toEqual(['edit', 'edit']);
    expect(await bodies(note.id)).toEqual(['four', 'one']);
    expect(snapshots[0]).toMatchObject({ noteId: note.id, title: 'Plan', size: 4, takenAt: clock.now() });
  });

  it('follows its interval setting, and a change of the trash or tags only is no edit', async () => {
    await api().snapshots.setSettings({ editIntervalSeconds: 0 });
    const note = await host.services.notes.create({ title: 'Plan', body: 'one' });
    await editNote(host.services.notes, { id: note.id, body: 'two' });
    expect(await bodies(note.id)).toEqual(['one']);
    await host.services.notes.trash(note.id);
    await host.services.notes.restore(note.id);
    await editNote(host.services.notes, { id: note.id, body: 'three' });
    expect(await bodies(note.id)).toEqual(['two', 'one']);
  });

  it('E11: skips a text identical to the note’s newest snapshot', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'same' });
    host.services.snapshots.recorder.capture(note, 'refactor');
    host.services.snapshots.recorder.capture(note, 'refactor');
    host.services.snapshots.recorder.capture({ ...note, title: 'Renamed' }, 'refactor');
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots.map((s) => s.title)).toEqual(['Renamed', 'Plan']);
    // Nor is a new note's empty text kept when the first words are typed.
    const empty = await host.services.notes.create({ title: 'Empty', body: '' });
    await editNote(host.services.notes, { id: empty.id, body: 'first words' });
    expect((await api().snapshots.list({ id: empty.id })).snapshots).toEqual([]);
  });

  it('counts the lines each snapshot added and removed since the note’s previous one', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: '' });
    const recorder = host.services.snapshots.recorder;
    recorder.capture({ ...note, body: 'a\nb\nc\n' }, 'refactor');
    recorder.capture({ ...note, body: 'a\nB\nc\nd\ne\n' }, 'refactor');
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots.map((s) => [s.added, s.removed])).toEqual([
      [3, 1],
      [3, 0],
    ]);
  });

  it('E11: keeps this device’s version before a sync merge changes it', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'base\n' });
    const stored = { ...(await host.db.notes.findOne(note.id).exec())!.toMutableJSON(), _deleted: false };
    const ours = { ...stored, body: 'base\nmine\n', updatedAt: stored.updatedAt + 1 };
    const theirs = { ...stored, body: 'base\ntheirs\n', updatedAt: stored.updatedAt + 2 };
    await host.db.notes.conflictHandler.resolve(
      { newDocumentState: ours, realMasterState: theirs, assumedMasterState: stored },
      'test',
    );
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots.map((s) => s.reason)).toEqual(['merge']);
    expect(await bodies(note.id)).toEqual(['base\nmine\n']);
  });

  it('E11: keeps what a window had typed before its save merged with another window’s', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'top\n\nmiddle\n\nend\n' });
    const base = await host.services.notes.get(note.id);
    await host.services.notes.update({ id: note.id, base, body: 'TOP\n\nmiddle\n\nend\n' });
    const merged = await host.services.notes.update({ id: note.id, base, body: 'top\n\nmiddle\n\nEND\n' });
    expect(merged.merge?.from).toBe('another-window');
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots.map((s) => s.reason)).toContain('merge');
    const kept = snapshots.find((s) => s.reason === 'merge')!;
    expect((await api().snapshots.get({ id: note.id, snapshotId: kept.snapshotId })).body).toBe(
      'top\n\nmiddle\n\nEND\n',
    );
  });

  it('E11: restores a snapshot as an edit over its base, keeping the current text as a restore snapshot', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'first' });
    await editNote(host.services.notes, { id: note.id, body: 'second' });
    const [first] = (await api().snapshots.list({ id: note.id })).snapshots;
    const base = await host.services.notes.get(note.id);
    const result = await api().snapshots.restore({
      id: note.id,
      base,
      from: { kind: 'snapshot', snapshotId: first!.snapshotId },
    });
    expect(result.note).toMatchObject({ id: note.id, body: 'first', title: 'Plan' });
    expect(result.note.revision).toBeGreaterThan(base.revision);
    const { snapshots } = await api().snapshots.list({ id: note.id });
    expect(snapshots[0]?.reason).toBe('restore');
    expect((await bodies(note.id))[0]).toBe('second');
  });

  it('E11, E1: a restore over a base the note has moved on from merges with the newer text', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'intro\n\nend\n' });
    host.services.snapshots.recorder.capture({ ...note, body: 'intro\nold line\n\nend\n' }, 'refactor');
    const base = await host.services.notes.get(note.id);
    // Another window adds a line at the end after the dialog read its base.
    await editNote(host.services.notes, { id: note.id, body: 'intro\n\nend\nlater\n' });
    const [kept] = (await api().snapshots.list({ id: note.id })).snapshots.filter(
      (s) => s.reason === 'refactor',
    );
    const result = await api().snapshots.restore({
      id: note.id,
      base,
      from: { kind: 'snapshot', snapshotId: kept!.snapshotId },
    });
    expect(result.note.body).toBe('intro\nold line\n\nend\nlater\n');
  });

  it('answers SNAPSHOT_NOT_FOUND for a snapshot it does not keep, and refuses bad settings', async () => {
    const note = await host.services.notes.create({ title: 'Plan', body: 'x' });
    expect(await reasonOfCall(api().snapshots.get({ id: note.id, snapshotId: 999 }))).toBe(
      'SNAPSHOT_NOT_FOUND',
    );
    expect(
      await reasonOfCall(
        api().snapshots.restore({ id: note.id, base: null, from: { kind: 'snapshot', snapshotId: 999 } }),
      ),
    ).toBe('SNAPSHOT_NOT_FOUND');
    expect(await reasonOfCall(api().snapshots.setSettings({ perNoteCap: 0 }))).toBe('INVALID_INPUT');
    expect(await reasonOfCall(api().snapshots.setSettings({ retentionDays: 100_000 }))).toBe('INVALID_INPUT');
  });

  it('prunes snapshots past the retention time on its schedule', async () => {
    await api().snapshots.setSettings({ retentionDays: 30 });
    const note = await host.services.notes.create({ title: 'Plan', body: 'x' });
    host.services.snapshots.recorder.capture({ ...note, body: 'old' }, 'refactor');
    scheduler.advance(1_000);
    clock.advance(20 * DAY);
    host.services.snapshots.recorder.capture({ ...note, body: 'newer' }, 'refactor');
    scheduler.advance(1_000);
    clock.advance(11 * DAY);
    scheduler.advance(SNAPSHOT_PRUNE_EVERY_MS);
    expect(await bodies(note.id)).toEqual(['newer']);
  });

  it('keeps at most the cap per note, the newest ones', async () => {
    await api().snapshots.setSettings({ perNoteCap: 3 });
    const note = await host.services.notes.create({ title: 'Plan', body: 'x' });
    const other = await host.services.notes.create({ title: 'Other', body: 'y' });
    for (const n of [1, 2, 3, 4, 5])
      host.services.snapshots.recorder.capture({ ...note, body: `v${n}` }, 'refactor');
    host.services.snapshots.recorder.capture({ ...other, body: 'w' }, 'refactor');
    expect(await bodies(note.id)).toEqual(['v5', 'v4', 'v3']);
    expect(await bodies(other.id)).toEqual(['w']);
    // A lower cap applies to what is already kept.
    await api().snapshots.setSettings({ perNoteCap: 1 });
    expect(await bodies(note.id)).toEqual(['v5']);
  });
});

describe('the snapshot store', () => {
  it('E11: is written off the write path: an edit’s snapshot waits for the flush timer', async () => {
    const scheduler = createFakeScheduler();
    const { host, dataDir, dispose } = await createTestHost('sqlite', { scheduler });
    const file = new Database(path.join(dataDir, 'db', 'snapshots.sqlite'), { readonly: true });
    const count = (): number =>
      file.prepare<[], { n: number }>('SELECT count(*) AS n FROM snapshots').get()!.n;
    try {
      const note = await host.services.notes.create({ title: 'Plan', body: 'one' });
      await editNote(host.services.notes, { id: note.id, body: 'two' });
      expect(count()).toBe(0);
      scheduler.advance(SNAPSHOT_FLUSH_DELAY_MS);
      expect(count()).toBe(1);
    } finally {
      file.close();
      await dispose();
    }
  });

  it('survives a restart of the host (not derived: nothing can rebuild it)', async () => {
    const temp = makeTempDir();
    try {
      const first = await createTestHost('sqlite', { dataDir: temp.dir });
      const note = await first.host.services.notes.create({ title: 'Plan', body: 'one' });
      await editNote(first.host.services.notes, { id: note.id, body: 'two' });
      await first.host.close();
      const second = await createTestHost('sqlite', { dataDir: temp.dir });
      const api = createCaller(second.host.createContext());
      const { snapshots } = await api.snapshots.list({ id: note.id });
      expect(snapshots).toHaveLength(1);
      expect((await api.snapshots.get({ id: note.id, snapshotId: snapshots[0]!.snapshotId })).body).toBe(
        'one',
      );
      await second.host.close();
    } finally {
      temp.cleanup();
    }
  });

  it('keeps large and unusual texts exactly (compressed bodies, CRLF, emoji, no final newline)', () => {
    const store = createSnapshotStore({ file: ':memory:' });
    const large = Array.from({ length: 5_000 }, (_, i) => `line ${i} — 🦊 “quoted”\r\n`).join('') + 'end';
    store.addAll(
      [
        {
          noteId: 'n',
          reason: 'edit',
          takenAt: 1,
          updatedAt: 1,
          title: 'T',
          folder: 'A/B',
          body: large,
          added: 0,
          removed: 0,
        },
        {
          noteId: 'n',
          reason: 'merge',
          takenAt: 2,
          updatedAt: 2,
          title: 'T',
          folder: '',
          body: 'é\r\n',
          added: 0,
          removed: 0,
        },
      ],
      10,
    );
    const [small, big] = store.list('n', 10);
    expect(big!.size).toBe(Buffer.byteLength(large));
    expect(store.get('n', big!.snapshotId)).toMatchObject({ body: large, folder: 'A/B', reason: 'edit' });
    expect(store.get('n', small!.snapshotId)?.body).toBe('é\r\n');
    expect(store.get('other', big!.snapshotId)).toBeNull();
    store.close();
  });
});
