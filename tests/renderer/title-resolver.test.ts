import { describe, expect, it } from 'vitest';
import { NotesChangesFeed } from '../../src-renderer/src/api/notes-changes-feed';
import { TitleResolver } from '../../src-renderer/src/features/editor/title-resolver';
import type { ResolveTitlesOutput } from '../../src-renderer/src/api/quire-api';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';
import { editNoteViaApi } from '../support/edit-note';

/** Lets pending promise callbacks (host answers, the resolver's idle check) run. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(host: FakeHost) {
  const resolver = new TitleResolver(host.api, new NotesChangesFeed(host.api));
  let published = 0;
  resolver.subscribe(() => (published += 1));
  return { resolver, published: () => published, ids: () => resolver.getSnapshot() };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TitleResolver (notes.resolveTitles)', () => {
  it('asks once for all the titles shown, each title once however it is written', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    const { resolver, ids } = setUp(host);
    resolver.watch(['Data Model', '  data model ', 'Missing', 'DATA MODEL', '   ']);
    await flush();

    expect(host.resolveTitles).toHaveBeenCalledTimes(1);
    expect(host.resolveTitles).toHaveBeenCalledWith({ titles: ['Data Model', 'Missing'] });
    expect(ids().get('data model')).toBe('a');
    expect(ids().get('missing')).toBeNull();
  });

  it('answers from its cache while nothing changes, also across a re-render (unwatch, watch)', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    const { resolver, ids } = setUp(host);
    const unwatch = resolver.watch(['Data Model']);
    await flush();
    resolver.watch(['data model']);
    unwatch();
    resolver.watch(['Data Model', 'Data model']);
    await flush();

    expect(host.resolveTitles).toHaveBeenCalledTimes(1);
    expect(ids().get('data model')).toBe('a');
  });

  it('re-checks the watched titles in one call when notes change: a new note resolves its links', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    const { resolver, ids } = setUp(host);
    resolver.watch(['Data Model', 'Deployment Guide']);
    await flush();
    expect(ids().get('deployment guide')).toBeNull();

    const created = await host.api.notes.create.mutate({ title: 'deployment guide ' });
    await flush();
    expect(host.resolveTitles).toHaveBeenCalledTimes(2);
    expect(host.resolveTitles).toHaveBeenLastCalledWith({ titles: ['Data Model', 'Deployment Guide'] });
    expect(ids().get('deployment guide')).toBe(created.id);
    expect(ids().get('data model')).toBe('a');
  });

  it('follows the newest note with a title, and drops a link whose note went to the trash', async () => {
    const host = createFakeHost([
      { ...makeNote('old', '', 'Data Model'), updatedAt: 10 },
      { ...makeNote('new', '', 'Draft'), updatedAt: 20 },
    ]);
    const { resolver, ids } = setUp(host);
    resolver.watch(['Data Model']);
    await flush();
    expect(ids().get('data model')).toBe('old');

    // A newer note takes the title: the change names only that note, yet the link moves to it.
    await editNoteViaApi(host.api, { id: 'new', title: 'data model' });
    host.emitChange(['new']);
    await flush();
    expect(ids().get('data model')).toBe('new');

    await host.api.notes.trash.mutate({ id: 'new' });
    await host.api.notes.trash.mutate({ id: 'old' });
    await flush();
    expect(ids().get('data model')).toBeNull();
  });

  it('does not publish a new snapshot when the answers did not change', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    const { resolver, published } = setUp(host);
    resolver.watch(['Data Model', 'Missing']);
    await flush();
    const before = published();
    host.emitChange(['a']);
    await flush();
    expect(host.resolveTitles).toHaveBeenCalledTimes(2);
    expect(published()).toBe(before);
  });

  it('ignores an answer that a change overtook while it was on its way', async () => {
    const host = createFakeHost();
    const first = deferred<ResolveTitlesOutput>();
    host.resolveTitles.mockImplementationOnce(() => first.promise);
    const { resolver, ids } = setUp(host);
    resolver.watch(['Data Model']);

    const created = await host.api.notes.create.mutate({ title: 'Data Model' });
    await flush();
    expect(ids().get('data model')).toBe(created.id);

    first.resolve({ 'Data Model': null });
    await flush();
    expect(ids().get('data model')).toBe(created.id);
  });

  it('leaves a title unknown, not missing, when the lookup fails, and asks again on the next change', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    host.resolveTitles.mockRejectedValueOnce(new Error('WebSocket closed'));
    const { resolver, ids } = setUp(host);
    resolver.watch(['Data Model']);
    await flush();
    expect(ids().has('data model')).toBe(false);

    host.emitChange(['a']);
    await flush();
    expect(ids().get('data model')).toBe('a');
  });

  it('reads only the titles the host answered, never inherited properties', async () => {
    const host = createFakeHost();
    host.resolveTitles.mockResolvedValueOnce({});
    const { resolver, ids } = setUp(host);
    resolver.watch(['constructor', 'toString']);
    await flush();
    expect(ids().has('constructor')).toBe(false);
    expect(ids().has('tostring')).toBe(false);
  });

  it('keeps within the host limits: overlong titles are unresolved locally, big sets go in batches of 200', async () => {
    const host = createFakeHost([makeNote('a', '', 'Title 7')]);
    const { resolver, ids } = setUp(host);
    const overlong = 'x'.repeat(301);
    const titles = Array.from({ length: 450 }, (_, i) => `Title ${i}`);
    resolver.watch([...titles, overlong]);
    await flush();

    const batches = host.resolveTitles.mock.calls.map(([input]) => input.titles);
    expect(batches.map((batch) => batch.length)).toEqual([200, 200, 50]);
    expect(batches.flat()).not.toContain(overlong);
    expect(ids().get(overlong)).toBeNull();
    expect(ids().get('title 7')).toBe('a');
    expect(ids().get('title 449')).toBeNull();
  });

  it('re-checks what it cached when its titles are shown again after a while unwatched', async () => {
    const host = createFakeHost([makeNote('a', '', 'Data Model')]);
    const { resolver, ids } = setUp(host);
    const unwatch = resolver.watch(['Data Model']);
    await flush();
    unwatch();
    await flush();

    host.emitChange(['a']);
    await flush();
    expect(host.resolveTitles).toHaveBeenCalledTimes(1);

    resolver.watch(['Data Model']);
    // The old answer stays on screen until the fresh one lands.
    expect(ids().get('data model')).toBe('a');
    await flush();
    expect(host.resolveTitles).toHaveBeenCalledTimes(2);
  });
});
