import { describe, expect, it } from 'vitest';
import { useSignedInPairs } from './support/signed-in-pair';
import { editNote } from '../support/edit-note';
import { waitFor, waitForConvergence, type Device } from './support/sync-devices';

/**
 * The search index follows the storage's change feed, and pulled notes are written to the same
 * storage, so what another device writes is searchable here without a reindex.
 */
describe('search after sync (real server process, real WebSockets)', () => {
  const { pair: signedIn } = useSignedInPairs();

  const titlesFound = async (device: Device, query: string): Promise<string[]> =>
    (await device.host.services.notes.search({ query, limit: 10 })).hits.map((hit) => hit.title);

  const eventually = (device: Device, query: string, expected: string[]): Promise<void> => {
    let last: string[] = [];
    return waitFor(
      async () => {
        last = await titlesFound(device, query);
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      () => `search "${query}" on ${device.name}: ${JSON.stringify(last)}, not ${JSON.stringify(expected)}`,
    );
  };

  it('a remote create, edit, rename and delete reach the other device’s search', async () => {
    const [a, b] = await signedIn();
    const note = await a.host.services.notes.create({ title: 'Field notes', body: 'a walrus 🚀 on the ice' });
    await eventually(b, 'walrus', ['Field notes']);
    await eventually(b, '🚀', ['Field notes']);

    await editNote(a.host.services.notes, { id: note.id, body: 'a narwhal on the ice' });
    await eventually(b, 'narwhal', ['Field notes']);
    await eventually(b, 'walrus', []);

    await editNote(a.host.services.notes, { id: note.id, title: 'Arctic diary' });
    await eventually(b, 'title:arctic', ['Arctic diary']);
    await eventually(b, 'title:field', []);

    await a.host.services.notes.trash(note.id);
    await eventually(b, 'narwhal', []);
    await a.host.services.notes.restore(note.id);
    await eventually(b, 'narwhal', ['Arctic diary']);
    await a.host.services.notes.trash(note.id);
    await a.host.services.notes.deleteForever(note.id);
    await waitForConvergence([a, b]);
    await eventually(b, 'narwhal', []);
    expect(await titlesFound(a, 'narwhal')).toEqual([]);
  });
});
