import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import {
  createPropertyCatalogService,
  type PropertyCatalogService,
} from '../../src-main/properties/property-catalog-service';
import { createMemorySettingsStore, type SettingsStore } from '../../src-main/settings/settings-store';
import type { Note } from '../../src-shared/schema/note';
import { PROPERTY_LIMITS } from '../../src-shared/markdown/property-types';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { createTestHost } from '../support/test-host';

const note = (id: string, body: string, patch: Partial<Note> = {}): Note => ({
  id,
  title: id,
  body,
  tags: [],
  folder: '',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
  ...patch,
});

describe('property catalog', () => {
  let db: QuireDatabase;
  let settings: SettingsStore;
  let catalog: PropertyCatalogService;
  let name = 0;

  beforeEach(async () => {
    db = await openQuireDatabase({ name: `catalog-test-${(name += 1)}`, storage: getRxStorageMemory() });
    settings = createMemorySettingsStore();
    catalog = createPropertyCatalogService({ db, settings });
  });
  afterEach(async () => {
    await catalog.close();
    await db.close();
  });

  it('counts names across live notes, with their most common type', async () => {
    await db.notes.bulkInsert([
      note('a', '---\ndue: 2024-05-01\nstatus: draft\ntags: [x]\n---\nBody'),
      note('b', '---\ndue: 2024-06-01\nrelated: "[[a]]"\n---\n'),
      note('c', '---\ndue: soon\n---\n'),
      note('d', 'No frontmatter\ndue: 2024-01-01'),
      note('e', '---\nbroken: [\n---\n'),
      note('f', '---\ntrashed: 1\n---\n', { trashedAt: 5 }),
    ]);
    expect(await catalog.catalog()).toEqual([
      { name: 'due', type: 'date', count: 3 },
      { name: 'related', type: 'link', count: 1 },
      { name: 'status', type: 'text', count: 1 },
      { name: 'tags', type: 'list', count: 1 },
    ]);
  });

  it('follows edits, removals and trash from the change feed', async () => {
    await db.notes.bulkInsert([note('a', '---\nrating: 3\n---\n'), note('b', '---\nrating: 4\n---\n')]);
    expect(await catalog.catalog()).toEqual([{ name: 'rating', type: 'number', count: 2 }]);
    await (await db.notes.findOne('a').exec())!.incrementalPatch({ body: '---\nscore: 1\n---\n' });
    await (await db.notes.findOne('b').exec())!.incrementalPatch({ trashedAt: 9 });
    expect(await catalog.catalog()).toEqual([{ name: 'score', type: 'number', count: 1 }]);
    await (await db.notes.findOne('a').exec())!.remove();
    await db.notes.insert(note('c', '---\nnew: true\n---\n'));
    expect(await catalog.catalog()).toEqual([{ name: 'new', type: 'checkbox', count: 1 }]);
  });

  it('keeps a chosen type in the settings, over the inferred one, until it is forgotten', async () => {
    await db.notes.insert(note('a', '---\nversion: 2\n---\n'));
    expect(await catalog.setType('version', 'text')).toEqual([{ name: 'version', type: 'text', count: 1 }]);
    expect(settings.get('propertyTypes')).toEqual({ version: 'text' });
    // Another service over the same settings (a restart) sees the choice.
    const again = createPropertyCatalogService({ db, settings });
    expect(await again.catalog()).toEqual([{ name: 'version', type: 'text', count: 1 }]);
    await again.close();
    expect(await catalog.setType('version', null)).toEqual([{ name: 'version', type: 'number', count: 1 }]);
    // A hand-edited settings file with nonsense in it is ignored, not trusted.
    settings.set('propertyTypes', { version: 'colour' });
    expect(await catalog.catalog()).toEqual([{ name: 'version', type: 'number', count: 1 }]);
  });

  it('answers the most used names only, and builds once for a large vault', async () => {
    const notes = Array.from({ length: 2_500 }, (_, i) =>
      note(`n${i}`, `---\ncommon: ${i}\nonly${i % 700}: x\n---\n`),
    );
    await db.notes.bulkInsert(notes);
    const first = await catalog.catalog();
    expect(first).toHaveLength(PROPERTY_LIMITS.catalogMax);
    expect(first[0]).toEqual({ name: 'common', type: 'number', count: 2_500 });
    // Nothing changed: the same answer, not a rebuild.
    expect(await catalog.catalog()).toBe(first);
  });
});

describe('properties router', () => {
  it('answers the catalog of the host’s notes and validates setType', async () => {
    const { host, dispose } = await createTestHost('memory');
    try {
      const api = createCallerFactory(appRouter)(host.createContext());
      await api.notes.create({ title: 'a', body: '---\ndue: 2024-05-01\n---\n' });
      expect(await api.properties.catalog()).toEqual([{ name: 'due', type: 'date', count: 1 }]);
      expect(await api.properties.setType({ name: 'due', type: 'text' })).toEqual([
        { name: 'due', type: 'text', count: 1 },
      ]);
      await expect(api.properties.setType({ name: '', type: 'text' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(
        api.properties.setType({ name: 'x'.repeat(PROPERTY_LIMITS.nameMaxLength + 1), type: 'text' }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // @ts-expect-error: an unknown type is a type error and a run-time rejection
      await expect(api.properties.setType({ name: 'due', type: 'colour' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    } finally {
      await dispose();
    }
  });
});
