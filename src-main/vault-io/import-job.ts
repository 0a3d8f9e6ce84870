import fs from 'node:fs/promises';
import type { QuireDatabase } from '../db/database';
import type { IdGenerator } from '../clock';
import type { NotesService } from '../notes/notes-service';
import type { AttachmentRecordInput, AttachmentsService } from '../attachments/attachments-service';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { titleFromFileName, type Note } from '../../src-shared/schema/note';
import type { Attachment } from '../../src-shared/schema/attachment';
import type { OnExisting, ReportEntry } from '../../src-shared/api/vault-api';
import { collisionKey, decodeNoteBytes, scanFolder, type ScannedFile } from './scan';
import { mediaTypeOf } from '../../src-shared/attachments/media-types';

/** A batch is one bulk write of notes and one of attachment records: cancel lands between batches. */
export const IMPORT_BATCH = { files: 500, bytes: 8 * 1024 * 1024 } as const;
/** Files read or stored at once: enough to keep the disk busy, few enough to bound descriptors. */
const IMPORT_PARALLEL = 16;

type Stored = { hash: string; size: number };
type Loaded = { kind: 'text'; bytes: Buffer } | { kind: 'stored'; stored: Stored } | { kind: 'unreadable' };

export interface ImportProgress {
  scanned(file: ScannedFile): void;
  scanDone(): void;
  done(file: ScannedFile, as: 'note' | 'attachment' | 'none'): void;
  report(entry: ReportEntry): void;
  cancelled(): boolean;
}

export interface ImportDeps {
  notes: NotesService;
  attachments: AttachmentsService;
  db: QuireDatabase;
  newId: IdGenerator;
}

interface ExistingNote {
  id: string;
  body: string;
}

const noteKey = (folder: string, name: string): string => `${folder}\u0000${name}`;
const splitName = (name: string): { stem: string; ext: string } => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { stem: name.slice(0, dot), ext: name.slice(dot) } : { stem: name, ext: '' };
};

