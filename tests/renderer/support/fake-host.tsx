import type { StorageUsage } from '../../../src-shared/sync/admin';
import { vi } from 'vitest';
import type {
  DeviceSession,
  Note,
  NotesChangedEvent,
  QuireApi,
  ResolveTitlesOutput,
  Revision,
  SubscriptionObserver,
  SyncSignInInput,
  SyncSignUpInput,
  SyncStatus,
  TemplateInfo,
} from '../../../src-renderer/src/api/quire-api';
import { DEFAULT_PREFERENCES } from '../../../src-shared/api/settings-api';
import type { NoteVersion, NoteWriteResult, UpdateNoteInput } from '../../../src-shared/api/notes-api';
import { applyWrite } from '../../../src-main/notes/write-merge';
import { fillPlaceholders } from '../../../src-shared/markdown/placeholders';
import { normalizeTagFilter, tagMatches } from '../../../src-shared/markdown/inline-tags';
import type { FlatInputError } from '../../../src-shared/errors/input-words';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import { createFakeVault, type FakeVault } from './fake-vault';
import { createFakeProperties, type FakeProperties } from './fake-properties';
import { createFakeDailyNotes, type FakeDailyNotes } from './fake-daily-notes';
import { createFakeLinks, type FakeLinks } from './fake-links';
import { createFakeLinkIndex, type FakeLinkIndex } from './fake-link-index';
import { createFakeSnapshots, type FakeSnapshots } from './fake-snapshots';
import { createFakeFolders, type FakeFolders } from './fake-folders';
import { isInFolder } from '../../../src-shared/api/folders-api';
import { createFakeRecent, type FakeRecent } from './fake-recent';
import { createFakeRefactor, type FakeRefactor } from './fake-refactor';
import type { ShellCommand } from '../../../src-shared/api/app-shell-api';

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

export interface HostErrorData {
  code: string;
  httpStatus: number;
  path: string;
  zodError: FlatInputError | null;
  reason: FailureReason;
}

/**
 * A TRPCClientError look-alike, shaped as the host's error formatter sends it: `data.reason` names
 * the failure. Its message and its tRPC code are the same for every reason and say nothing the UI
 * may show, so a test that passes shows the UI took its words from the reason.
 */
export function hostError(
  reason: FailureReason,
  zodError: FlatInputError | null = null,
): Error & { data: HostErrorData } {
  return Object.assign(new Error(`The host's message for ${reason}: not for the UI`), {
    name: 'TRPCClientError',
    data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path: 'test.call', zodError, reason },
  });
}

/** A TRPCClientError look-alike without `data`: the call never reached the host (the link failed). */
export function transportError(message = 'WebSocket closed before the connection was established'): Error {
  return Object.assign(new Error(message), { name: 'TRPCClientError' });
}

export const SIGNED_OUT: SyncStatus = {
  state: 'signed-out',
  account: null,
  pendingPush: 0,
  progress: null,
  lastSyncedAt: null,
  error: null,
  retryAt: null,
  setAside: [],
  setAsideCount: 0,
};

export const ACCOUNT = {
  serverUrl: 'https://sync.example.com',
  email: 'ada@example.com',
  deviceName: 'Work laptop',
  deviceId: 'dev-this',
};

/** A signed-in status; override what the test is about. */
export function syncStatus(patch: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'synced',
    account: ACCOUNT,
    pendingPush: 0,
    progress: null,
    lastSyncedAt: 1_000,
    error: null,
    retryAt: null,
    setAside: [],
    setAsideCount: 0,
    ...patch,
  };
}

export const DEVICES: DeviceSession[] = [
  { deviceId: 'dev-phone', deviceName: 'Phone', createdAt: 500, lastSeenAt: 900, current: false },
  { deviceId: 'dev-this', deviceName: 'Work laptop', createdAt: 100, lastSeenAt: 1_000, current: true },
];

type Spy<F extends (...args: never[]) => unknown> = ReturnType<typeof vi.fn<F>>;

