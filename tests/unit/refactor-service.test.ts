import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCallerFactory, reasonOf } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import type { Host } from '../../src-main/host';
import { createRefactorService } from '../../src-main/refactor/refactor-service';
import type { SnapshotReason } from '../../src-main/snapshots/snapshot-recorder';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';

const createCaller = createCallerFactory(appRouter);
type Api = ReturnType<typeof createCaller>;

async function reasonOfCall(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return error instanceof TRPCError ? reasonOf(error) : String(error);
  }
  return 'no error';
}

describe.each(STORAGE_KINDS)('refactor service (%s)', (storage) => {
  let host: Host;
  let api: Api;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const test = await createTestHost(storage);
    host = test.host;
    dispose = test.dispose;
    api = createCaller(host.createContext());
  });
  afterEach(async () => dispose());

  const make = async (title: string, body: string, folder = '') =>
    (await api.notes.create({ title, body, folder })).id;
  const body = async (id: string) => (await api.notes.get({ id })).body;
  const everything = async () =>
    (await api.notes.list({ view: 'notes', limit: 500 })).items
      .map((note) => note.id)
      .sort()
      .map((id) => api.notes.get({ id }));

  const ALL_FORMS =
    '[[Plan]] [[Plan|the plan]] [[Plan#Goals]] [[plan#^b1]] ![[Plan]] [[work/Plan]] [md](work/Plan.md) [g](<work/Plan.md#Goals>)\n';

  it('E10: a rename rewrites every link form in every note, shown text, headings and block ids kept', async () => {
    const plan = await make('Plan', '# Goals\nSee [[#Goals]] and [o](../Other.md).\n', 'work');
    const a = await make('A', ALL_FORMS);
    const b = await make('B', 'Untouched [[Other]] and `[[Plan]]` in code.\n', 'work');
    await make('Other', 'x');
    const result = await api.refactor.renameNote({ id: plan, title: 'Roadmap' });
    expect(await body(a)).toBe(
      '[[Roadmap]] [[Roadmap|the plan]] [[Roadmap#Goals]] [[Roadmap#^b1]] ![[Roadmap]] [[work/Roadmap]] [md](work/Roadmap.md) [g](<work/Roadmap.md#Goals>)\n',
    );
    expect(await body(b)).toBe('Untouched [[Other]] and `[[Plan]]` in code.\n');
    expect((await api.notes.get({ id: plan })).title).toBe('Roadmap');
    expect(result).toMatchObject({ kind: 'rename-note', notesChanged: 2, linksRewritten: 8, linkedNotes: 1 });
  });

  it('E10: a move recomputes Markdown paths, written paths and the moved note’s own relative links', async () => {
    const plan = await make('Plan', 'Back to [o](../Other.md) and [[Other]].\n', 'work');
    const a = await make('A', '[[Plan]] [[work/Plan]] [p](work/Plan.md)\n', 'notes');
    await make('Other', 'x');
    await api.refactor.renameNote({ id: plan, folder: 'archive/2026' });
    expect(await body(a)).toBe('[[Plan]] [[archive/2026/Plan]] [p](../archive/2026/Plan.md)\n');
    expect(await body(plan)).toBe('Back to [o](../../Other.md) and [[Other]].\n');
    expect((await api.notes.get({ id: plan })).folder).toBe('archive/2026');
  });

  it('E10: a rename that would take over another note’s links keeps them on that note', async () => {
    await make('Plan', 'the work plan', 'work');
    const draft = await make('Draft', 'd');
    const a = await make('A', '[[Plan]] and [[Draft]]', 'notes');
    // At the root, "Plan" becomes the exact path [[Plan]] names: A's link must say work/Plan now.
    await api.refactor.renameNote({ id: draft, title: 'Plan' });
    expect(await body(a)).toBe('[[work/Plan]] and [[Plan]]');
  });

  it('E10: a folder moves with the folders inside it, and links into it follow', async () => {
    const top = await make('Top', 'in work', 'work');
    const deep = await make('Deep', 'in work/sub [up](../Top.md)', 'work/sub');
    const elsewhere = await make('Elsewhere', 'x', 'workshop');
    const a = await make('A', '[[work/sub/Deep]] [t](work/Top.md) [[Deep]]\n');
    const result = await api.refactor.moveFolder({ from: 'work', to: 'projects/q' });
    expect((await api.notes.get({ id: top })).folder).toBe('projects/q');
    expect((await api.notes.get({ id: deep })).folder).toBe('projects/q/sub');
    expect((await api.notes.get({ id: elsewhere })).folder).toBe('workshop');
    expect(await body(a)).toBe('[[projects/q/sub/Deep]] [t](projects/q/Top.md) [[Deep]]\n');
    expect(await body(deep)).toBe('in work/sub [up](../Top.md)');
    expect(result.notesChanged).toBe(3);
  });

  it('E10: a name collision is refused before anything is written', async () => {
    const plan = await make('Plan', 'p', 'work');
    await make('roadmap', 'taken', 'work');
    await make('A', '[[Plan]]');
    await make('Deep', 'd', 'old');
    await make('Deep', 'taken too', 'new');
    const before = await Promise.all(await everything());
    expect(await reasonOfCall(api.refactor.renameNote({ id: plan, title: 'Roadmap' }))).toBe(
      'NOTE_NAME_TAKEN',
    );
    expect(await reasonOfCall(api.refactor.moveFolder({ from: 'old', to: 'new' }))).toBe('NOTE_NAME_TAKEN');
    expect(await Promise.all(await everything())).toEqual(before);
    expect(await api.refactor.lastUndoable()).toBeNull();
  });

  it('refuses input that names no change or moves a folder into itself', async () => {
    const plan = await make('Plan', 'p');
    expect(await reasonOfCall(api.refactor.renameNote({ id: plan }))).toBe('INVALID_INPUT');
    expect(await reasonOfCall(api.refactor.moveFolder({ from: 'a', to: 'a/b' }))).toBe('INVALID_INPUT');
    expect(await reasonOfCall(api.refactor.renameTag({ from: 'x', to: '1984' }))).toBe('INVALID_INPUT');
    expect(await reasonOfCall(api.refactor.renameNote({ id: plan, title: 'x'.repeat(301) }))).toBe(
      'INVALID_INPUT',
    );
  });

  it('E10: undo writes every note back exactly, once', async () => {
    const plan = await make('Plan', '# Goals\n[o](../Other.md)', 'work');
    await make('A', ALL_FORMS);
    await make('B', '[[work/Plan#Goals|g]]', 'x/y');
    await make('Other', 'o');
    const before = await Promise.all(await everything());
    const { operationId } = await api.refactor.renameNote({ id: plan, title: 'Roadmap', folder: 'done' });
    expect(await api.refactor.lastUndoable()).toMatchObject({ operationId, kind: 'rename-note' });
    const undone = await api.refactor.undo({ operationId });
    expect(undone).toMatchObject({ kind: 'undo', notesChanged: 3 });
    const after = await Promise.all(await everything());
    const content = (notes: typeof before) =>
      notes.map(({ title, folder, body }) => ({ title, folder, body }));
    expect(content(after)).toEqual(content(before));
    expect(await reasonOfCall(api.refactor.undo({ operationId }))).toBe('ALREADY_UNDONE');
    expect(await reasonOfCall(api.refactor.undo({ operationId: 'op-unknown' }))).toBe('UNDO_EXPIRED');
    expect(await api.refactor.lastUndoable()).toBeNull();
  });

  it('E10: undo after an edit made since merges it in and keeps it', async () => {
    const plan = await make('Plan', 'p');
    const a = await make('A', 'Intro\n\nSee [[Plan]] today.\n\nOutro\n');
    const { operationId } = await api.refactor.renameNote({ id: plan, title: 'Roadmap' });
    const base = await api.notes.get({ id: a });
    expect(base.body).toBe('Intro\n\nSee [[Roadmap]] today.\n\nOutro\n');
    await api.notes.update({ id: a, base, body: 'Intro, edited\n\nSee [[Roadmap]] today.\n\nOutro\n' });
    await api.refactor.undo({ operationId });
    expect(await body(a)).toBe('Intro, edited\n\nSee [[Plan]] today.\n\nOutro\n');
    expect((await api.notes.get({ id: plan })).title).toBe('Plan');
  });

  it('E10: undo leaves a note trashed since in the trash', async () => {
    const plan = await make('Plan', 'p');
    const a = await make('A', '[[Plan]]');
    const { operationId } = await api.refactor.renameNote({ id: plan, title: 'Roadmap' });
    await api.notes.trash({ id: a });
    const undone = await api.refactor.undo({ operationId });
    expect(undone).toMatchObject({ notesChanged: 1, skipped: 1 });
    expect(await api.notes.get({ id: a })).toMatchObject({
      body: '[[Roadmap]]',
      trashedAt: expect.any(Number),
    });
    expect((await api.notes.get({ id: a })).trashedAt).toBeGreaterThan(0);
    expect((await api.notes.get({ id: plan })).title).toBe('Plan');
  });

  it('E10: undo is refused when the old name has been taken since, and can be tried again', async () => {
    const plan = await make('Plan', 'p');
    const { operationId } = await api.refactor.renameNote({ id: plan, title: 'Roadmap' });
    const squatter = await make('plan', 'new note under the old name');
    expect(await reasonOfCall(api.refactor.undo({ operationId }))).toBe('NOTE_NAME_TAKEN');
    await api.notes.trash({ id: squatter });
    await api.refactor.undo({ operationId });
    expect((await api.notes.get({ id: plan })).title).toBe('Plan');
  });

  it('E10: a tag rename changes frontmatter and inline tags, nested ones too, and undoes as one', async () => {
    const a = await make('A', '---\ntags: [project, other]\n---\nNotes #project/quire and #projects.\n');
    const b = await make('B', 'Only #Project here, `#project` in code.\n');
    const c = await make('C', 'No tags.');
    const result = await api.refactor.renameTag({ from: '#project', to: 'work' });
    expect(await body(a)).toBe('---\ntags: [work, other]\n---\nNotes #work/quire and #projects.\n');
    expect(await body(b)).toBe('Only #work here, `#project` in code.\n');
    expect(await body(c)).toBe('No tags.');
    expect((await api.notes.get({ id: a })).tags).toEqual(['work', 'other', 'work/quire', 'projects']);
    expect(result).toMatchObject({ kind: 'rename-tag', notesChanged: 2, linksRewritten: 3 });
    await api.refactor.undo({ operationId: result.operationId });
    expect(await body(a)).toBe('---\ntags: [project, other]\n---\nNotes #project/quire and #projects.\n');
    expect(await body(b)).toBe('Only #Project here, `#project` in code.\n');
  });

  it('E10: a heading rename rewrites the links to that heading, the note’s own too', async () => {
    const plan = await make('Plan', '# Goals\nsee [[#Goals]] and [[#Other]]\n');
    const a = await make('A', '[[Plan#Goals]] [[Plan#goals|g]] [[Plan#Other]] [[Elsewhere#Goals]]\n');
    await make('Elsewhere', '# Goals');
    expect(await api.refactor.headingLinkCount({ id: plan, heading: 'Goals' })).toEqual({
      links: 3,
      notes: 2,
    });
    const result = await api.refactor.renameHeading({ id: plan, from: 'Goals', to: 'Aims' });
    expect(await body(a)).toBe('[[Plan#Aims]] [[Plan#Aims|g]] [[Plan#Other]] [[Elsewhere#Goals]]\n');
    expect(await body(plan)).toBe('# Goals\nsee [[#Aims]] and [[#Other]]\n');
    expect(result).toMatchObject({ linksRewritten: 3, linkedNotes: 2 });
  });

  it('counts the links to a note from other notes', async () => {
    const plan = await make('Plan', '[[Plan]] links itself');
    await make('A', '[[Plan]] and [[Plan|again]]');
    await make('B', '[p](Plan.md)');
    await make('C', '[[Planet]]');
    expect(await api.refactor.linkCount({ id: plan })).toEqual({ links: 3, notes: 2 });
  });

  it('E10: takes a snapshot of every note before rewriting it, and asks the link index for referrers', async () => {
    const plan = await make('Plan', 'p');
    const a = await make('A', '[[Plan]]');
    const unlisted = await make('B', '[[Plan]]');
    const captured: { id: string; body: string; reason: SnapshotReason }[] = [];
    const asked: string[][] = [];
    const refactor = createRefactorService({
      db: host.db,
      notes: host.services.notes,
      clock: { now: () => 1 },
      findReferrers: (ids) => {
        asked.push([...ids]);
        return Promise.resolve([a]);
      },
      snapshots: { capture: (note, reason) => captured.push({ id: note.id, body: note.body, reason }) },
    });
    await refactor.renameNote({ id: plan, title: 'Roadmap' });
    expect(asked).toEqual([[plan]]);
    expect(captured.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: plan, body: 'p', reason: 'refactor' },
        { id: a, body: '[[Plan]]', reason: 'refactor' },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(await body(a)).toBe('[[Roadmap]]');
    // Only what the index names is rewritten: it is the source of truth when injected.
    expect(await body(unlisted)).toBe('[[Plan]]');
  });
});
