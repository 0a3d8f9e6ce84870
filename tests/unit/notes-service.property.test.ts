import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { editNote } from '../support/edit-note';

/**
 * Random sequences of user actions against the real service, compared with a model that is
 * obviously right: a map of notes. After every step the list views, counts and search agree.
 */
type Action =
  | { kind: 'create'; title: string; body: string }
  | { kind: 'edit'; pick: number; body: string }
  | { kind: 'rename'; pick: number; title: string }
  | { kind: 'trash' | 'restore' | 'deleteForever'; pick: number }
  | { kind: 'emptyTrash' }
  | { kind: 'tick'; ms: number };

interface ModelNote {
  id: string;
  title: string;
  body: string;
  updatedAt: number;
  trashedAt: number;
}

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'omega');
const body = fc
  .tuple(fc.array(word, { maxLength: 3 }), fc.array(word, { maxLength: 6 }))
  .map(([tags, words]) =>
    tags.length > 0 ? `---\ntags: [${tags.join(', ')}]\n---\n${words.join(' ')}` : words.join(' '),
  );
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), title: word, body }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), body }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), title: word }),
  fc.record({
    kind: fc.constantFrom('trash' as const, 'restore' as const, 'deleteForever' as const),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('emptyTrash' as const) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 5 }) }),
);

describe.each(STORAGE_KINDS)('notes service matches a model (%s storage)', (storage) => {
  it('for random sequences of creates, edits, renames, trash, restore and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (actions) => {
        const { host, clock, dispose } = await createTestHost(storage);
        const notes = host.services.notes;
        const model = new Map<string, ModelNote>();
        const pickFrom = (pick: number): ModelNote | undefined => {
          const all = [...model.values()];
          return all.length === 0 ? undefined : all[pick % all.length];
        };
        try {
          for (const step of actions) {
            const target = 'pick' in step ? pickFrom(step.pick) : undefined;
            switch (step.kind) {
              case 'create': {
                const note = await notes.create({ title: step.title, body: step.body });
                model.set(note.id, {
                  id: note.id,
                  title: step.title,
                  body: step.body,
                  updatedAt: note.updatedAt,
                  trashedAt: 0,
                });
                break;
              }
              case 'edit':
                if (!target) break;
                target.body = step.body;
                target.updatedAt = (await editNote(notes, { id: target.id, body: step.body })).updatedAt;
                break;
              case 'rename':
                if (!target) break;
                target.title = step.title;
                target.updatedAt = (await editNote(notes, { id: target.id, title: step.title })).updatedAt;
                break;
              case 'trash':
                if (!target) break;
                target.trashedAt = (await notes.trash(target.id)).trashedAt;
                break;
              case 'restore':
                if (!target) break;
                target.trashedAt = 0;
                target.updatedAt = (await notes.restore(target.id)).updatedAt;
                break;
              case 'deleteForever':
                if (!target) break;
                if (target.trashedAt === 0) {
                  await expect(notes.deleteForever(target.id)).rejects.toMatchObject({
                    code: 'PRECONDITION_FAILED',
                  });
                } else {
                  await notes.deleteForever(target.id);
                  model.delete(target.id);
                }
                break;
              case 'emptyTrash': {
                const trashed = [...model.values()].filter((n) => n.trashedAt > 0);
                expect(await notes.emptyTrash()).toEqual({ deleted: trashed.length });
                for (const n of trashed) model.delete(n.id);
                break;
              }
              case 'tick':
                clock.advance(step.ms);
                break;
            }
          }

          const live = [...model.values()]
            .filter((n) => n.trashedAt === 0)
            .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
          const listed = await notes.list({ view: 'notes', offset: 0, limit: 500 });
          expect(listed.total).toBe(live.length);
          expect(listed.items.map((n) => n.id)).toEqual(live.map((n) => n.id));
          const trash = await notes.list({ view: 'trash', offset: 0, limit: 500 });
          expect(trash.total).toBe(model.size - live.length);
          for (const expected of model.values()) {
            const actual = await notes.get(expected.id);
            expect(actual).toMatchObject({
              title: expected.title,
              body: expected.body,
              tags: extractTags(expected.body),
            });
          }
          // Search agrees with the model for every word that can occur.
          for (const term of ['alpha', 'beta', 'gamma', 'delta', 'omega']) {
            const hits = (await notes.search({ query: term, limit: 100 })).hits.map((h) => h.id).sort();
            const expectedHits = live
              .filter(
                (n) =>
                  n.title === term ||
                  extractTags(n.body).includes(term) ||
                  n.body.replace(/^---[\s\S]*?---\n/, '').includes(term),
              )
              .map((n) => n.id)
              .sort();
            expect(hits).toEqual(expectedHits);
          }
        } finally {
          await dispose();
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });
});