export interface FakeSync {
  /** What `sync.onStatus` emits first; `setStatus` changes it and tells every subscriber. */
  status: SyncStatus;
  setStatus(status: SyncStatus): void;
  /** How many `sync.onStatus` subscriptions are open. */
  subscribers(): number;
  devices: DeviceSession[];
  signIn: Spy<(input: SyncSignInInput) => Promise<SyncStatus>>;
  signUp: Spy<(input: SyncSignUpInput) => Promise<SyncStatus>>;
  signOut: Spy<() => Promise<SyncStatus>>;
  syncNow: Spy<() => Promise<SyncStatus>>;
  listDevices: Spy<() => Promise<DeviceSession[]>>;
  revokeDevice: Spy<(input: { deviceId: string }) => Promise<DeviceSession[]>>;
  /** What `sync.storage` answers (Q7); set it to change the account dialog's usage. */
  storageUsage: StorageUsage;
  storage: Spy<() => Promise<StorageUsage>>;
  /** Revisions per note id, newest first, as `notes.history` answers. */
  revisions: Map<string, Revision[]>;
  history: Spy<(input: { id: string }) => Promise<{ revisions: Revision[] }>>;
  restoreRevision: Spy<
    (input: { id: string; revisionId: string; base: NoteVersion | null }) => Promise<NoteWriteResult>
  >;
  markReviewed: Spy<(input: { id: string }) => Promise<Note>>;
}

export function makeRevision(
  note: Note,
  revisionId: string,
  replacedAt: number,
  patch: Partial<Note> = {},
): Revision {
  return {
    revisionId,
    documentId: note.id,
    seq: replacedAt,
    replacedAt,
    replacedByDevice: 'dev-phone',
    document: { ...note, ...patch, _deleted: false },
  };
}

export interface FakeHost {
  api: QuireApi;
  sync: FakeSync;
  notes: Map<string, Note>;
  /** Pushes a `notes.changes` event to every subscriber, as the host does after a write. */
  emitChange(ids: string[]): void;
  /** The shell's File menu chose an item (`app.shellCommands`). */
  menu(command: ShellCommand): void;
  update: ReturnType<typeof vi.fn<(input: UpdateNoteInput) => Promise<NoteWriteResult>>>;
  get: ReturnType<typeof vi.fn<(input: { id: string }) => Promise<NoteVersion>>>;
  resolveTitles: ReturnType<typeof vi.fn<(input: { titles: string[] }) => Promise<ResolveTitlesOutput>>>;
  /** `vault.*` and `attachments.*` (support/fake-vault.ts). */
  vault: FakeVault;
  /** `properties.*` (support/fake-properties.ts). */
  properties: FakeProperties;
  /** `dailyNotes.*` (support/fake-daily-notes.ts). */
  daily: FakeDailyNotes;
  /** `links.*` (support/fake-links.ts). */
  links: FakeLinks;
  /** `linkIndex.*` (support/fake-link-index.ts): backlinks, mentions, broken links, graph. */
  linkIndex: FakeLinkIndex;
  /** `snapshots.*` (support/fake-snapshots.ts): local version history. */
  snapshots: FakeSnapshots;
  /** `folders.*`, `tags.*`, `bookmarks.*` (support/fake-folders.ts). */
  folders: FakeFolders;
  /** `recent.*` (support/fake-recent.ts). */
  recent: FakeRecent;
  /** `refactor.*` (support/fake-refactor.ts): renames with the real rewrites, undo. */
  refactor: FakeRefactor;
  listTemplates: ReturnType<typeof vi.fn<() => Promise<TemplateInfo[]>>>;
  createFromTemplate: ReturnType<
    typeof vi.fn<(input: { templateId: string; title?: string }) => Promise<NoteVersion>>
  >;
}

