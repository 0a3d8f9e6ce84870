import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost } from '../support/test-host';
import type { Host } from '../../src-main/host';

/** The notes-service side of sync: the review flag (M6) and restoring a version (R11). */
describe('notes service: review flag and restored versions', () => {
  let host: Host;
  let clock: { now(): number; advance(ms: number): void };
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ host, clock, dispose } = await createTestHost('memory'));
  });
  afterEach(async () => {
    await dispose();
  });
  const notes = () => host.services.notes;

  it('M6: markReviewed clears the flag a merge set, as a new edit, and leaves unflagged notes alone', async () => {
    const note = await notes().create({ title: 'Merged', body: 'text' });
    const doc = await host.db.notes.findOne(note.id).exec();
    await doc!.incrementalPatch({ needsReview: true });
    clock.advance(1_000);
    const reviewed = await notes().markReviewed(note.id);
    expect(reviewed).toMatchObject({ needsReview: false, body: 'text', updatedAt: clock.now() });
    expect(await notes().markReviewed(note.id)).toEqual(reviewed);
    await expect(notes().markReviewed('missing')).rejects.toThrow(/no longer exists/);
  });

  it('R11: restoreVersion writes the content back live, also over a trashed or deleted-forever note', async () => {
    const note = await notes().create({ title: 'Now', body: '---\ntags: [new]\n---\nnew', folder: 'a' });
    clock.advance(1_000);
    const { note: restored } = await notes().restoreVersion({
      id: note.id,
      title: 'Then',
      body: '---\ntags: [old]\n---\nold',
      folder: 'b/c',
      createdAt: note.createdAt,
      base: note,
    });
    expect(restored).toMatchObject({
      id: note.id,
      title: 'Then',
      tags: ['old'],
      folder: 'b/c',
      trashedAt: 0,
    });
    expect(restored.updatedAt).toBe(clock.now());

    const trashed = await notes().trash(note.id);
    expect(
      (await notes().restoreVersion({ ...restored, title: 'Again', base: trashed })).note.trashedAt,
    ).toBe(0);
    // E1: a base from before the trash (the version history was opened on the live note).
    await notes().trash(note.id);
    expect(
      (await notes().restoreVersion({ ...restored, title: 'Once more', base: restored })).note,
    ).toMatchObject({ title: 'Once more', trashedAt: 0 });

    await notes().trash(note.id);
    await notes().deleteForever(note.id);
    const { note: back } = await notes().restoreVersion({ ...restored, title: 'Back', base: null });
    expect(back).toMatchObject({ id: note.id, title: 'Back', trashedAt: 0, createdAt: note.createdAt });
    expect((await notes().list({ view: 'notes', offset: 0, limit: 10 })).items.map((n) => n.id)).toEqual([
      note.id,
    ]);
  });
});
