import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openQuireDatabase, type QuireDatabase } from '../../src-main/db/database';
import { systemScheduler } from '../../src-main/clock';
import { createLinkIndexService, type LinkIndexService } from '../../src-main/link-index/link-index-service';
import { findUnlinkedMentions } from '../../src-main/link-index/unlinked-mentions';
import { indexNote, snippetOf } from '../../src-main/link-index/note-links';
import { createLinkModel } from '../../src-main/link-index/link-model';
import { createLinkResolver } from '../../src-shared/markdown/links/link-resolution';
import type { Note } from '../../src-shared/schema/note';
import { makeTempDir } from '../support/temp-dir';

const note = (id: string, title: string, body = ''): Note => ({
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

describe('link index store', () => {
  let db: QuireDatabase;
  let temp: ReturnType<typeof makeTempDir>;
  let name = 0;
  const open: LinkIndexService[] = [];
  const service = (layoutVersion?: number): LinkIndexService => {
    const created = createLinkIndexService({
      collection: db.notes,
      file: path.join(temp.dir, 'links.sqlite'),
      scheduler: systemScheduler,
      notes: {
        get: () => Promise.reject(new Error('not used')),
        update: () => Promise.reject(new Error('not used')),
      },
      mentionCandidates: () => Promise.resolve([]),
      ...(layoutVersion === undefined ? {} : { layoutVersion }),
    });
    open.push(created);
    return created;
  };

  beforeEach(async () => {
    temp = makeTempDir();
    db = await openQuireDatabase({ name: `link-store-test-${(name += 1)}`, storage: getRxStorageMemory() });
    await db.notes.bulkInsert([note('t', 'Target'), note('s', 'Source', '[[Target]]')]);
  });
  afterEach(async () => {
    for (const created of open.splice(0)) await created.close();
    await db.close();
    temp.cleanup();
  });

  it('drops and rebuilds the stored index when its layout version changes', async () => {
    const first = service();
    await first.ready();
    await first.close();
    open.pop();

    const same = service();
    await same.ready();
    expect(same.stats()).toEqual({ parsed: 0, loaded: 2 });
    await same.close();
    open.pop();

    const newer = service(99);
    await newer.ready();
    expect(newer.stats()).toEqual({ parsed: 2, loaded: 0 });
    expect((await newer.backlinks({ id: 't', limit: 10 })).total).toBe(1);
  });
});

describe('unlinked mentions and snippets', () => {
  it('matches whole words in any case, longest name first, never inside links, code or addresses', () => {
    const text =
      'Deep Work and deep work, deepwork; see https://x.org/deep-work or `deep work` or [[Deep Work]] [x](Deep%20Work.md)';
    const found = findUnlinkedMentions(text, ['Deep Work', 'Deep'], 10);
    expect(found.map((m) => [m.matched, m.lineFrom])).toEqual([
      ['Deep Work', 0],
      ['deep work', 14],
    ]);
  });

  it('skips the frontmatter and fenced code, and numbers lines from 0', () => {
    const text = '---\ntitle: Atlas\n---\n```\nAtlas\n```\nThe Atlas.';
    expect(findUnlinkedMentions(text, ['Atlas'], 10).map((m) => [m.line, m.text])).toEqual([
      [6, 'The Atlas.'],
    ]);
  });

  it('cuts a long line around the link and keeps the offsets pointing at it', () => {
    const long = `${'a'.repeat(500)} [[Target]] ${'b'.repeat(500)}`;
    const at = long.indexOf('[[');
    const snippet = snippetOf(long, at, at + 10);
    expect(snippet.text.length).toBeLessThanOrEqual(302);
    expect(snippet.text.slice(snippet.from, snippet.to)).toBe('[[Target]]');
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
  });
});

describe('link model', () => {
  /** The real resolver, counting its resolves. */
  const counting = () => {
    const resolver = createLinkResolver();
    let resolves = 0;
    return {
      resolver: {
        upsert: resolver.upsert,
        remove: resolver.remove,
        resolve: (...args: Parameters<typeof resolver.resolve>) => {
          resolves += 1;
          return resolver.resolve(...args);
        },
      },
      resolves: () => resolves,
    };
  };
  const sources = Array.from(
    { length: 300 },
    (_, i) => indexNote(note(`s${i}`, `Source ${i}`, '[[Hub]]')).note,
  );

  it('an edit of a hub’s text resolves only its own links, whatever links to it', () => {
    const { resolver, resolves } = counting();
    const model = createLinkModel(resolver);
    model.apply({
      upserts: [indexNote(note('hub', 'Hub', 'Links to [[Source 1]].')).note, ...sources],
      removals: [],
    });
    expect(model.firstSources('hub', 5).total).toBe(300);
    const before = resolves();
    model.apply({
      upserts: [indexNote(note('hub', 'Hub', 'Links to [[Source 1]] and [[Source 2]].')).note],
      removals: [],
    });
    expect(resolves() - before).toBe(2);
    expect(model.firstSources('hub', 5).total).toBe(300);
  });

  it('a rename re-resolves the links under the old and the new name, and no others', () => {
    const { resolver, resolves } = counting();
    const model = createLinkModel(resolver);
    const others = Array.from(
      { length: 50 },
      (_, i) => indexNote(note(`o${i}`, `Other ${i}`, '[[Elsewhere]]')).note,
    );
    model.apply({ upserts: [indexNote(note('hub', 'Hub')).note, ...sources, ...others], removals: [] });
    const before = resolves();
    model.apply({ upserts: [indexNote(note('hub', 'Renamed')).note], removals: [] });
    expect(resolves() - before).toBe(300);
    expect(model.firstSources('hub', 5).total).toBe(0);
    expect(model.brokenLinks()).toHaveLength(350);
  });
});
