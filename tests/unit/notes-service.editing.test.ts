import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import type { Host } from '../../src-main/host';
import type { Note } from '../../src-shared/schema/note';

const LINES = 'line one\nline two\nline three\nline four\nline five\n';
const createCaller = createCallerFactory(appRouter);

/** What sync does to a note: a write below the notes service, as replication's pulls are. */
async function writeAsSync(host: Host, id: string, change: Partial<Note>): Promise<void> {
  const doc = await host.db.notes.findOne(id).exec();
  await doc!.incrementalPatch({ ...change, updatedAt: doc!.updatedAt + 5 });
}

describe.each(STORAGE_KINDS)('editing rules on %s storage', (storage) => {
  let host: Host;
  let dispose: () => Promise<void>;
  let clock: { now(): number; advance(ms: number): void };

  beforeEach(async () => {
    ({ host, clock, dispose } = await createTestHost(storage, { deviceName: 'Laptop' }));
  });
  afterEach(async () => {
    await dispose();
  });
  const notes = () => host.services.notes;

  it('E1: the router refuses a write without a base, or with the base of another note', async () => {
    const api = createCaller(host.createContext());
    const note = await api.notes.create({ body: LINES });
    const other = await api.notes.create({ body: 'other' });
    // @ts-expect-error: the base is required by the type, and by the router at run time
    await expect(api.notes.update({ id: note.id, body: 'overwrite' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api.notes.update({ id: note.id, base: other, body: 'overwrite' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await api.notes.get({ id: note.id })).body).toBe(LINES);
  });

  it('E1/R16: an old note holding a lone surrogate can still be edited: its base and text are repaired', async () => {
    const api = createCaller(host.createContext());
    const note = await api.notes.create({ body: 'ok' });
    // Written below the services, as an old version of Quire could have stored it.
    await writeAsSync(host, note.id, { title: 'broken \ud83d title', body: 'half an emoji: \ud83d' });
    const base = await api.notes.get({ id: note.id });
    const { note: edited } = await api.notes.update({ id: note.id, base, body: 'fixed body' });
    expect(edited).toMatchObject({ title: 'broken \ufffd title', body: 'fixed body' });
  });

  it('E1: every version carries a revision that grows with each write, whoever writes', async () => {
    const created = await notes().create({ body: LINES });
    const { note: edited } = await notes().update({ id: created.id, base: created, body: 'x' });
    expect(edited.revision).toBeGreaterThan(created.revision);
    await writeAsSync(host, created.id, { body: 'y' });
    const synced = await notes().get(created.id);
    expect(synced.revision).toBeGreaterThan(edited.revision);
    expect(synced.writtenBy).toBe('sync');
    expect(edited.writtenBy).toBe('local');
  });

  it('E2: a write over its own base applies as given, with no merge', async () => {
    const base = await notes().create({ body: LINES });
    clock.advance(10);
    const result = await notes().update({ id: base.id, base, body: `${LINES}line six\n`, title: 'T' });
    expect(result.merge).toBeNull();
    expect(result.note).toMatchObject({ body: `${LINES}line six\n`, title: 'T', updatedAt: clock.now() });
  });

  it('E3: a write over a base that sync moved on merges both edits (the lost-edit scenario)', async () => {
    const base = await notes().create({ body: LINES });
    // Device B's edit of line five arrives by sync while A's editor still holds the old base.
    await writeAsSync(host, base.id, { body: LINES.replace('line five', 'line five B0') });
    const result = await notes().update({
      id: base.id,
      base,
      body: LINES.replace('line one', 'line one A0'),
    });
    expect(result.note.body).toBe(
      LINES.replace('line one', 'line one A0').replace('line five', 'line five B0'),
    );
    expect(result.merge).toEqual({ from: 'another-device', conflicted: false, restored: false });
    expect(result.note.needsReview).toBe(false);
    expect((await notes().get(base.id)).body).toBe(result.note.body);
  });

  it('E3: two windows saving over the same base both keep their edits', async () => {
    const base = await notes().create({ title: 'Plan', body: LINES });
    const first = await notes().update({
      id: base.id,
      base,
      body: LINES.replace('line two', 'line two (w1)'),
    });
    expect(first.merge).toBeNull();
    const second = await notes().update({ id: base.id, base, title: 'Plan v2' });
    expect(second.note).toMatchObject({ title: 'Plan v2', body: LINES.replace('line two', 'line two (w1)') });
    expect(second.merge?.from).toBe('another-window');
  });

  it('E3/M10: where both changed the same words, both are kept between markers naming the devices', async () => {
    const base = await notes().create({ body: 'alpha\nsame line\nomega\n' });
    await writeAsSync(host, base.id, { body: 'alpha\nsame line from B\nomega\n' });
    const result = await notes().update({ id: base.id, base, body: 'alpha\nsame line from A\nomega\n' });
    expect(result.merge?.conflicted).toBe(true);
    expect(result.note.needsReview).toBe(true);
    const lines = result.note.body.split('\n');
    const open = lines.findIndex((line) => line.startsWith('<<<<<<<'));
    expect(lines[open]).toBe('<<<<<<< Laptop');
    expect(lines.slice(open + 1).join('\n')).toMatch(
      /from A[\s\S]*=======[\s\S]*from B[\s\S]*>>>>>>> another device/,
    );
  });

  it('E5: an edit over a note trashed elsewhere brings it back, reported as restored', async () => {
    const base = await notes().create({ body: LINES });
    await writeAsSync(host, base.id, { trashedAt: 5 });
    const result = await notes().update({ id: base.id, base, body: `${LINES}more\n` });
    expect(result.note).toMatchObject({ trashedAt: 0, body: `${LINES}more\n` });
    expect(result.merge).toMatchObject({ restored: true });
  });

  it('E5: an edit over a note deleted forever here re-creates it with the same id', async () => {
    const base = await notes().create({ title: 'Keep', body: LINES });
    await notes().trash(base.id);
    await notes().deleteForever(base.id);
    const result = await notes().update({ id: base.id, base, body: `${LINES}typed after the delete\n` });
    expect(result.note).toMatchObject({ id: base.id, title: 'Keep', trashedAt: 0 });
    expect(result.note.body).toBe(`${LINES}typed after the delete\n`);
    expect(result.merge).toMatchObject({ restored: true });
    expect((await notes().get(base.id)).body).toBe(result.note.body);
  });

  it('E6: a write that changes nothing writes nothing', async () => {
    const base = await notes().create({ body: LINES });
    const revisionBefore = notes().currentRevision();
    const result = await notes().update({ id: base.id, base, body: LINES });
    expect(result).toEqual({ note: base, merge: null });
    expect(notes().currentRevision()).toBe(revisionBefore);
  });

  it('E7: a merged write is announced in the change event and kept in the merge log', async () => {
    const base = await notes().create({ body: LINES });
    await writeAsSync(host, base.id, { body: LINES.replace('line five', 'line five B0') });
    const announced = firstValueFrom(
      notes().changes$.pipe(filter((event) => (event.merges?.length ?? 0) > 0)),
    );
    const mine = LINES.replace('line one', 'line one A0');
    await notes().update({ id: base.id, base, body: mine });
    expect((await announced).merges).toEqual([
      { id: base.id, from: 'another-device', conflicted: false, restored: false },
    ]);
    const [record] = notes().merges(base.id);
    expect(record).toMatchObject({ id: base.id, from: 'another-device', before: { body: mine } });
  });
});
