import type { z } from 'zod';
import type { Note, NoteSummary } from '../../../src-shared/schema/note';
import type {
  CreateNoteInput,
  ListNotesInput,
  ListNotesOutput,
  NotesChangedEvent,
  NoteVersion,
  NoteWriteResult,
  MergeNotice,
  ResolveTitlesOutput,
  SearchHit,
  SearchResult,
  UpdateNoteInput,
  resolveTitlesInput,
} from '../../../src-shared/api/notes-api';
import type { AppInfo, Preferences } from '../../../src-shared/api/settings-api';
import type { TemplateInfo, createFromTemplateInput } from '../../../src-shared/api/templates-api';
import type { SyncSignInInput, SyncSignUpInput, SyncStatus } from '../../../src-shared/api/sync-api';
import type { DeviceSession } from '../../../src-shared/sync/account';
import type { StorageUsage } from '../../../src-shared/sync/admin';
import type { Revision } from '../../../src-shared/sync/protocol';
import type {
  JobReport,
  StartExportInput,
  StartImportInput,
  VaultJob,
} from '../../../src-shared/api/vault-api';
import type {
  AttachmentSettings,
  AttachmentSummary,
  ListAttachmentsInput,
  ResolvedAttachment,
} from '../../../src-shared/api/attachments-api';
import type { Attachment } from '../../../src-shared/schema/attachment';
import type {
  AppCapabilities,
  FolderPurpose,
  PickFolderResult,
  ShellCommand,
} from '../../../src-shared/api/app-shell-api';
import type {
  LinkBlocksInput,
  LinkEmbed,
  LinkEmbedResult,
  LinkEmbedsInput,
  LinkResolveInput,
  LinkResolveManyInput,
  LinkSuggestion,
  LinkSuggestInput,
  NoteBlock,
  NoteHeading,
} from '../../../src-shared/api/links-api';
import type { PropertyInfo, PropertyType } from '../../../src-shared/markdown/property-types';
import type { LinkIndexApi } from '../../../src-shared/api/link-index-api';
import type { AdjacentDailyNote, DailyNoteSettings } from '../../../src-shared/api/daily-notes-api';
import type {
  RestoreVersionInput,
  Snapshot,
  SnapshotSettings,
  SnapshotSummary,
} from '../../../src-shared/api/snapshots-api';
import type { DeleteFolderResult, FolderNode, FolderSettings } from '../../../src-shared/api/folders-api';
import type { TagNode } from '../../../src-shared/api/tags-api';
import type { Bookmark, BookmarkView } from '../../../src-shared/api/bookmarks-api';
import type { RecentNote } from '../../../src-shared/api/recent-api';
import type { LinkCount, RefactorResult, UndoableOperation } from '../../../src-shared/api/refactor-api';

/** One merge of a note on this device (E7): what the user had just before it. */
export interface MergeRecord extends MergeNotice {
  id: string;
  at: number;
  before: { title: string; body: string };
}

export type ResolveTitlesInput = z.input<typeof resolveTitlesInput>;
export type CreateFromTemplateInput = z.input<typeof createFromTemplateInput>;

