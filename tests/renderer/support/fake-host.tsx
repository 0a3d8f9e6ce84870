import { vi } from 'vitest';
import type {
  Note,
  NotesChangedEvent,
  QuireApi,
  ResolveTitlesOutput,
  SubscriptionObserver,
  TemplateInfo,
} from '../../../src-renderer/src/api/quire-api';
import { DEFAULT_PREFERENCES } from '../../../src-shared/api/settings-api';
import { fillPlaceholders } from '../../../src-shared/markdown/placeholders';

export interface FakeTemplate extends TemplateInfo {
  body: string;
}

/** Like the host's built-in one, cut short: frontmatter with a date placeholder and a wikilink. */
export const SYSTEM_ARCHITECTURE: FakeTemplate = {
  id: 'system-architecture',
  name: 'System Architecture',
  description: 'Components, data flows and decisions of a system, with diagrams and links.',
  body: '---\nupdated: YYYY-MM-DD\n---\n\n# System Architecture\n\n- **See**: [[Data Model]]\n',
};

/** The date the fake host writes into templates. */
export const FAKE_TODAY = new Date(2025, 2, 14, 9, 30);

/** A TRPCClientError look-alike: what the UI reads is `message` and `data.code`. */
export function hostError(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

export interface FakeHost {
  api: QuireApi;
  notes: Map<string, Note>;
  /** Pushes a `notes.changes` event to every subscriber, as the host does after a write. */
  emitChange(ids: string[]): void;
  update: ReturnType<typeof vi.fn<(input: { id: string; title?: string; body?: string }) => Promise<Note>>>;
  get: ReturnType<typeof vi.fn<(input: { id: string }) => Promise<Note>>>;
  resolveTitles: ReturnType<typeof vi.fn<(input: { titles: string[] }) => Promise<ResolveTitlesOutput>>>;
  listTemplates: ReturnType<typeof vi.fn<() => Promise<TemplateInfo[]>>>;
  createFromTemplate: ReturnType<
    typeof vi.fn<(input: { templateId: string; title?: string }) => Promise<Note>>
  >;
}

export function makeNote(id: string, body = '', title = id): Note {
  return { id, title, body, tags: [], folder: '', createdAt: 1, updatedAt: 1, trashedAt: 0, needsReview: false };
}

/** An in-memory host behind the `QuireApi` shape; methods are spies so tests can script them. */
export function createFakeHost(
  initial: Note[] = [],
  templates: FakeTemplate[] = [SYSTEM_ARCHITECTURE],
): FakeHost {
  const notes = new Map(initial.map((n) => [n.id, { ...n }]));
  const observers = new Set<SubscriptionObserver<NotesChangedEvent>>();
  let revision = 0;
  const emitChange = (ids: string[]): void => {
    revision += 1;
    for (const o of observers) o.onData({ revision, ids });
  };
  const find = (id: string): Note => {
    const note = notes.get(id);
    if (!note) throw hostError('NOT_FOUND', 'That note no longer exists.');
    return note;
  };

  // Like the real client, failures arrive as rejections, never as synchronous throws.
  function settle<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  const update = vi.fn(({ id, title, body }: { id: string; title?: string; body?: string }) =>
    settle(() => {
      const note = { ...find(id) };
      note.updatedAt += 1;
      if (title !== undefined) note.title = title;
      if (body !== undefined) note.body = body;
      notes.set(id, note);
      return { ...note };
    }),
  );
  const get = vi.fn(({ id }: { id: string }) => settle(() => ({ ...find(id) })));
  const setTrashed = (id: string, trashedAt: number): Note => {
    const note = { ...find(id), trashedAt };
    notes.set(id, note);
    emitChange([id]);
    return { ...note };
  };

  const createNote = ({ title, body }: { title?: string; body?: string }): Note => {
    const note = {
      ...makeNote(`n${notes.size + 1}`, body ?? '', title ?? 'Untitled'),
      updatedAt: 1_000 + notes.size,
    };
    notes.set(note.id, note);
    emitChange([note.id]);
    return { ...note };
  };

  // As the host does it: trimmed, case-insensitive, live notes only, the newest wins.
  const resolveTitles = vi.fn(({ titles }: { titles: string[] }) =>
    settle(() => {
      if (titles.length > 200 || titles.some((t) => t.length > 300))
        throw hostError('BAD_REQUEST', 'Too many or too long titles');
      const key = (title: string): string => title.trim().toLowerCase();
      const live = [...notes.values()]
        .filter((n) => n.trashedAt === 0)
        .sort((a, b) => b.updatedAt - a.updatedAt);
      return Object.fromEntries(
        titles.map((title) => [title, live.find((n) => key(n.title) === key(title))?.id ?? null]),
      );
    }),
  );

  const listTemplates = vi.fn(() =>
    Promise.resolve(templates.map(({ id, name, description }) => ({ id, name, description }))),
  );
  const createFromTemplate = vi.fn(({ templateId, title }: { templateId: string; title?: string }) =>
    settle(() => {
      const template = templates.find((t) => t.id === templateId);
      if (!template) throw hostError('NOT_FOUND', `There is no template called "${templateId}".`);
      const name = title?.trim() || template.name;
      return createNote({
        title: name,
        body: fillPlaceholders(template.body, { title: name, now: FAKE_TODAY }),
      });
    }),
  );

  const unsupported = (): Promise<never> => Promise.reject(new Error('not used by this test'));
  const api: QuireApi = {
    app: {
      info: { query: () => Promise.resolve({ version: 'test', dataDir: '/tmp/vault', runtime: 'web' }) },
    },
    notes: {
      list: {
        query: ({ view = 'notes', offset = 0, limit = 100 }) => {
          const inView = [...notes.values()]
            .filter((n) => (view === 'trash' ? n.trashedAt > 0 : n.trashedAt === 0))
            .sort((a, b) => b.updatedAt - a.updatedAt);
          const items = inView
            .slice(offset, offset + limit)
            .map(({ body: _body, createdAt: _createdAt, ...summary }) => summary);
          return Promise.resolve({ total: inView.length, offset, items });
        },
      },
      get: { query: get },
      create: { mutate: (input) => Promise.resolve(createNote(input)) },
      update: { mutate: update },
      trash: { mutate: ({ id }) => settle(() => setTrashed(id, 5_000)) },
      restore: { mutate: ({ id }) => settle(() => setTrashed(id, 0)) },
      deleteForever: { mutate: unsupported },
      emptyTrash: { mutate: unsupported },
      search: { query: () => Promise.resolve([]) },
      resolveTitles: { query: resolveTitles },
      changes: {
        subscribe: (_input, observer) => {
          observers.add(observer);
          observer.onData({ revision, ids: [] });
          return { unsubscribe: () => observers.delete(observer) };
        },
      },
    },
    templates: {
      list: { query: listTemplates },
      createNote: { mutate: createFromTemplate },
    },
    settings: {
      preferences: { query: () => Promise.resolve(DEFAULT_PREFERENCES) },
      updatePreferences: { mutate: (patch) => Promise.resolve({ ...DEFAULT_PREFERENCES, ...patch }) },
      preferencesChanged: { subscribe: () => ({ unsubscribe: () => undefined }) },
    },
  };
  return { api, notes, emitChange, update, get, resolveTitles, listTemplates, createFromTemplate };
}
