import { vi } from 'vitest';
import type { Note, QuireApi, RecentNote } from '../../../src-renderer/src/api/quire-api';
import { RECENT_LIMITS } from '../../../src-shared/api/recent-api';

/** `recent.*` as the host keeps it: ids newest first, bounded, live notes only when read. */
export function createFakeRecent(notes: Map<string, Note>) {
  const state = { notes: [] as string[], commands: [] as string[] };
  const promote = (list: string[], id: string, max: number): string[] =>
    [id, ...list.filter((other) => other !== id)].slice(0, max);
  const noteOpened = vi.fn(({ id }: { id: string }) => {
    state.notes = promote(state.notes, id, RECENT_LIMITS.notes);
    return Promise.resolve();
  });
  const commandUsed = vi.fn(({ id }: { id: string }) => {
    state.commands = promote(state.commands, id, RECENT_LIMITS.commands);
    return Promise.resolve();
  });
  const api: QuireApi['recent'] = {
    notes: {
      query: () =>
        Promise.resolve(
          state.notes.flatMap((id): RecentNote[] => {
            const note = notes.get(id);
            return note && note.trashedAt === 0 ? [{ id, title: note.title, folder: note.folder }] : [];
          }),
        ),
    },
    noteOpened: { mutate: noteOpened },
    commands: { query: () => Promise.resolve([...state.commands]) },
    commandUsed: { mutate: commandUsed },
  };
  return { api, state, noteOpened, commandUsed };
}

export type FakeRecent = ReturnType<typeof createFakeRecent>;
