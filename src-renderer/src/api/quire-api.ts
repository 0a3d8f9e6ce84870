import type { z } from 'zod';
import type { Note, NoteSummary } from '../../../src-shared/schema/note';
import type {
  CreateNoteInput,
  ListNotesInput,
  ListNotesOutput,
  NotesChangedEvent,
  ResolveTitlesOutput,
  SearchHit,
  UpdateNoteInput,
  resolveTitlesInput,
} from '../../../src-shared/api/notes-api';
import type { AppInfo, Preferences } from '../../../src-shared/api/settings-api';
import type { TemplateInfo, createFromTemplateInput } from '../../../src-shared/api/templates-api';

export type ResolveTitlesInput = z.input<typeof resolveTitlesInput>;
export type CreateFromTemplateInput = z.input<typeof createFromTemplateInput>;

export type {
  Note,
  NoteSummary,
  SearchHit,
  NotesChangedEvent,
  Preferences,
  AppInfo,
  ResolveTitlesOutput,
  TemplateInfo,
};

export interface Unsubscribable {
  unsubscribe(): void;
}

export interface SubscriptionObserver<T> {
  onData: (value: T) => void;
  onError: (error: unknown) => void;
}

/**
 * The slice of the tRPC client the UI uses. Components depend on this shape instead of the client
 * itself so tests can hand in a fake, and `trpc-api.ts` proves the real client still matches it:
 * if the router's contract drifts, that one assignment stops compiling.
 */
export interface QuireApi {
  app: {
    info: { query(): Promise<AppInfo> };
  };
  notes: {
    list: { query(input: ListNotesInput): Promise<ListNotesOutput> };
    get: { query(input: { id: string }): Promise<Note> };
    create: { mutate(input: CreateNoteInput): Promise<Note> };
    update: { mutate(input: UpdateNoteInput): Promise<Note> };
    trash: { mutate(input: { id: string }): Promise<Note> };
    restore: { mutate(input: { id: string }): Promise<Note> };
    deleteForever: { mutate(input: { id: string }): Promise<{ id: string }> };
    emptyTrash: { mutate(): Promise<{ deleted: number }> };
    search: { query(input: { query: string; limit: number }): Promise<SearchHit[]> };
    /**
     * Wikilink targets → id of the live note with that title (trimmed, case-insensitive, newest
     * wins) or null. Keys are the titles exactly as sent; at most `RESOLVE_TITLES_MAX` per call.
     */
    resolveTitles: { query(input: ResolveTitlesInput): Promise<ResolveTitlesOutput> };
    /** The first event of every (re)subscription carries the current revision and no ids. */
    changes: {
      subscribe(input: undefined, observer: SubscriptionObserver<NotesChangedEvent>): Unsubscribable;
    };
  };
  templates: {
    list: { query(): Promise<TemplateInfo[]> };
    /** The host fills `{{title}}`, `{{date}}` and `YYYY-MM-DD`; the title defaults to the template's name. */
    createNote: { mutate(input: CreateFromTemplateInput): Promise<Note> };
  };
  settings: {
    preferences: { query(): Promise<Preferences> };
    updatePreferences: { mutate(input: Partial<Preferences>): Promise<Preferences> };
    /** Another window changed a preference. */
    preferencesChanged: {
      subscribe(input: undefined, observer: SubscriptionObserver<Preferences>): Unsubscribable;
    };
  };
}
