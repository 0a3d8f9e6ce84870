import { afterEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/app-router';
import { createCallerFactory } from '../../src-main/trpc';
import type { Host } from '../../src-main/host';
import { createTestHost, STORAGE_KINDS, type StorageKind } from '../support/test-host';
import { editNote } from '../support/edit-note';
import { reasonOfCall } from '../support/reason-of-call';
import { makeTempDir } from '../support/temp-dir';

const createCaller = createCallerFactory(appRouter);

describe.each(STORAGE_KINDS)('link index (%s storage)', (storage: StorageKind) => {
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await dispose?.();
    dispose = null;
  });

  async function open() {
    const test = await createTestHost(storage);
    dispose = test.dispose;
    const host = test.host;
    const api = createCaller(host.createContext());
    const create = async (title: string, body = '', folder = ''): Promise<string> =>
      (await host.services.notes.create({ title, body, folder })).id;
    const edit = (id: string, patch: { title?: string; body?: string; folder?: string }) =>
      editNote(host.services.notes, { id, ...patch });
    const linkers = async (id: string): Promise<string[]> =>
      (await api.linkIndex.backlinks({ id })).groups.map((group) => group.title);
    return { host, api, create, edit, linkers };
  }

  it('lists linked mentions by source note, every link form, with the line around each', async () => {
    const { api, create } = await open();
    const target = await create('Roadmap', '# Roadmap\n\n## Goals\n\nShip it. ^goal\n', 'Projects');
    await create('Beta', 'Plain [[Roadmap]] here.\nAnd [[Projects/Roadmap#Goals|the goals]].');
    await create('Alpha', 'See ![[Roadmap#^goal]] and [doc](Projects/Roadmap.md).');
    await create('Unrelated', 'Nothing here, not even Roadmap as a link.');
    const result = await api.linkIndex.backlinks({ id: target });
    expect(result.total).toBe(2);
    expect(result.groups.map((g) => [g.title, g.mentions.length])).toEqual([
      ['Alpha', 2],
      ['Beta', 2],
    ]);
    const [first] = result.groups[1]!.mentions;
    expect(first).toEqual({ line: 0, text: 'Plain [[Roadmap]] here.', from: 6, to: 17 });
    expect(result.groups[1]!.mentions[1]!.line).toBe(1);
  });

  it('follows edits, renames, moves and aliases: resolution changes with every name', async () => {
    const { api, create, edit, linkers } = await open();
    const note = await create('Old name', '', 'a');
    const source = await create('Source', '[[Old name]] [[New name]] [[a/Old name]] [[Nick]]');
    expect(await linkers(note)).toEqual(['Source']);
    expect((await api.linkIndex.outgoing({ id: source })).map((l) => l.resolved?.id ?? null)).toEqual([
      note,
      null,
      note,
      null,
    ]);

    await edit(note, { title: 'New name' });
    expect((await api.linkIndex.outgoing({ id: source })).map((l) => l.resolved?.id ?? null)).toEqual([
      null,
      note,
      null,
      null,
    ]);

    await edit(note, { folder: 'b', body: '---\naliases: [Nick]\n---\n' });
    const outgoing = await api.linkIndex.outgoing({ id: source });
    expect(outgoing.map((l) => l.resolved?.id ?? null)).toEqual([null, note, null, note]);
    expect(outgoing[1]!.resolved).toEqual({ id: note, title: 'New name', folder: 'b' });

    // The source's own edit drops two links; a new note takes the old name back.
    await edit(source, { body: 'Only [[Old name]] now.' });
    expect(await linkers(note)).toEqual([]);
    const again = await create('Old name');
    expect(await linkers(again)).toEqual(['Source']);
  });

  it('forgets trashed notes as sources and targets, brings them back on restore, drops deleted ones', async () => {
    const { host, api, create, linkers } = await open();
    const target = await create('Target');
    const source = await create('Source', 'to [[Target]]');
    await host.services.notes.trash(source);
    expect(await linkers(target)).toEqual([]);
    await host.services.notes.restore(source);
    expect(await linkers(target)).toEqual(['Source']);

    await host.services.notes.trash(target);
    expect((await api.linkIndex.outgoing({ id: source }))[0]!.resolved).toBeNull();
    expect((await api.linkIndex.broken({})).items.map((b) => b.target)).toEqual(['Target']);
    // A trashed note's panes are empty, not failures.
    expect(await api.linkIndex.outgoing({ id: target })).toEqual([]);
    expect((await api.linkIndex.unlinked({ id: target })).total).toBe(0);
    await host.services.notes.restore(target);
    expect(await linkers(target)).toEqual(['Source']);

    await host.services.notes.trash(source);
    await host.services.notes.deleteForever(source);
    expect((await api.linkIndex.backlinks({ id: target })).total).toBe(0);
    expect(await host.services.linkIndex.referrers([target])).toEqual([]);
  });

  it('lists broken links by note with their line, in pages', async () => {
    const { api, create } = await open();
    await create('Existing');
    await create('B note', 'x [[Missing one]] [[Existing]]\n[[Missing two#Heading]]');
    await create('A note', 'y [[Nowhere]] ![[picture.png]]');
    const first = await api.linkIndex.broken({ limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((b) => [b.title, b.target, b.line])).toEqual([
      ['A note', 'Nowhere', 0],
      ['B note', 'Missing one', 0],
    ]);
    expect(first.items[1]!.text).toBe('x [[Missing one]] [[Existing]]');
    const second = await api.linkIndex.broken({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((b) => b.target)).toEqual(['Missing two']);
    expect(second.nextCursor).toBeNull();
  });

  it('finds unlinked mentions outside links, code and frontmatter, and links one as a minimal edit', async () => {
    const { host, api, create, linkers } = await open();
    const target = await create('Quire Roadmap', '---\naliases: [the plan]\n---\n');
    const body = [
      '---',
      'note: quire roadmap in frontmatter',
      '---',
      'We discussed the quire roadmap today.',
      'Linked already: [[Quire Roadmap]]; `quire roadmap` in code; quire roadmaps is another word.',
      '```',
      'quire roadmap',
      '```',
      'Follow The Plan.',
    ].join('\n');
    const source = await create('Meeting', body);
    const unlinked = await api.linkIndex.unlinked({ id: target });
    expect(unlinked.total).toBe(1);
    const mentions = unlinked.groups[0]!.mentions;
    expect(mentions.map((m) => [m.line, m.matched])).toEqual([
      [3, 'quire roadmap'],
      [8, 'The Plan'],
    ]);
    expect(await linkers(target)).toEqual(['Meeting']);

    const [mention] = mentions;
    const result = await api.linkIndex.linkMention({
      sourceId: source,
      line: mention!.line,
      from: mention!.lineFrom,
      to: mention!.lineTo,
      targetId: target,
    });
    expect(result.link).toBe('[[Quire Roadmap|quire roadmap]]');
    const after = await host.services.notes.get(source);
    expect(after.body).toBe(
      body.replace('the quire roadmap today', 'the [[Quire Roadmap|quire roadmap]] today'),
    );
    const backlinks = await api.linkIndex.backlinks({ id: target });
    expect(backlinks.groups[0]!.mentions).toHaveLength(2);
    expect((await api.linkIndex.unlinked({ id: target })).groups[0]!.mentions.map((m) => m.matched)).toEqual([
      'The Plan',
    ]);

    // The same place again: the words there are a link now, so the request is stale.
    expect(
      await reasonOfCall(
        api.linkIndex.linkMention({
          sourceId: source,
          line: mention!.line,
          from: mention!.lineFrom,
          to: mention!.lineTo,
          targetId: target,
        }),
      ),
    ).toBe('MENTION_CHANGED');
  });

  it('writes the path when the title alone would name another note from the source', async () => {
    const { host, api, create } = await open();
    await create('Plan', '', 'here');
    const target = await create('Plan', '', 'there');
    const source = await create('Notes', 'The Plan is ready.', 'here');
    const mention = (await api.linkIndex.unlinked({ id: target })).groups.find((g) => g.id === source)!
      .mentions[0]!;
    const { link } = await api.linkIndex.linkMention({
      sourceId: source,
      line: mention.line,
      from: mention.lineFrom,
      to: mention.lineTo,
      targetId: target,
    });
    expect(link).toBe('[[there/Plan|Plan]]');
    expect((await host.services.notes.get(source)).body).toBe('The [[there/Plan|Plan]] is ready.');
    expect((await api.linkIndex.backlinks({ id: target })).total).toBe(1);
  });

  it('graph: nodes with tags and degree, each undirected pair once, no self-loops; local depth and filters', async () => {
    const { api, create } = await open();
    const a = await create('A', '[[B]] [[B]] [[C]] [[A]] #topic', 'work');
    const b = await create('B', '[[A]] #topic/sub', 'work');
    const c = await create('C', '[[D]]', 'home');
    const d = await create('D', '', 'home');
    await create('Lonely');
    const vault = await api.linkIndex.graph({ scope: 'vault' });
    expect(vault.truncated).toBe(false);
    expect(vault.nodes).toHaveLength(5);
    const named = (graph: typeof vault) =>
      graph.edges.map(([x, y]) => [graph.nodes[x]!.title, graph.nodes[y]!.title].sort().join('-')).sort();
    expect(named(vault)).toEqual(['A-B', 'A-C', 'C-D']);
    for (const [x, y] of vault.edges) expect(x).toBeLessThan(y);
    const nodeA = vault.nodes.find((n) => n.id === a)!;
    expect(nodeA).toEqual({ id: a, title: 'A', folder: 'work', tags: ['topic'], degree: 2 });

    const local1 = await api.linkIndex.graph({ scope: 'local', id: a, depth: 1 });
    expect(local1.nodes.map((n) => n.id).sort()).toEqual([a, b, c].sort());
    const local2 = await api.linkIndex.graph({ scope: 'local', id: a, depth: 2 });
    expect(local2.nodes.map((n) => n.id).sort()).toEqual([a, b, c, d].sort());
    expect(named(local2)).toEqual(['A-B', 'A-C', 'C-D']);

    const tagged = await api.linkIndex.graph({ scope: 'vault', tag: 'topic' });
    expect(tagged.nodes.map((n) => n.title).sort()).toEqual(['A', 'B']);
    expect(named(tagged)).toEqual(['A-B']);
    const home = await api.linkIndex.graph({ scope: 'vault', folder: 'home' });
    expect(home.nodes.map((n) => n.title).sort()).toEqual(['C', 'D']);

    const top = await api.linkIndex.graph({ scope: 'vault', limit: 2 });
    expect(top.truncated).toBe(true);
    expect(top.nodes.map((n) => n.title).sort()).toEqual(['A', 'C']);
    expect(named(top)).toEqual(['A-C']);
  });

  it('keeps a hub’s sources in title order through a large import and a rename of one of them', async () => {
    const { host, api, create, edit } = await open();
    const hub = await create('Hub');
    const titles = Array.from({ length: 80 }, (_, i) => `Note ${String(79 - i).padStart(2, '0')}`);
    await host.services.notes.importNotes(
      titles.map((title, i) => ({
        id: `imported-${i}`,
        title,
        body: `[[Hub]] from ${title}`,
        tags: [],
        folder: '',
        createdAt: 1,
        updatedAt: 1,
        trashedAt: 0,
        needsReview: false,
      })),
    );
    const first = await api.linkIndex.backlinks({ id: hub, limit: 3 });
    expect(first.total).toBe(80);
    expect(first.groups.map((g) => g.title)).toEqual(['Note 00', 'Note 01', 'Note 02']);
    await edit('imported-0', { title: 'Aardvark' });
    expect((await api.linkIndex.backlinks({ id: hub, limit: 2 })).groups.map((g) => g.title)).toEqual([
      'Aardvark',
      'Note 00',
    ]);
  });

  it('resolves a link against a name first read in a later batch of the same replay', async () => {
    const { host, api } = await open();
    // More notes than one replay batch (1,000): the linking note sorts first, its target last.
    const note = (id: string, title: string, body: string) => ({
      id,
      title,
      body,
      tags: [],
      folder: '',
      createdAt: 1,
      updatedAt: 1,
      trashedAt: 0,
      needsReview: false,
    });
    await host.services.notes.importNotes([
      note('a-first', 'First', '[[Late]]'),
      ...Array.from({ length: 1_200 }, (_, i) => note(`m-${String(i).padStart(4, '0')}`, `Filler ${i}`, '')),
      note('z-late', 'Late', ''),
    ]);
    expect((await api.linkIndex.backlinks({ id: 'z-late' })).groups.map((g) => g.title)).toEqual(['First']);
    // The names the rename refactor plans with are the index's own, current ones.
    const names = await host.services.linkIndex.names();
    expect(names.notes.length).toBe(1_202);
    expect(names.resolver.resolve('Late', '')).toBe('z-late');
  });

  it('answers referrers and block link counts for the rename refactor', async () => {
    const { host, create } = await open();
    const target = await create('Target', 'Para. ^p1\n\nOther. ^p2\n[[Target]]');
    const one = await create('One', '[[Target#^p1]] [[Target#^p1]] [[Target#^p2]]');
    const two = await create('Two', '[[Target]]');
    await create('Three', '[[Elsewhere]]');
    expect((await host.services.linkIndex.referrers([target])).sort()).toEqual([target, one, two].sort());
    expect(Object.fromEntries(await host.services.linkIndex.blockLinkCounts(target))).toEqual({
      p1: 2,
      p2: 1,
    });
  });
});

describe('link index on disk', () => {
  it('resumes from its checkpoint on restart without parsing a note again', async () => {
    const temp = makeTempDir();
    let host: Host | null = null;
    try {
      const first = await createTestHost('sqlite', { dataDir: temp.dir });
      host = first.host;
      const target = (await host.services.notes.create({ title: 'Target' })).id;
      await host.services.notes.create({ title: 'Source', body: '[[Target]]' });
      await host.flush();
      expect(host.services.linkIndex.stats().parsed).toBe(2);
      await host.close();

      const second = await createTestHost('sqlite', { dataDir: temp.dir });
      host = second.host;
      await host.flush();
      expect(host.services.linkIndex.stats()).toEqual({ parsed: 0, loaded: 2 });
      const api = createCaller(host.createContext());
      expect((await api.linkIndex.backlinks({ id: target })).groups.map((g) => g.title)).toEqual(['Source']);

      // An edit after the restart is read from the feed, and only that note is parsed.
      await editNote(host.services.notes, { id: target, title: 'Renamed' });
      expect((await api.linkIndex.backlinks({ id: target })).total).toBe(0);
      expect(host.services.linkIndex.stats()).toEqual({ parsed: 1, loaded: 2 });
    } finally {
      await host?.close();
      temp.cleanup();
    }
  });
});
