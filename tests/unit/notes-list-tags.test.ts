import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import type { Host } from '../../src-main/host';
import { listNotesInput } from '../../src-shared/api/notes-api';
import { NOTE_LIMITS, type Note } from '../../src-shared/schema/note';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { editNote } from '../support/edit-note';

describe.each(STORAGE_KINDS)('notes.list by tag on %s storage', (storage) => {
  let host: Host;
  let clock: { now(): number; advance(ms: number): void };
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ host, clock, dispose } = await createTestHost(storage));
  });
  afterEach(async () => {
    await dispose();
  });

  const notes = () => host.services.notes;
  const create = async (title: string, body: string, folder?: string): Promise<string> => {
    clock.advance(1000);
    return (await notes().create({ title, body, ...(folder === undefined ? {} : { folder }) })).id;
  };
  const titles = async (input: Parameters<Host['services']['notes']['list']>[0]) =>
    (await notes().list(input)).items.map((note) => note.title);

  it('derives inline #tags on save, after the frontmatter’s', async () => {
    const created = await notes().create({
      body: '---\ntags: [Work]\n---\nPlan #project/quire, not `#code` #work',
    });
    expect(created.tags).toEqual(['Work', 'project/quire']);
    const edited = await editNote(notes(), { id: created.id, body: 'now #other only' });
    expect(edited.tags).toEqual(['other']);
  });

  it('matches the tag and the tags nested under it, in any case, with totals', async () => {
    await create('parent', 'a #project');
    await create('nested', '---\ntags: [Project/Quire]\n---\n');
    await create('deeper', 'x #project/quire/ui');
    await create('prefix only', '#projects #proj');
    await create('none', 'no tags');
    const page = await notes().list({ view: 'notes', tag: 'PROJECT', offset: 0, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((n) => n.title)).toEqual(['deeper', 'nested']);
    expect(await titles({ view: 'notes', tag: 'project', offset: 2, limit: 2 })).toEqual(['parent']);
    expect(await titles({ view: 'notes', tag: 'project/quire', offset: 0, limit: 10 })).toEqual([
      'deeper',
      'nested',
    ]);
    expect(await titles({ view: 'notes', tag: 'nothing', offset: 0, limit: 10 })).toEqual([]);
    // No tag, or an empty one, is every note.
    expect((await notes().list({ view: 'notes', tag: '', offset: 0, limit: 10 })).total).toBe(5);
  });

  it('combines with the folder and the trash, and takes regex characters literally', async () => {
    await create('in work', '#a', 'work');
    await create('at root', '#a');
    const trashed = await create('trashed', '#a');
    await notes().trash(trashed);
    await create('regex', '---\ntags: ["a.b+(c)"]\n---\n');
    await create('near miss', '---\ntags: ["aXb+(c)"]\n---\n');
    expect(await titles({ view: 'notes', tag: 'a', folder: 'work', offset: 0, limit: 10 })).toEqual([
      'in work',
    ]);
    expect(await titles({ view: 'trash', tag: 'a', offset: 0, limit: 10 })).toEqual(['trashed']);
    expect(await titles({ view: 'notes', tag: 'a.b+(c)', offset: 0, limit: 10 })).toEqual(['regex']);
  });

  it('pages through 10,000 notes by tag quickly and counts them right', async () => {
    const many: Note[] = Array.from({ length: 10_000 }, (_, i) => {
      const body = `Note ${i} ${'prose '.repeat(50)}${i % 10 === 0 ? '#rare' : '#common'}`;
      return {
        id: `bulk-${String(i).padStart(5, '0')}`,
        title: `Bulk ${i}`,
        body,
        tags: extractTags(body),
        folder: '',
        createdAt: i,
        updatedAt: 1_000_000 + i,
        trashedAt: 0,
        needsReview: false,
      };
    });
    await notes().importNotes(many);
    const started = performance.now();
    const page = await notes().list({ view: 'notes', tag: 'rare', offset: 0, limit: 100 });
    const elapsed = performance.now() - started;
    expect(page.total).toBe(1_000);
    expect(page.items[0]?.title).toBe('Bulk 9990');
    expect(page.items).toHaveLength(100);
    expect(elapsed).toBeLessThan(3_000);
  }, 60_000);
});

describe('listNotesInput tag', () => {
  it('is normalised and bounded', () => {
    expect(listNotesInput.parse({ tag: ' #Project/ ' }).tag).toBe('Project');
    expect(listNotesInput.parse({}).tag).toBeUndefined();
    expect(listNotesInput.safeParse({ tag: 'x'.repeat(NOTE_LIMITS.tagMaxLength + 3) }).success).toBe(false);
  });
});
