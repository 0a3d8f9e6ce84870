import { Subject, type Observable } from 'rxjs';
import type { RxDocument } from 'rxdb';
import {
  attachmentSchema,
  toAttachment,
  vaultPathSchema,
  type Attachment,
} from '../../src-shared/schema/attachment';
import type {
  AttachmentSummary,
  ListAttachmentsInput,
  ResolvedAttachment,
} from '../../src-shared/api/attachments-api';
import { attachmentTargets, resolveAttachmentTarget } from '../../src-shared/attachments/attachment-links';
import type { Clock, IdGenerator, Scheduler } from '../clock';
import { ATTACHMENT_LIMITS } from '../../src-shared/schema/attachment';
import type { AttachmentSettings } from '../../src-shared/api/attachments-api';
import { attachmentFolderFor, type AttachmentSettingsStore } from './attachment-settings';
import { createUploads, type UploadInfo } from './uploads';
import type { QuireDatabase } from '../db/database';
import { QuireError } from '../errors';
import type { FailureReason } from '../../src-shared/errors/reasons';
import type { LocalBlobStore } from './local-blob-store';
import { mediaTypeOf } from '../../src-shared/attachments/media-types';

export interface AttachmentRecordInput {
  id?: string;
  path: string;
  hash: string;
  size: number;
  mediaType?: string;
  createdAt?: number;
  updatedAt?: number;
}

/** The vault's attachments: records in the `attachments` collection, bytes in the `LocalBlobStore`. */
export interface AttachmentsService {
  readonly blobs: LocalBlobStore;
  get(id: string): Promise<Attachment>;
  /** The live attachment at exactly this path. */
  byPath(path: string): Promise<Attachment | null>;
  allLive(): Promise<Attachment[]>;
  /** One bulk write; the bytes must already be in `blobs`. A record with an existing id replaces it. */
  putRecords(records: readonly AttachmentRecordInput[]): Promise<Attachment[]>;
  /** `a/img.png` if no live attachment has it, else `a/img 1.png`, `a/img 2.png`, … */
  uniquePath(desired: string): Promise<string>;
  list(input: ListAttachmentsInput): Promise<{ total: number; items: AttachmentSummary[] }>;
  resolve(input: {
    fromFolder: string;
    targets: string[];
  }): Promise<Record<string, ResolvedAttachment | null>>;
  beginUpload(input: UploadInfo): Promise<{ uploadId: string }>;
  /** Chunks come in order: `offset` is the number of bytes sent before this one. */
  uploadChunk(input: { uploadId: string; offset: number; data: string }): Promise<void>;
  /** Stores the bytes and the record in the attachments folder; returns the link to insert. */
  finishUpload(input: { uploadId: string }): Promise<{ attachment: Attachment; link: string }>;
  cancelUpload(input: { uploadId: string }): Promise<void>;
  settings(): AttachmentSettings;
  setSettings(patch: {
    [K in keyof AttachmentSettings]?: AttachmentSettings[K] | undefined;
  }): AttachmentSettings;
  /** Marks it deleted; its bytes stay while any other live record uses them. */
  delete(id: string): Promise<void>;
  /** Moves no bytes. */
  rename(id: string, path: string): Promise<Attachment>;
  /** After every change of the collection, and when the bytes of a hash arrive. */
  changes(): Observable<{ ids: string[] }>;
  /** Sync calls it when a download completes, so views stop showing "downloading". */
  bytesArrived(hash: string): void;
  /** Sync calls it when it holds a record back (B8), and with null once it is pushed. */
  notSynced(id: string, reason: FailureReason | null): void;
  close(): Promise<void>;
}

export interface AttachmentsServiceDeps {
  db: QuireDatabase;
  clock: Clock;
  newId: IdGenerator;
  blobs: LocalBlobStore;
  /** Timers: idle uploads are dropped. */
  scheduler: Scheduler;
  settings: AttachmentSettingsStore;
  /** The largest file an upload may send; ATTACHMENT_LIMITS.defaultFileBytesMax by default. */
  maxUploadBytes?: number;
}

const LIVE = { deletedAt: 0 } as const;

function splitExtension(path: string): { stem: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  // `.gitignore`-like names (a leading dot only) have no extension.
  return dot > slash + 1 ? { stem: path.slice(0, dot), ext: path.slice(dot) } : { stem: path, ext: '' };
}