export type {
  LinkSuggestion,
  NoteHeading,
  LinkEmbed,
  LinkEmbedResult,
  NoteBlock,
  Note,
  NoteVersion,
  NoteWriteResult,
  MergeNotice,
  NoteSummary,
  SearchHit,
  SearchResult,
  NotesChangedEvent,
  Preferences,
  AppInfo,
  ResolveTitlesOutput,
  TemplateInfo,
  SyncStatus,
  SyncSignInInput,
  SyncSignUpInput,
  DeviceSession,
  StorageUsage,
  Revision,
  VaultJob,
  JobReport,
  StartImportInput,
  StartExportInput,
  AttachmentSummary,
  ResolvedAttachment,
  Attachment,
  AttachmentSettings,
  AppCapabilities,
  FolderPurpose,
  PickFolderResult,
  PropertyInfo,
  PropertyType,
  AdjacentDailyNote,
  DailyNoteSettings,
  Snapshot,
  SnapshotSummary,
  SnapshotSettings,
  RestoreVersionInput,
  RecentNote,
  FolderNode,
  FolderSettings,
  TagNode,
  Bookmark,
  BookmarkView,
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
    /** What the shell can do: whether an OS folder dialog exists (Electron) or paths are typed. */
    capabilities: { query(): Promise<AppCapabilities> };
    pickFolder: { mutate(input: { purpose: FolderPurpose }): Promise<PickFolderResult> };
    /** The shell's menu items as they are chosen (Electron's File menu; none in web mode). */
    shellCommands: {
      subscribe(input: undefined, observer: SubscriptionObserver<ShellCommand>): Unsubscribable;
    };
  };
  notes: {
    list: { query(input: ListNotesInput): Promise<ListNotesOutput> };
    get: { query(input: { id: string }): Promise<NoteVersion> };
    create: { mutate(input: CreateNoteInput): Promise<NoteVersion> };
    /** Every write names its base (editing rule E1); a moved-on note is merged, not overwritten. */
    update: { mutate(input: UpdateNoteInput): Promise<NoteWriteResult> };
    trash: { mutate(input: { id: string }): Promise<Note> };
    restore: { mutate(input: { id: string }): Promise<Note> };
    deleteForever: { mutate(input: { id: string }): Promise<{ id: string }> };
    emptyTrash: { mutate(): Promise<{ deleted: number }> };
    search: {
      query(input: {
        query: string;
        limit: number;
        tag?: string;
        folder?: { path: string; subfolders: boolean };
      }): Promise<SearchResult>;
    };
    /**
     * Wikilink targets → id of the live note with that title (trimmed, case-insensitive, newest
     * wins) or null. Keys are the titles exactly as sent; at most `RESOLVE_TITLES_MAX` per call.
     */
    resolveTitles: { query(input: ResolveTitlesInput): Promise<ResolveTitlesOutput> };
    /** The first event of every (re)subscription carries the current revision and no ids. */
    changes: {
      subscribe(input: undefined, observer: SubscriptionObserver<NotesChangedEvent>): Unsubscribable;
    };
    /** Clears `needsReview` after the user resolved a sync merge's conflict markers. */
    markReviewed: { mutate(input: { id: string }): Promise<Note> };
    /** Earlier versions kept by the sync server, newest first; fails in plain words when signed out. */
    history: { query(input: { id: string }): Promise<{ revisions: Revision[] }> };
    /** Writes a kept version back as a new edit (the current text becomes a version in turn). */
    restoreRevision: {
      mutate(input: { id: string; revisionId: string; base: NoteVersion | null }): Promise<NoteWriteResult>;
    };
    /** Merges of the note recorded on this device, newest first (E7). */
    merges: { query(input: { id: string }): Promise<MergeRecord[]> };
  };
  sync: {
    /** The current status first, then every change. */
    onStatus: {
      subscribe(input: undefined, observer: SubscriptionObserver<SyncStatus>): Unsubscribable;
    };
    signIn: { mutate(input: SyncSignInInput): Promise<SyncStatus> };
    signUp: { mutate(input: SyncSignUpInput): Promise<SyncStatus> };
    /** Ends this device's session; the local notes stay. */
    signOut: { mutate(): Promise<SyncStatus> };
    /** Reconnects and syncs at once instead of waiting for the next retry. */
    syncNow: { mutate(): Promise<SyncStatus> };
    devices: { query(): Promise<DeviceSession[]> };
    revokeDevice: { mutate(input: { deviceId: string }): Promise<DeviceSession[]> };
    /** Bytes stored on the sync server against the account's quota (null: unlimited). */
    storage: { query(): Promise<StorageUsage> };
  };
  vault: {
    /** Starts a job in the host and answers at once; progress arrives on `jobs`. */
    startImport: { mutate(input: StartImportInput): Promise<VaultJob> };
    startExport: { mutate(input: StartExportInput): Promise<VaultJob> };
    job: { query(input: { jobId: string }): Promise<VaultJob> };
    cancel: { mutate(input: { jobId: string }): Promise<VaultJob> };
    report: {
      query(input: { jobId: string; offset?: number; limit?: number }): Promise<JobReport>;
    };
    /** Every job's state first, then each update of any job. */
    jobs: { subscribe(input: undefined, observer: SubscriptionObserver<VaultJob>): Unsubscribable };
  };
  attachments: {
    list: {
      query(input: ListAttachmentsInput): Promise<{ total: number; items: AttachmentSummary[] }>;
    };
    /** Link targets as written, resolved from the note's folder; null when no attachment matches. */
    resolve: {
      query(input: {
        fromFolder: string;
        targets: string[];
      }): Promise<Record<string, ResolvedAttachment | null>>;
    };
    /** A pasted or dropped file: begin, send base64 chunks in order, finish (or cancel). */
    beginUpload: {
      mutate(input: {
        name: string;
        size: number;
        mediaType?: string;
        noteFolder?: string;
      }): Promise<{ uploadId: string }>;
    };
    uploadChunk: { mutate(input: { uploadId: string; offset: number; data: string }): Promise<void> };
    /** The stored attachment (its name made unique by the host) and the link text to insert. */
    finishUpload: { mutate(input: { uploadId: string }): Promise<{ attachment: Attachment; link: string }> };
    cancelUpload: { mutate(input: { uploadId: string }): Promise<void> };
    settings: { query(): Promise<AttachmentSettings> };
    setSettings: { mutate(input: Partial<AttachmentSettings>): Promise<AttachmentSettings> };
    /** Marks it deleted; never done on its own, only when the user asks. */
    delete: { mutate(input: { id: string }): Promise<void> };
    /** The first event of every (re)subscription carries no ids. */
    changes: {
      subscribe(input: undefined, observer: SubscriptionObserver<{ ids: string[] }>): Unsubscribable;
    };
  };
  links: {
    /** `[[` autocomplete: notes by title, alias and `folder/title`, best first (recent when empty). */
    suggest: { query(input: LinkSuggestInput): Promise<LinkSuggestion[]> };
    /** The live note a link target names from `sourceFolder`, by Obsidian's rules, or null. */
    resolve: { query(input: LinkResolveInput): Promise<{ id: string } | null> };
    /** The note's headings in order; NOTE_NOT_FOUND when it is missing or trashed. */
    headings: { query(input: { id: string }): Promise<NoteHeading[]> };
    /** A preview's links in one call: ids (null: no such note) in the order asked. */
    resolveMany: { query(input: LinkResolveManyInput): Promise<(string | null)[]> };
    /** A render's note embeds (`![[Note#Heading]]`), nested ones inside, in the order asked. */
    embeds: { query(input: LinkEmbedsInput): Promise<LinkEmbedResult[]> };
    /** `[[Note#^` completion: the note's block ids, ranked; NOTE_NOT_FOUND as for headings. */
    blocks: { query(input: LinkBlocksInput): Promise<NoteBlock[]> };
  };
  /** Backlinks, unlinked mentions, outgoing and broken links, the graph (src-shared/api/link-index-api.ts). */
  linkIndex: LinkIndexApi;
  templates: {
    list: { query(): Promise<TemplateInfo[]> };
    /** The host fills `{{title}}`, `{{date}}` and `YYYY-MM-DD`; the title defaults to the template's name. */
    createNote: { mutate(input: CreateFromTemplateInput): Promise<Note> };
    /** The template's text, filled like `createNote` fills it, with `title` as `{{title}}`. */
    text: { query(input: { templateId: string; title: string }): Promise<string> };
  };
  dailyNotes: {
    /** The day's note (`YYYY-MM-DD`; today in the host's time zone when omitted), made if absent. */
    open: { mutate(input: { date?: string }): Promise<{ note: NoteVersion; created: boolean }> };
    /** The nearest existing daily note before or after one; null at the ends or for other notes. */
    adjacent: {
      query(input: { id: string; direction: 'previous' | 'next' }): Promise<AdjacentDailyNote>;
    };
    settings: { query(): Promise<DailyNoteSettings> };
    setSettings: { mutate(input: Partial<DailyNoteSettings>): Promise<DailyNoteSettings> };
  };
  /** Local version history: snapshots of each note taken on this device. */
  snapshots: {
    /** Newest first, without their text. */
    list: { query(input: { id: string }): Promise<{ snapshots: SnapshotSummary[] }> };
    /** One snapshot with its text; SNAPSHOT_NOT_FOUND once pruned. */
    get: { query(input: { id: string; snapshotId: number }): Promise<Snapshot> };
    /** Keeps the current text as a snapshot, then writes the version back over `base` (E1). */
    restore: { mutate(input: RestoreVersionInput): Promise<NoteWriteResult> };
    settings: { query(): Promise<SnapshotSettings> };
    setSettings: { mutate(input: Partial<SnapshotSettings>): Promise<SnapshotSettings> };
  };
  recent: {
    /** Recently opened live notes, newest first (the quick switcher's first rows). */
    notes: { query(): Promise<RecentNote[]> };
    noteOpened: { mutate(input: { id: string }): Promise<void> };
    /** Recently run command ids, newest first (the palette's first rows). */
    commands: { query(): Promise<string[]> };
    commandUsed: { mutate(input: { id: string }): Promise<void> };
  };
  /** Vault-wide renames as one undoable operation of ordinary edits (docs/sync-protocol.md E10). */
  refactor: {
    /** Renames and/or moves a note; every link to it is rewritten. NOTE_NAME_TAKEN on a collision. */
    renameNote: { mutate(input: { id: string; title?: string; folder?: string }): Promise<RefactorResult> };
    /** Renames or moves a folder (`to`: its whole new path) with everything inside it. */
    moveFolder: { mutate(input: { from: string; to: string }): Promise<RefactorResult> };
    /** Renames a tag and its nested tags in every note (frontmatter and inline). */
    renameTag: { mutate(input: { from: string; to: string }): Promise<RefactorResult> };
    /** Rewrites the links to one heading of a note. */
    renameHeading: { mutate(input: { id: string; from: string; to: string }): Promise<RefactorResult> };
    headingLinkCount: { query(input: { id: string; heading: string }): Promise<LinkCount> };
    /** Links to the note from other notes (and how many notes hold them). */
    linkCount: { query(input: { id: string }): Promise<LinkCount> };
    /** ALREADY_UNDONE the second time, UNDO_EXPIRED once forgotten. */
    undo: { mutate(input: { operationId: string }): Promise<RefactorResult> };
    lastUndoable: { query(): Promise<UndoableOperation | null> };
  };
  /** The sidebar's folder tree; empty folders the user made are remembered on this device. */
  folders: {
    tree: { query(): Promise<FolderNode[]> };
    /** FOLDER_EXISTS when there is one at that path. */
    create: { mutate(input: { path: string }): Promise<FolderNode[]> };
    /** Every note in it and below goes to the trash (restoring one puts it back). */
    delete: { mutate(input: { path: string }): Promise<DeleteFolderResult> };
    /** After `refactor.moveFolder`: the device's empty subfolders and collapsed state follow. */
    moved: { mutate(input: { from: string; to: string }): Promise<FolderNode[]> };
    settings: { query(): Promise<FolderSettings> };
    setSettings: { mutate(input: Partial<FolderSettings>): Promise<FolderSettings> };
  };
  /** Every tag of the live notes with counts (nested ones include their children). */
  tags: { tree: { query(): Promise<TagNode[]> } };
  /** Pinned notes and searches, in the user's order. */
  bookmarks: {
    list: { query(): Promise<BookmarkView[]> };
    set: { mutate(input: { items: Bookmark[] }): Promise<BookmarkView[]> };
  };
  properties: {
    /** The vault's property names with their one type and how many notes use them, most used first. */
    catalog: { query(): Promise<PropertyInfo[]> };
    /** Chooses a name's type for the whole vault (null: back to the inferred one); the new catalog. */
    setType: { mutate(input: { name: string; type: PropertyType | null }): Promise<PropertyInfo[]> };
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
