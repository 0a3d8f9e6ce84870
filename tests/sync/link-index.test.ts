import { describe, expect, it } from 'vitest';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { useSignedInPairs } from './support/signed-in-pair';
import { waitForConvergence } from './support/sync-devices';
import { editNote } from '../support/edit-note';

const createCaller = createCallerFactory(appRouter);

describe('link index after sync (real server process, two devices)', () => {
  const { pair } = useSignedInPairs();

  it('follows remote edits, renames and deletes as it follows local ones', async () => {
    const [a, b] = await pair();
    const onB = createCaller(b.host.createContext());
    const titlesLinkingTo = async (id: string): Promise<string[]> => {
      await b.host.flush();
      return (await onB.linkIndex.backlinks({ id })).groups.map((group) => group.title);
    };

    const target = await a.host.services.notes.create({ title: 'Target' });
    const source = await a.host.services.notes.create({ title: 'Source', body: 'See [[Target]].' });
    await waitForConvergence([a, b]);
    expect(await titlesLinkingTo(target.id)).toEqual(['Source']);

    // A remote edit of the source adds a link to a note that does not exist yet.
    await editNote(a.host.services.notes, { id: source.id, body: 'See [[Target]] and [[Later]].' });
    await waitForConvergence([a, b]);
    await b.host.flush();
    expect((await onB.linkIndex.broken({})).items.map((item) => item.target)).toEqual(['Later']);

    // A remote rename makes that link resolve and the old one break.
    await editNote(a.host.services.notes, { id: target.id, title: 'Later' });
    await waitForConvergence([a, b]);
    expect(await titlesLinkingTo(target.id)).toEqual(['Source']);
    expect(
      (await onB.linkIndex.outgoing({ id: source.id })).map((link) => link.resolved?.title ?? null),
    ).toEqual([null, 'Later']);

    // A remote delete forever removes the source and its links.
    await a.host.services.notes.trash(source.id);
    await a.host.services.notes.deleteForever(source.id);
    await waitForConvergence([a, b]);
    expect(await titlesLinkingTo(target.id)).toEqual([]);
    expect((await onB.linkIndex.broken({})).total).toBe(0);
  });
});
