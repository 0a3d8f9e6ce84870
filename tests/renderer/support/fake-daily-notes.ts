import { vi } from 'vitest';
import type {
  AdjacentDailyNote,
  DailyNoteSettings,
  Note,
  QuireApi,
} from '../../../src-renderer/src/api/quire-api';
import type { NoteVersion } from '../../../src-shared/api/notes-api';
import {
  DEFAULT_DAILY_NOTE_SETTINGS,
  dailyNoteSettingsSchema,
} from '../../../src-shared/api/daily-notes-api';
import {
  dailyNoteDay,
  dailyNotePlace,
  dayOf,
  normalizeDailyFolder,
  parseDay,
} from '../../../src-shared/daily-notes/daily-note-format';

/** "Today" for the fake host's daily notes: 14 March 2025, local time. */
export const FAKE_DAILY_NOW = new Date(2025, 2, 14, 9, 30).getTime();

/**
 * `dailyNotes.*` over the fake host's notes, with the host's own path rules (src-shared), so a test
 * sees the folders and titles the real host would make.
 */
export function createFakeDailyNotes(deps: {
  notes: Map<string, Note>;
  create: (input: { title: string; body: string; folder: string }) => NoteVersion;
  version: (note: Note) => NoteVersion;
  refuse: (reason: 'INVALID_INPUT' | 'NOTE_NOT_FOUND') => Error;
}) {
  const state = { settings: { ...DEFAULT_DAILY_NOTE_SETTINGS }, now: FAKE_DAILY_NOW };
  const live = (): Note[] => [...deps.notes.values()].filter((n) => n.trashedAt === 0);

  const open = vi.fn(({ date }: { date?: string }) => {
    const day = parseDay(date ?? dayOf(state.now));
    if (!day) return Promise.reject(deps.refuse('INVALID_INPUT'));
    const place = dailyNotePlace(state.settings, day);
    const found = live().find(
      (n) => n.folder === place.folder && n.title.toLowerCase() === place.title.toLowerCase(),
    );
    if (found) return Promise.resolve({ note: deps.version(found), created: false });
    return Promise.resolve({ note: deps.create({ ...place, body: '' }), created: true });
  });

  const adjacent = vi.fn(({ id, direction }: { id: string; direction: 'previous' | 'next' }) => {
    const note = deps.notes.get(id);
    if (!note) return Promise.reject(deps.refuse('NOTE_NOT_FOUND'));
    const from = dailyNoteDay(state.settings, note);
    if (!from) return Promise.resolve<AdjacentDailyNote>(null);
    const sign = direction === 'previous' ? -1 : 1;
    const days = live()
      .map((n) => ({ n, day: dailyNoteDay(state.settings, n) }))
      .filter((e) => e.day !== null && Math.sign(e.day.diff(from, 'day')) === sign)
      .sort((a, b) => sign * (a.day!.valueOf() - b.day!.valueOf()));
    const first = days[0];
    return Promise.resolve<AdjacentDailyNote>(
      first ? { id: first.n.id, title: first.n.title, date: first.day!.format('YYYY-MM-DD') } : null,
    );
  });

  const setSettings = vi.fn((patch: Partial<DailyNoteSettings>) => {
    const parsed = dailyNoteSettingsSchema.safeParse({ ...state.settings, ...patch });
    if (!parsed.success) return Promise.reject(deps.refuse('INVALID_INPUT'));
    state.settings = { ...parsed.data, folder: normalizeDailyFolder(parsed.data.folder) };
    return Promise.resolve({ ...state.settings });
  });

  const api: QuireApi['dailyNotes'] = {
    open: { mutate: open },
    adjacent: { query: adjacent },
    settings: { query: () => Promise.resolve({ ...state.settings }) },
    setSettings: { mutate: setSettings },
  };
  return { api, state, open, adjacent, setSettings };
}

export type FakeDailyNotes = ReturnType<typeof createFakeDailyNotes>;