export function createAttachmentsService(deps: AttachmentsServiceDeps): AttachmentsService {
  const { db, clock, newId, blobs } = deps;
  const collection = db.attachments;
  const changes = new Subject<{ ids: string[] }>();
  /** Records sync holds back on this device, and why (B8); in memory: the next push decides again. */
  const notSynced = new Map<string, FailureReason>();
  // Change counters of both collections: `usedBy` is recomputed only when one of them moved.
  let attachmentsRevision = 0;
  let notesRevision = 0;
  const subscription = collection.eventBulks$.subscribe((bulk) => {
    attachmentsRevision += 1;
    changes.next({ ids: bulk.events.map((event) => event.documentId) });
  });
  subscription.add(db.notes.eventBulks$.subscribe(() => void (notesRevision += 1)));
  const uploads = createUploads({
    blobs,
    scheduler: deps.scheduler,
    maxBytes: deps.maxUploadBytes ?? ATTACHMENT_LIMITS.defaultFileBytesMax,
  });
  let usageCache: { key: string; usage: Promise<Map<string, string[]>> } | null = null;

  const liveDocs = (): Promise<RxDocument<Attachment>[]> =>
    collection.find({ selector: LIVE, sort: [{ deletedAt: 'asc' }, { path: 'asc' }, { id: 'asc' }] }).exec();

  async function get(id: string): Promise<Attachment> {
    const doc = await collection.findOne(id).exec();
    if (!doc || doc.deletedAt !== 0) throw new QuireError('ATTACHMENT_NOT_FOUND');
    return toAttachment(doc.toJSON());
  }

  function usage(): Promise<Map<string, string[]>> {
    const key = `${attachmentsRevision}:${notesRevision}`;
    if (usageCache?.key !== key) usageCache = { key, usage: computeUsage() };
    return usageCache.usage;
  }

  async function computeUsage(): Promise<Map<string, string[]>> {
    // Which live notes link to which attachment path; computed on demand (the list view asks).
    const paths = (await liveDocs()).map((doc) => doc.path);
    const usedBy = new Map<string, string[]>();
    const notes = await db.notes.find({ selector: { trashedAt: 0 } }).exec();
    for (const note of notes) {
      for (const target of attachmentTargets(note.body)) {
        const path = resolveAttachmentTarget(paths, note.folder, target);
        if (path === null) continue;
        const list = usedBy.get(path) ?? [];
        if (!list.includes(note.id)) list.push(note.id);
        usedBy.set(path, list);
      }
    }
    return usedBy;
  }

  /** Free among live attachments and the paths notes export to. */
  async function uniquePath(desired: string): Promise<string> {
    const path = vaultPathSchema.parse(desired);
    const taken = new Set((await liveDocs()).map((doc) => doc.path));
    for (const note of await db.notes.find({ selector: { trashedAt: 0 } }).exec()) {
      const name = note.fileName ?? `${note.title}.md`;
      taken.add(note.folder === '' ? name : `${note.folder}/${name}`);
    }
    if (!taken.has(path)) return path;
    const { stem, ext } = splitExtension(path);
    for (let n = 1; ; n += 1) {
      const candidate = `${stem} ${n}${ext}`;
      if (!taken.has(candidate)) return candidate;
    }
  }

  const service: AttachmentsService = {
    blobs,
    get,
    async byPath(path) {
      const doc = await collection.findOne({ selector: { ...LIVE, path } }).exec();
      return doc ? toAttachment(doc.toJSON()) : null;
    },
    async allLive() {
      return (await liveDocs()).map((doc) => toAttachment(doc.toJSON()));
    },
    async putRecords(records) {
      if (records.length === 0) return [];
      const now = clock.now();
      const existing = await collection
        .findByIds(records.flatMap((record) => (record.id === undefined ? [] : [record.id])))
        .exec();
      const docs = records.map((record) => {
        const before = record.id === undefined ? undefined : existing.get(record.id);
        return attachmentSchema.parse({
          id: record.id ?? newId(),
          path: record.path,
          hash: record.hash,
          size: record.size,
          mediaType: record.mediaType ?? mediaTypeOf(record.path),
          createdAt: record.createdAt ?? before?.createdAt ?? now,
          updatedAt: record.updatedAt ?? now,
          deletedAt: 0,
        });
      });
      const result = await collection.bulkUpsert(docs);
      if (result.error.length > 0) throw new QuireError('INTERNAL_ERROR', { cause: result.error[0] });
      return docs;
    },
    uniquePath,
    async beginUpload(input) {
      return { uploadId: await uploads.begin(input) };
    },
    uploadChunk: (input) => uploads.chunk(input.uploadId, input.offset, input.data),
    async finishUpload(input) {
      const done = await uploads.finish(input.uploadId);
      const settings = deps.settings.get();
      const folder = attachmentFolderFor(settings, done.noteFolder);
      const name = done.name.replace(/[/\\\u0000]/g, '-').trim() || 'file';
      const path = await uniquePath(folder === '' ? name : `${folder}/${name}`);
      const [attachment] = await service.putRecords([
        {
          path,
          hash: done.hash,
          size: done.size,
          mediaType: done.mediaType && done.mediaType !== '' ? done.mediaType : mediaTypeOf(name),
        },
      ]);
      const paths = (await liveDocs()).map((doc) => doc.path);
      return { attachment: attachment!, link: linkText(settings, paths, done.noteFolder, path) };
    },
    cancelUpload: (input) => uploads.cancel(input.uploadId),
    settings: () => deps.settings.get(),
    setSettings: (patch) => deps.settings.set(patch),
    async list({ filter = 'all', offset = 0, limit = 100 }) {
      const [docs, usedBy] = await Promise.all([liveDocs(), usage()]);
      const rows = await Promise.all(
        docs.map(async (doc) => {
          const held = notSynced.get(doc.id);
          return {
            ...toAttachment(doc.toJSON()),
            usedBy: usedBy.get(doc.path) ?? [],
            local: await blobs.has(doc.hash),
            ...(held === undefined ? {} : { notSynced: held }),
          };
        }),
      );
      const filtered = filter === 'unused' ? rows.filter((row) => row.usedBy.length === 0) : rows;
      return { total: filtered.length, items: filtered.slice(offset, offset + limit) };
    },
    async resolve({ fromFolder, targets }) {
      const docs = await liveDocs();
      const byPath = new Map(docs.map((doc) => [doc.path, doc]));
      const paths = [...byPath.keys()];
      const out: Record<string, ResolvedAttachment | null> = {};
      for (const target of targets) {
        const path = resolveAttachmentTarget(paths, fromFolder, target);
        const doc = path === null ? undefined : byPath.get(path);
        out[target] = doc
          ? {
              id: doc.id,
              path: doc.path,
              hash: doc.hash,
              mediaType: doc.mediaType,
              size: doc.size,
              local: await blobs.has(doc.hash),
            }
          : null;
      }
      return out;
    },
    async delete(id) {
      const doc = await collection.findOne(id).exec();
      if (!doc || doc.deletedAt !== 0) throw new QuireError('ATTACHMENT_NOT_FOUND');
      await doc.incrementalPatch({ deletedAt: clock.now(), updatedAt: clock.now() });
    },
    async rename(id, path) {
      const target = vaultPathSchema.parse(path);
      const doc = await collection.findOne(id).exec();
      if (!doc || doc.deletedAt !== 0) throw new QuireError('ATTACHMENT_NOT_FOUND');
      const clash = await collection.findOne({ selector: { ...LIVE, path: target } }).exec();
      if (clash && clash.id !== id) throw new QuireError('INVALID_INPUT');
      const updated = await doc.incrementalPatch({ path: target, updatedAt: clock.now() });
      return toAttachment(updated.toJSON());
    },
    changes: () => changes.asObservable(),
    bytesArrived(hash) {
      void collection
        .find({ selector: { hash } })
        .exec()
        .then(
          (docs) => {
            if (docs.length > 0 && !changes.closed) changes.next({ ids: docs.map((doc) => doc.id) });
          },
          // A download that finishes as the vault closes has nobody left to tell.
          () => undefined,
        );
    },
    notSynced(id, reason) {
      if ((notSynced.get(id) ?? null) === reason) return;
      if (reason === null) notSynced.delete(id);
      else notSynced.set(id, reason);
      if (!changes.closed) changes.next({ ids: [id] });
    },
    async close() {
      subscription.unsubscribe();
      changes.complete();
      await uploads.close();
    },
  };
  return service;
}

/** The text a pasted file is linked by, from a note in `noteFolder`. */
export function linkText(
  settings: AttachmentSettings,
  paths: readonly string[],
  noteFolder: string,
  path: string,
): string {
  if (settings.linkStyle === 'markdown') {
    const from = noteFolder === '' ? [] : noteFolder.split('/');
    const to = path.split('/');
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
    const relative = [...from.slice(common).map(() => '..'), ...to.slice(common)];
    return `![](${relative.map(encodeURIComponent).join('/')})`;
  }
  // Wikilink: the shortest tail of the path that still resolves to this file.
  const parts = path.split('/');
  for (let start = parts.length - 1; start > 0; start -= 1) {
    const tail = parts.slice(start).join('/');
    if (resolveAttachmentTarget(paths, noteFolder, tail) === path) return `![[${tail}]]`;
  }
  return `![[${path}]]`;
}
