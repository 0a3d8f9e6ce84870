import type { Dayjs } from 'dayjs';
import type { MangoQuerySelector } from 'rxdb';
import type { QuireDatabase } from '../db/database';
import type { Clock } from '../clock';
import type { NotesService } from '../notes/notes-service';
import type { TemplatesService } from '../templates/templates-service';
import { NoteNotFoundError, QuireError } from '../errors';
import type { Note } from '../../src-shared/schema/note';
import type { NoteVersion } from '../../src-shared/api/notes-api';
import type {
  AdjacentDailyNote,
  AdjacentDirection,
  DailyNoteSettings,
} from '../../src-shared/api/daily-notes-api';
import {
  dailyNoteDay,
  dailyNotePlace,
  dayOf,
  normalizeDailyFolder,
  parseDay,
} from '../../src-shared/daily-notes/daily-note-format';
import { fillPlaceholders } from '../../src-shared/markdown/placeholders';
import { titleKey } from '../../src-shared/note-title';
import type { DailyNoteSettingsStore } from './daily-note-settings';

export interface DailyNotesService {
  /** The note of `day` (`YYYY-MM-DD`; today when omitted), made from the template if there is none. */
  open(day?: string): Promise<{ note: NoteVersion; created: boolean }>;
  /** The nearest existing daily note before or after the note `id`, by the day its path names. */
  adjacent(id: string, direction: AdjacentDirection): Promise<AdjacentDailyNote>;
  settings(): DailyNoteSettings;
  setSettings(patch: {
    [K in keyof DailyNoteSettings]?: DailyNoteSettings[K] | undefined;
  }): DailyNoteSettings;
}

export interface DailyNotesDeps {
  db: QuireDatabase;
  notes: NotesService;
  templates: TemplatesService;
  settings: DailyNoteSettingsStore;
  clock: Clock;
}

/** What finding a daily note reads of a note: where it is, not its text. */
interface Placed {
  id: string;
  title: string;
  folder: string;
  createdAt: number;
}
const placed = (doc: Placed): Placed => ({
  id: doc.id,
  title: doc.title,
  folder: doc.folder,
  createdAt: doc.createdAt,
});

export function createDailyNotesService(deps: DailyNotesDeps): DailyNotesService {
  const { db, notes, templates, settings, clock } = deps;

  // One open at a time: two windows (or a double press) asking for the same day must find the note
  // the first one made rather than both seeing none. Every window talks to this one host.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Live notes in the daily folder and below it, found through the folder index. */
  const candidates = async (base: string): Promise<Placed[]> => {
    if (base === '') return (await db.notes.find({ selector: { trashedAt: 0 } }).exec()).map(placed);
    // '/' + 1 is '0': the range holds exactly the folders below `base`.
    const below: MangoQuerySelector<Note> = { folder: { $gte: `${base}/`, $lt: `${base}0` }, trashedAt: 0 };
    const [own, nested] = await Promise.all([
      db.notes.find({ selector: { folder: base, trashedAt: 0 } }).exec(),
      db.notes.find({ selector: below }).exec(),
    ]);
    return [...own, ...nested].map(placed);
  };

  const findAt = async (folder: string, title: string): Promise<Placed | null> => {
    const key = titleKey(title);
    const docs = await db.notes.find({ selector: { folder, trashedAt: 0 } }).exec();
    // Two devices may each have made the day's note before syncing: the older one is the day's.
    const found = docs
      .map(placed)
      .filter((note) => titleKey(note.title) === key)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    return found[0] ?? null;
  };

  const bodyFor = (current: DailyNoteSettings, title: string, day: Dayjs): string => {
    if (current.templateId === null) return '';
    const template = templates.get(current.templateId);
    // The template's {{date}} is the note's day; {{time}} the moment it was made.
    const now = new Date(clock.now());
    const at = day.hour(now.getHours()).minute(now.getMinutes()).toDate();
    return fillPlaceholders(template.body, { title, now: at });
  };

  return {
    open(requested) {
      return serially(async () => {
        const current = settings.get();
        const day = parseDay(requested ?? dayOf(clock.now()));
        if (!day) throw new QuireError('INVALID_INPUT');
        const place = dailyNotePlace(current, day);
        const existing = await findAt(place.folder, place.title);
        if (existing) return { note: await notes.get(existing.id), created: false };
        const body = bodyFor(current, place.title, day);
        const note = await notes.create({ title: place.title, body, folder: place.folder });
        return { note, created: true };
      });
    },

    async adjacent(id, direction) {
      const current = settings.get();
      const note = await db.notes.findOne(id).exec();
      if (!note) throw new NoteNotFoundError(id);
      const from = dailyNoteDay(current, note);
      if (!from) return null;
      let best: { note: Placed; day: Dayjs } | null = null;
      for (const candidate of await candidates(normalizeDailyFolder(current.folder))) {
        const day = dailyNoteDay(current, candidate);
        if (!day || day.isSame(from, 'day')) continue;
        if (direction === 'previous' ? !day.isBefore(from) : !day.isAfter(from)) continue;
        const closer =
          !best ||
          (direction === 'previous' ? day.isAfter(best.day) : day.isBefore(best.day)) ||
          (day.isSame(best.day, 'day') && candidate.createdAt < best.note.createdAt);
        if (closer) best = { note: candidate, day };
      }
      return best && { id: best.note.id, title: best.note.title, date: best.day.format('YYYY-MM-DD') };
    },

    settings: () => settings.get(),

    setSettings(patch) {
      // A template that does not exist is refused now, not on the first morning it is needed.
      if (patch.templateId) templates.get(patch.templateId);
      return settings.set(patch);
    },
  };
}