export async function runImport(
  deps: ImportDeps,
  input: { dir: string; includeHidden: boolean; onExisting: OnExisting },
  progress: ImportProgress,
): Promise<void> {
  const { notes, attachments, db, newId } = deps;
  // What the vault holds already: notes by (folder, file name), or by title for notes made here.
  const existingNotes = new Map<string, ExistingNote>();
  const taken = new Set<string>();
  for (const doc of await db.notes.find({ selector: { trashedAt: 0 } }).exec()) {
    const note = doc.toJSON() as Note;
    const name = note.fileName ?? `${note.title}.md`;
    if (!existingNotes.has(noteKey(note.folder, name)))
      existingNotes.set(noteKey(note.folder, name), { id: note.id, body: note.body });
    taken.add(collisionKey(note.folder === '' ? name : `${note.folder}/${name}`));
  }
  const existingFiles = new Map<string, Attachment>();
  for (const attachment of await attachments.allLive()) {
    existingFiles.set(attachment.path, attachment);
    taken.add(collisionKey(attachment.path));
  }

  const files: ScannedFile[] = [];
  await scanFolder(
    input.dir,
    { includeHidden: input.includeHidden },
    {
      file(file) {
        files.push(file);
        taken.add(collisionKey(file.rel));
        progress.scanned(file);
      },
      report: (entry) => progress.report(entry),
      cancelled: () => progress.cancelled(),
    },
  );
  progress.scanDone();

  /** keepBoth: "Name 1.md", "img 2.png"… free among the vault's and this folder's paths. */
  const uniqueRel = (folder: string, name: string): string => {
    const { stem, ext } = splitName(name);
    for (let n = 1; ; n += 1) {
      const candidate = `${stem} ${n}${ext}`;
      const rel = folder === '' ? candidate : `${folder}/${candidate}`;
      if (!taken.has(collisionKey(rel))) {
        taken.add(collisionKey(rel));
        return candidate;
      }
    }
  };

  let start = 0;
  while (start < files.length && !progress.cancelled()) {
    let end = start;
    let bytes = 0;
    while (
      end < files.length &&
      end - start < IMPORT_BATCH.files &&
      (end === start || bytes < IMPORT_BATCH.bytes)
    ) {
      bytes += files[end]!.size;
      end += 1;
    }
    await importBatch(files.slice(start, end));
    start = end;
  }

  async function storeBytes(file: ScannedFile): Promise<Stored | null> {
    return attachments.blobs.putFile(file.abs).then(
      (stored) => stored,
      () => null,
    );
  }

  /**
   * Every file of the batch read (a note's bytes) or stored (an attachment's, streamed into the
   * blob store), IMPORT_PARALLEL at a time: one file at a time leaves the disk idle between the
   * open, stat, read and close of each. Decisions are still taken in the files' order.
   */
  async function readBatch(batch: readonly ScannedFile[]): Promise<Loaded[]> {
    const loaded: Loaded[] = [];
    for (let start = 0; start < batch.length; start += IMPORT_PARALLEL) {
      const slice = batch.slice(start, start + IMPORT_PARALLEL);
      loaded.push(
        ...(await Promise.all(
          slice.map(async (file): Promise<Loaded> => {
            if (file.kind === 'attachment') {
              const stored = await storeBytes(file);
              return stored === null ? { kind: 'unreadable' } : { kind: 'stored', stored };
            }
            return fs.readFile(file.abs).then(
              (bytes): Loaded => ({ kind: 'text', bytes }),
              (): Loaded => ({ kind: 'unreadable' }),
            );
          }),
        )),
      );
    }
    return loaded;
  }

  async function importBatch(batch: ScannedFile[]): Promise<void> {
    const newNotes: Note[] = [];
    const records: AttachmentRecordInput[] = [];
    const outcomes: { file: ScannedFile; as: 'note' | 'attachment' | 'none' }[] = [];
    const updates: { id: string; body: string }[] = [];

    const asAttachment = async (file: ScannedFile, read?: Stored | null): Promise<void> => {
      const existing = existingFiles.get(file.rel);
      const stored = read === undefined ? await storeBytes(file) : read;
      if (stored === null) {
        progress.report({ path: file.rel, kind: 'UNREADABLE' });
        outcomes.push({ file, as: 'none' });
        return;
      }
      const record: AttachmentRecordInput = {
        path: file.rel,
        hash: stored.hash,
        size: stored.size,
        mediaType: mediaTypeOf(file.name),
        createdAt: file.createdAt,
        updatedAt: file.updatedAt,
      };
      if (existing && existing.hash === stored.hash) {
        outcomes.push({ file, as: 'none' });
        return;
      }
      if (existing && input.onExisting === 'skip') {
        progress.report({ path: file.rel, kind: 'EXISTING_SKIPPED' });
        outcomes.push({ file, as: 'none' });
        return;
      }
      if (existing && input.onExisting === 'update') {
        records.push({ ...record, id: existing.id, createdAt: existing.createdAt });
        progress.report({ path: file.rel, kind: 'EXISTING_UPDATED' });
      } else if (existing) {
        const name = uniqueRel(file.folder, file.name);
        const keptAs = file.folder === '' ? name : `${file.folder}/${name}`;
        records.push({ ...record, path: keptAs });
        progress.report({ path: file.rel, kind: 'EXISTING_KEPT_BOTH', keptAs });
      } else {
        records.push(record);
      }
      outcomes.push({ file, as: 'attachment' });
    };

    const loaded = await readBatch(batch);
    for (let index = 0; index < batch.length; index += 1) {
      const file = batch[index]!;
      const read = loaded[index]!;
      if (file.kind === 'attachment') {
        await asAttachment(file, read.kind === 'stored' ? read.stored : null);
        continue;
      }
      if (read.kind !== 'text') {
        progress.report({ path: file.rel, kind: 'UNREADABLE' });
        outcomes.push({ file, as: 'none' });
        continue;
      }
      const decoded = decodeNoteBytes(read.bytes);
      if (!decoded.ok) {
        progress.report({ path: file.rel, kind: decoded.kind });
        await asAttachment(file);
        continue;
      }
      const body = decoded.text;
      const existing = existingNotes.get(noteKey(file.folder, file.name));
      let fileName = file.name;
      if (existing) {
        if (existing.body === body) {
          outcomes.push({ file, as: 'none' });
          continue;
        }
        if (input.onExisting === 'skip') {
          progress.report({ path: file.rel, kind: 'EXISTING_SKIPPED' });
          outcomes.push({ file, as: 'none' });
          continue;
        }
        if (input.onExisting === 'update') {
          updates.push({ id: existing.id, body });
          progress.report({ path: file.rel, kind: 'EXISTING_UPDATED' });
          outcomes.push({ file, as: 'note' });
          continue;
        }
        fileName = uniqueRel(file.folder, file.name);
        progress.report({
          path: file.rel,
          kind: 'EXISTING_KEPT_BOTH',
          keptAs: file.folder === '' ? fileName : `${file.folder}/${fileName}`,
        });
      }
      newNotes.push({
        id: newId(),
        title: titleFromFileName(fileName),
        body,
        tags: extractTags(body),
        folder: file.folder,
        createdAt: file.createdAt,
        updatedAt: file.updatedAt,
        trashedAt: 0,
        needsReview: false,
        fileName,
      });
      outcomes.push({ file, as: 'note' });
    }

    // The writes of the batch: whole files only, never a part of one.
    if (newNotes.length > 0) await notes.importNotes(newNotes);
    if (records.length > 0) await attachments.putRecords(records);
    for (const update of updates) {
      const base = await notes.get(update.id);
      await notes.update({ id: update.id, base, body: update.body });
    }
    for (const outcome of outcomes) progress.done(outcome.file, outcome.as);
  }
}
