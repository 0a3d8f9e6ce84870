import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost } from '../support/test-host';
import type { Host } from '../../src-main/host';
import { QuireError } from '../../src-main/errors';

/** M6: a note is marked resolved only once no conflict block is left in its stored body. */
describe('notes service: marking a merged note resolved', () => {
  let host: Host;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ host, dispose } = await createTestHost('memory'));
  });
  afterEach(async () => {
    await dispose();
  });
  const notes = () => host.services.notes;

  async function flaggedNote(body: string): Promise<string> {
    const note = await notes().create({ title: 'Merged', body });
    const doc = await host.db.notes.findOne(note.id).exec();
    await doc!.incrementalPatch({ needsReview: true });
    return note.id;
  }

  it('refuses while the stored body still has conflict markers, and keeps the flag', async () => {
    const body = ['intro', '<<<<<<< Laptop', 'ours', '=======', 'theirs', '>>>>>>> another device', ''].join(
      '\n',
    );
    const id = await flaggedNote(body);
    const refusal = notes().markReviewed(id);
    await expect(refusal).rejects.toBeInstanceOf(QuireError);
    await expect(refusal).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'Resolve every conflict block before marking the note as resolved.',
    });
    expect(await notes().get(id)).toMatchObject({ needsReview: true, body });

    // Resolved (written directly: the update path is not what this is about), it goes through.
    const doc = await host.db.notes.findOne(id).exec();
    await doc!.incrementalPatch({ body: 'intro\nours\n' });
    expect(await notes().markReviewed(id)).toMatchObject({ needsReview: false, body: 'intro\nours\n' });

    // An opening marker never closed counts too.
    const unterminated = await flaggedNote('a\r\n<<<<<<< Laptop\r\nours\r\n');
    await expect(notes().markReviewed(unterminated)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('clears the flag once the markers are gone', async () => {
    const id = await flaggedNote('intro\nours\n');
    expect(await notes().markReviewed(id)).toMatchObject({ needsReview: false, body: 'intro\nours\n' });
    // Look-alikes are text, not markers.
    const lookAlike = await flaggedNote('Heading\n=======\n<<<<<<<< eight\n>>>>>>> quote');
    expect(await notes().markReviewed(lookAlike)).toMatchObject({ needsReview: false });
  });
});