export function makeNote(id: string, body = '', title = id): Note {
  return {
    id,
    title,
    body,
    tags: [],
    folder: '',
    createdAt: 1,
    updatedAt: 1,
    trashedAt: 0,
    needsReview: false,
  };
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
    if (!note) throw hostError('NOTE_NOT_FOUND');
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

  // Each stored object is one version: a note the test (or a write) puts in the map gets a newer
  // revision the first time the UI reads it, as a write on the real host does (E1).
  const stamps = new WeakMap<Note, number>();
  let writes = 0;
  const versionOf = (note: Note): NoteVersion => {
    let stamp = stamps.get(note);
    if (stamp === undefined) {
      stamp = ++writes;
      stamps.set(note, stamp);
    }
    return { ...note, tags: [...note.tags], revision: stamp, writtenBy: 'local' };
  };
  // The host's own write path: the patch over its base, merged if the note moved on (E2, E3).
  const update = vi.fn((input: UpdateNoteInput) =>
    settle((): NoteWriteResult => {
      const stored = find(input.id);
      const { revision: _revision, writtenBy: _writtenBy, ...base } = input.base;
      const outcome = applyWrite(
        base,
        { title: input.title, body: input.body, folder: input.folder },
        stored,
        { now: stored.updatedAt + 1, deviceName: 'Work laptop', storedWrittenBy: 'local' },
      );
      if (outcome.note !== stored) notes.set(input.id, outcome.note);
      return { note: versionOf(find(input.id)), merge: outcome.merge };
    }),
  );
  const get = vi.fn(({ id }: { id: string }) => settle(() => versionOf(find(id))));
  const setTrashed = (id: string, trashedAt: number): NoteVersion => {
    const note = { ...find(id), trashedAt };
    notes.set(id, note);
    emitChange([id]);
    return versionOf(note);
  };

  const createNote = ({
    title,
    body,
    folder,
  }: {
    title?: string | undefined;
    body?: string | undefined;
    folder?: string | undefined;
  }): NoteVersion => {
    const note = {
      ...makeNote(`n${notes.size + 1}`, body ?? '', title ?? 'Untitled'),
      folder: folder ?? '',
      updatedAt: 1_000 + notes.size,
    };
    notes.set(note.id, note);
    emitChange([note.id]);
    return versionOf(note);
  };

  // As the host does it: trimmed, case-insensitive, live notes only, the newest wins.
  const resolveTitles = vi.fn(({ titles }: { titles: string[] }) =>
    settle(() => {
      if (titles.length > 200 || titles.some((t) => t.length > 300)) throw hostError('INVALID_INPUT');
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
      if (!template) throw hostError('TEMPLATE_NOT_FOUND');
      const name = title?.trim() || template.name;
      return createNote({
        title: name,
        body: fillPlaceholders(template.body, { title: name, now: FAKE_TODAY }),
      });
    }),
  );

  const templateText = vi.fn(({ templateId, title }: { templateId: string; title: string }) =>
    settle(() => {
      const template = templates.find((t) => t.id === templateId);
      if (!template) throw hostError('TEMPLATE_NOT_FOUND');
      return fillPlaceholders(template.body, { title, now: FAKE_TODAY });
    }),
  );

  const statusObservers = new Set<SubscriptionObserver<SyncStatus>>();
  const setStatus = (status: SyncStatus): void => {
    sync.status = status;
    for (const o of statusObservers) o.onData(status);
  };
  // Like the host: a mutation's answer is the status it left, also sent to every subscriber.
  const settleStatus = (status: SyncStatus): Promise<SyncStatus> => {
    setStatus(status);
    return Promise.resolve(status);
  };
  const sync: FakeSync = {
    status: SIGNED_OUT,
    setStatus,
    subscribers: () => statusObservers.size,
    devices: DEVICES.map((d) => ({ ...d })),
    signIn: vi.fn(({ serverUrl, email }: SyncSignInInput) =>
      settleStatus(syncStatus({ state: 'syncing', account: { ...ACCOUNT, serverUrl, email } })),
    ),
    signUp: vi.fn(({ serverUrl, email }: SyncSignUpInput) =>
      settleStatus(syncStatus({ state: 'syncing', account: { ...ACCOUNT, serverUrl, email } })),
    ),
    signOut: vi.fn(() => settleStatus(SIGNED_OUT)),
    syncNow: vi.fn(() => settleStatus({ ...sync.status, state: 'connecting', retryAt: null })),
    listDevices: vi.fn(() => Promise.resolve(sync.devices.map((d) => ({ ...d })))),
    revokeDevice: vi.fn(({ deviceId }: { deviceId: string }) => {
      sync.devices = sync.devices.filter((d) => d.deviceId !== deviceId);
      return Promise.resolve(sync.devices.map((d) => ({ ...d })));
    }),
    storageUsage: { bytesUsed: 0, quotaBytes: null, maxFileBytes: null },
    storage: vi.fn(() =>
      settle(() => {
        if (sync.status.state === 'signed-out') throw hostError('NOT_SIGNED_IN');
        return { ...sync.storageUsage };
      }),
    ),
    revisions: new Map(),
    history: vi.fn(({ id }: { id: string }) =>
      settle(() => {
        if (sync.status.state === 'signed-out') throw hostError('NOT_SIGNED_IN');
        return { revisions: sync.revisions.get(id) ?? [] };
      }),
    ),
    restoreRevision: vi.fn(
      ({ id, revisionId }: { id: string; revisionId: string; base: NoteVersion | null }) =>
        settle((): NoteWriteResult => {
          const revision = sync.revisions.get(id)?.find((r) => r.revisionId === revisionId);
          if (!revision) throw hostError('REVISION_NOT_FOUND');
          const { title, body } = revision.document;
          const note = { ...find(id), title, body, trashedAt: 0 };
          note.updatedAt += 1;
          notes.set(id, note);
          emitChange([id]);
          return { note: versionOf(note), merge: null };
        }),
    ),
    markReviewed: vi.fn(({ id }: { id: string }) =>
      settle(() => {
        const note = { ...find(id), needsReview: false };
        notes.set(id, note);
        emitChange([id]);
        return { ...note };
      }),
    ),
  };

  const unsupported = (): Promise<never> => Promise.reject(new Error('not used by this test'));
  const vault = createFakeVault();
  const properties = createFakeProperties(notes);
  const daily = createFakeDailyNotes({ notes, create: createNote, version: versionOf, refuse: hostError });
  const links = createFakeLinks({ notes, refuse: hostError });
  const linkIndex = createFakeLinkIndex({
    notes,
    refuse: hostError,
    write: (id, body) => {
      const stored = find(id);
      notes.set(id, { ...stored, body, updatedAt: stored.updatedAt + 1 });
      emitChange([id]);
    },
  });
  const snapshots = createFakeSnapshots({
    notes,
    version: versionOf,
    emitChange,
    restoreRevision: (input) => sync.restoreRevision(input),
    refuse: hostError,
  });
  const folders = createFakeFolders({ notes, emitChange, refuse: hostError });
  const recent = createFakeRecent(notes);
  const refactor = createFakeRefactor({ notes, emitChange, refuse: hostError });
  const menuObservers = new Set<SubscriptionObserver<ShellCommand>>();
  const api: QuireApi = {
    ...vault.api,
    ...folders.api,
    app: {
      info: { query: () => Promise.resolve({ version: 'test', dataDir: '/tmp/vault', runtime: 'web' }) },
      // Web mode: no OS folder dialog (tests that need one script `vault.pickFolder`).
      capabilities: { query: () => Promise.resolve({ folderPicker: vault.folderPicker.available }) },
      pickFolder: { mutate: (input) => vault.pickFolder(input) },
      shellCommands: {
        subscribe: (_input, observer) => {
          menuObservers.add(observer);
          return { unsubscribe: () => menuObservers.delete(observer) };
        },
      },
    },
    notes: {
      list: {
        query: ({ view = 'notes', folder, includeSubfolders, tag, offset = 0, limit = 100 }) => {
          // As the host filters: exact folder; the tag or one nested under it, any case.
          const wanted = tag === undefined ? '' : normalizeTagFilter(tag);
          const inView = [...notes.values()]
            .filter((n) => (view === 'trash' ? n.trashedAt > 0 : n.trashedAt === 0))
            .filter(
              (n) =>
                folder === undefined ||
                (includeSubfolders ? isInFolder(n.folder, folder) : n.folder === folder),
            )
            .filter((n) => wanted === '' || n.tags.some((t) => tagMatches(t, wanted)))
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
      search: { query: () => Promise.resolve({ hits: [], total: 0, indexing: null }) },
      resolveTitles: { query: resolveTitles },
      changes: {
        subscribe: (_input, observer) => {
          observers.add(observer);
          observer.onData({ revision, ids: [] });
          return { unsubscribe: () => observers.delete(observer) };
        },
      },
      markReviewed: { mutate: (input) => sync.markReviewed(input) },
      history: { query: (input) => sync.history(input) },
      restoreRevision: { mutate: (input) => sync.restoreRevision(input) },
      merges: { query: () => Promise.resolve([]) },
    },
    sync: {
      onStatus: {
        subscribe: (_input, observer) => {
          statusObservers.add(observer);
          observer.onData(sync.status);
          return { unsubscribe: () => statusObservers.delete(observer) };
        },
      },
      signIn: { mutate: (input) => sync.signIn(input) },
      signUp: { mutate: (input) => sync.signUp(input) },
      signOut: { mutate: () => sync.signOut() },
      syncNow: { mutate: () => sync.syncNow() },
      devices: { query: () => sync.listDevices() },
      revokeDevice: { mutate: (input) => sync.revokeDevice(input) },
      storage: { query: () => sync.storage() },
    },
    dailyNotes: daily.api,
    links: links.api,
    linkIndex: linkIndex.api,
    snapshots: snapshots.api,
    recent: recent.api,
    refactor: refactor.api,
    properties: properties.api,
    templates: {
      list: { query: listTemplates },
      createNote: { mutate: createFromTemplate },
      text: { query: templateText },
    },
    settings: {
      preferences: { query: () => Promise.resolve(DEFAULT_PREFERENCES) },
      updatePreferences: { mutate: (patch) => Promise.resolve({ ...DEFAULT_PREFERENCES, ...patch }) },
      preferencesChanged: { subscribe: () => ({ unsubscribe: () => undefined }) },
    },
  };
  return {
    api,
    sync,
    notes,
    emitChange,
    menu: (command) => {
      for (const observer of menuObservers) observer.onData(command);
    },
    update,
    get,
    resolveTitles,
    vault,
    daily,
    properties,
    links,
    linkIndex,
    snapshots,
    folders,
    recent,
    refactor,
    listTemplates,
    createFromTemplate,
  };
}
