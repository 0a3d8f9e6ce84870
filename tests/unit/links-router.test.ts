import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCallerFactory, reasonOf } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { embedKey, LINK_EMBEDS_MAX, type LinkEmbed } from '../../src-shared/api/links-api';
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

const key = (target: string, heading: string | null = null, blockId: string | null = null) =>
  embedKey({ target, heading, blockId });

describe.each(STORAGE_KINDS)('links router (%s)', (storage) => {
  let api: Api;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const test = await createTestHost(storage);
    dispose = test.dispose;
    api = createCaller(test.host.createContext());
  });
  afterEach(async () => dispose());

  const make = async (title: string, body: string, folder = '') =>
    (await api.notes.create({ title, body, folder })).id;

  it('resolves from the source folder, by Obsidian’s rules', async () => {
    const root = await make('Plan', '');
    const work = await make('Plan', '', 'work');
    const deep = await make('Spec', '', 'work/deep');
    expect(await api.links.resolve({ target: 'Plan' })).toEqual({ id: root });
    expect(await api.links.resolve({ target: 'work/Plan', sourceFolder: 'work' })).toEqual({ id: work });
    expect(await api.links.resolve({ target: 'Spec' })).toEqual({ id: deep });
    expect(
      await api.links.resolve({ target: '../Plan.md', sourceFolder: 'work/deep', kind: 'markdown' }),
    ).toEqual({
      id: work,
    });
    expect(
      await api.links.resolveMany({
        sourceFolder: 'work/deep',
        targets: [{ target: 'Spec' }, { target: 'Nope' }, { target: '../../Plan.md', kind: 'markdown' }],
      }),
    ).toEqual([deep, null, root]);
  });

  it('embeds a note, a section and a block, with nested embeds, cycles and missing parts', async () => {
    const source = await make('Source', '![[Part]] ![[Part#Two]] ![[Part#^quote]] ![[Gone]] ![[Part#Nope]]');
    const part = await make(
      'Part',
      '---\ntags: [x]\n---\n# One\nfirst ![[Inner]]\n## One.a\nsub\n# Two\nsecond\n\nA famous line ^quote\n',
    );
    const inner = await make('Inner', 'inner text ![[Part]] ![[Source]]');
    const [whole, section, block, gone, nope] = await api.links.embeds({
      sourceId: source,
      sourceFolder: '',
      targets: [
        { target: 'Part' },
        { target: 'Part', heading: 'Two' },
        { target: 'Part', blockId: 'quote' },
        { target: 'Gone' },
        { target: 'Part', heading: 'Nope' },
      ],
    });
    expect(whole).toMatchObject({ id: part, title: 'Part', problem: null });
    expect(whole!.markdown).toBe(
      '# One\nfirst ![[Inner]]\n## One.a\nsub\n# Two\nsecond\n\nA famous line ^quote\n',
    );
    expect(section!.markdown).toBe('# Two\nsecond\n\nA famous line ^quote');
    expect(block!.markdown).toBe('A famous line');
    expect(gone).toBeNull();
    expect(nope).toMatchObject({ id: part, markdown: null, problem: 'missing-heading' });
    const nested = whole!.embeds[key('Inner')] as LinkEmbed;
    expect(nested).toMatchObject({ id: inner, markdown: 'inner text ![[Part]] ![[Source]]' });
    // Part is already embedded above Inner, and Source is the note being shown.
    expect(nested.embeds[key('Part')]).toMatchObject({ id: part, problem: 'cycle', markdown: null });
    expect(nested.embeds[key('Source')]).toMatchObject({ id: source, problem: 'cycle' });
  });

  it('embeds a section of the note itself with ![[#Heading]]', async () => {
    const self = await make('Self', '# A\n![[#B]]\n# B\nbee\n');
    const [own] = await api.links.embeds({
      sourceId: self,
      sourceFolder: '',
      targets: [{ target: '', heading: 'B' }],
    });
    expect(own).toMatchObject({ id: self, markdown: '# B\nbee', problem: null });
  });

  it('does not embed a trashed note', async () => {
    const id = await make('Old', 'x');
    await api.notes.trash({ id });
    expect(await api.links.embeds({ sourceFolder: '', targets: [{ target: 'Old' }] })).toEqual([null]);
  });

  it('refuses more embeds than one render may ask for', async () => {
    const targets = Array.from({ length: LINK_EMBEDS_MAX + 1 }, () => ({ target: 'x' }));
    expect(await reasonOfCall(api.links.embeds({ sourceFolder: '', targets }))).toBe('INVALID_INPUT');
  });

  it('offers block ids ranked: prefix, then substring, each in document order', async () => {
    const id = await make(
      'B',
      'Intro para ^intro\n\n- task one ^t1\n- contains intro here ^x9\n\n> Quote ^in-quote\n',
    );
    expect((await api.links.blocks({ id })).map((b) => b.id)).toEqual(['intro', 't1', 'x9', 'in-quote']);
    expect((await api.links.blocks({ id, query: 'in' })).map((b) => b.id)).toEqual([
      'intro',
      'in-quote',
      'x9',
    ]);
    expect((await api.links.blocks({ id, query: '^T1' }))[0]).toEqual({
      id: 't1',
      text: 'task one',
      line: 2,
    });
    expect(await reasonOfCall(api.links.blocks({ id: 'missing' }))).toBe('NOTE_NOT_FOUND');
  });
});
