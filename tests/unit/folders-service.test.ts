import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCallerFactory, reasonOf } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import type { FailureReason } from '../../src-shared/errors/reasons';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';

const createCaller = createCallerFactory(appRouter);
type Api = ReturnType<typeof createCaller>;

async function reasonOfCall(call: Promise<unknown>): Promise<FailureReason | 'resolved'> {
  try {
    await call;
    return 'resolved';
  } catch (error) {
    if (error instanceof TRPCError) return reasonOf(error);
    throw error;
  }
}

describe.each(STORAGE_KINDS)('folders, tags and bookmarks (%s)', (storage) => {
  let api: Api;
  let dispose: () => Promise<void>;
  let advance: (ms: number) => void;

  beforeEach(async () => {
    const test = await createTestHost(storage);
    api = createCaller(test.host.createContext());
    dispose = test.dispose;
    advance = test.clock.advance;
  });
  afterEach(() => dispose());

  const make = async (folder: string, body = '', title = 'Note') => {
    advance(1_000);
    return api.notes.create({ folder, body, title });
  };

  it('derives the tree from the notes: counts include subfolders, the latest change bubbles up', async () => {
    await make('');
    await make('Projects');
    await make('Projects/Quire');
    const last = await make('Projects/Quire/Specs');
    await make('Archive');
    const tree = await api.folders.tree();
    expect(tree.map((n) => [n.path, n.parent, n.name, n.noteCount, n.totalCount])).toEqual([
      ['Archive', '', 'Archive', 1, 1],
      ['Projects', '', 'Projects', 1, 3],
      ['Projects/Quire', 'Projects', 'Quire', 1, 2],
      ['Projects/Quire/Specs', 'Projects/Quire', 'Specs', 1, 1],
    ]);
    expect(tree.find((n) => n.path === 'Projects')?.updatedAt).toBe(last.updatedAt);
    expect(tree.every((n) => !n.empty)).toBe(true);
  });

  it('follows moves and trashing without a rescan: a folder left empty leaves the tree', async () => {
    const a = await make('A');
    await make('A/B');
    expect((await api.folders.tree()).map((n) => n.path)).toEqual(['A', 'A/B']);
    const base = await api.notes.get({ id: a.id });
    await api.notes.update({ id: a.id, base, folder: 'C' });
    const child = (await api.notes.list({ folder: 'A/B' })).items[0]!;
    await api.notes.trash({ id: child.id });
    expect((await api.folders.tree()).map((n) => [n.path, n.totalCount])).toEqual([['C', 1]]);
  });

  it('C7: keeps a folder made empty, until it holds a note; refuses one that exists (FOLDER_EXISTS)', async () => {
    await make('Work');
    await api.folders.create({ path: 'Ideas/Later' });
    let tree = await api.folders.tree();
    expect(tree.filter((n) => n.empty).map((n) => n.path)).toEqual(['Ideas', 'Ideas/Later']);
    expect(await reasonOfCall(api.folders.create({ path: 'Work' }))).toBe('FOLDER_EXISTS');
    expect(await reasonOfCall(api.folders.create({ path: 'Ideas' }))).toBe('FOLDER_EXISTS');
    await make('Ideas/Later');
    tree = await api.folders.tree();
    expect(tree.find((n) => n.path === 'Ideas/Later')).toMatchObject({ empty: false, noteCount: 1 });
    // It holds a note now, so the device no longer needs to remember it: trashing it, it goes.
    const [held] = (await api.notes.list({ folder: 'Ideas/Later' })).items;
    await api.notes.trash({ id: held!.id });
    expect((await api.folders.tree()).map((n) => n.path)).toEqual(['Work']);
  });

  it('refuses folder names with empty, dot or padded parts', async () => {
    for (const path of ['', '/a', 'a/', 'a//b', 'a/../b', './a', ' a', 'a/b ', 'a\\b']) {
      expect([path, await reasonOfCall(api.folders.create({ path }))]).toEqual([path, 'INVALID_INPUT']);
    }
  });

  it('C7: deleting a folder trashes its notes and its subfolders’, each keeps its folder and a restore puts it back', async () => {
    await make('Old');
    const deep = await make('Old/Deeper');
    const kept = await make('Older');
    await api.folders.create({ path: 'Old/Empty' });
    expect(await api.folders.delete({ path: 'Old' })).toEqual({ trashed: 2 });
    expect((await api.folders.tree()).map((n) => n.path)).toEqual(['Older']);
    expect((await api.notes.list({ view: 'trash' })).total).toBe(2);
    expect((await api.notes.get({ id: kept.id })).trashedAt).toBe(0);
    await api.notes.restore({ id: deep.id });
    expect((await api.notes.get({ id: deep.id })).folder).toBe('Old/Deeper');
    expect((await api.folders.tree()).map((n) => n.path)).toEqual(['Old', 'Old/Deeper', 'Older']);
    expect(await reasonOfCall(api.folders.delete({ path: 'Nowhere' }))).toBe('FOLDER_NOT_FOUND');
  });

  it('lists a folder alone or with its subfolders, never a sibling that shares its prefix', async () => {
    await make('a', '', 'in a');
    await make('a/b', '', 'in a/b');
    await make('a b', '', 'in a b');
    await make('ab', '', 'in ab');
    const only = await api.notes.list({ folder: 'a' });
    expect(only.items.map((n) => n.title)).toEqual(['in a']);
    const below = await api.notes.list({ folder: 'a', includeSubfolders: true });
    expect(below.items.map((n) => n.title).sort()).toEqual(['in a', 'in a/b']);
    expect(below.total).toBe(2);
  });

  it('remembers collapsed folders and the sort, and carries them when a folder moves', async () => {
    expect(await api.folders.settings()).toEqual({ collapsed: [], sort: 'name', includeSubfolders: false });
    await api.folders.setSettings({ collapsed: ['A', 'A/B'], sort: 'updated' });
    await api.folders.create({ path: 'A/B/Empty' });
    await api.folders.moved({ from: 'A', to: 'Z' });
    expect(await api.folders.settings()).toMatchObject({ collapsed: ['Z', 'Z/B'], sort: 'updated' });
    expect((await api.folders.tree()).map((n) => n.path)).toEqual(['Z', 'Z/B', 'Z/B/Empty']);
    expect(await reasonOfCall(api.folders.moved({ from: 'A', to: 'A/in' }))).toBe('INVALID_INPUT');
  });

  it('counts tags as a tree: nested counts include children, a note counts once, any case', async () => {
    await make('', '#project/quire #Project');
    await make('', '#project/quire/ui');
    await make('', '---\ntags: [reading]\n---\n#PROJECT/Quire');
    const trashed = await make('', '#project #gone');
    await api.notes.trash({ id: trashed.id });
    const tree = await api.tags.tree();
    const byKey = new Map(tree.map((t) => [t.path.toLowerCase(), t]));
    expect([...byKey.keys()]).toEqual(['project', 'project/quire', 'project/quire/ui', 'reading']);
    expect(byKey.get('project')).toMatchObject({ noteCount: 1, totalCount: 3, parent: '' });
    expect(byKey.get('project/quire')).toMatchObject({
      noteCount: 2,
      totalCount: 3,
      name: expect.stringMatching(/^quire$/i),
    });
    expect(byKey.get('project/quire/ui')).toMatchObject({ noteCount: 1, totalCount: 1 });
    expect(byKey.get('project/quire/ui')?.parent.toLowerCase()).toBe('project/quire');
  });

  it('keeps bookmarks in order and says which notes are trashed or gone', async () => {
    const live = await make('', '', 'Live');
    const gone = await make('', '', 'Gone');
    await api.notes.trash({ id: gone.id });
    const views = await api.bookmarks.set({
      items: [
        { kind: 'search', query: 'tag:#work' },
        { kind: 'note', id: live.id },
        { kind: 'note', id: gone.id },
        { kind: 'note', id: 'never-existed' },
      ],
    });
    expect(views).toEqual([
      { kind: 'search', query: 'tag:#work' },
      { kind: 'note', id: live.id, title: 'Live', state: 'live' },
      { kind: 'note', id: gone.id, title: 'Gone', state: 'trashed' },
      { kind: 'note', id: 'never-existed', title: '', state: 'missing' },
    ]);
    expect(await api.bookmarks.list()).toEqual(views);
    expect(await reasonOfCall(api.bookmarks.set({ items: [{ kind: 'search', query: ' ' }] }))).toBe(
      'INVALID_INPUT',
    );
  });
});
