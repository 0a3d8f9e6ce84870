import fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { QuireDatabase } from '../db/database';
import type { AttachmentsService } from '../attachments/attachments-service';
import { titleFromFileName, type Note } from '../../src-shared/schema/note';
import type { ReportEntry } from '../../src-shared/api/vault-api';
import { collisionKey } from './scan';

export interface ExportProgress {
  planned(files: number, bytes: number): void;
  done(kind: 'note' | 'attachment', bytes: number): void;
  report(entry: ReportEntry): void;
  cancelled(): boolean;
}

/** Files written at once: enough to keep the disk busy, few enough to bound open descriptors. */
const EXPORT_PARALLEL = 16;
/** A file name's limit on every common filesystem, in UTF-8 bytes. */
const NAME_MAX_BYTES = 255;

interface PlannedFile {
  rel: string;
  mtime: number;
  write(abs: string): Promise<void>;
  kind: 'note' | 'attachment';
  bytes: number;
}

/** A note made in Quire gets a name its title gives: no '/', no NUL, never empty, at most 255 bytes. */
export function safeNoteStem(title: string): string {
  let stem = title.replace(/[/\u0000]/g, '_').trim();
  if (stem === '') stem = 'Untitled';
  while (Buffer.byteLength(`${stem} 9999.md`) > NAME_MAX_BYTES) stem = Array.from(stem).slice(0, -1).join('');
  return stem;
}

/** contracts.md: the imported name while the title is still the one it gives; else one from the title. */
export function exportNames(notes: readonly Note[], attachmentPaths: readonly string[]): Map<string, string> {
  const exact = new Set(attachmentPaths);
  const folded = new Set(attachmentPaths.map(collisionKey));
  const claim = (rel: string): void => {
    exact.add(rel);
    folded.add(collisionKey(rel));
  };
  const relOf = (folder: string, name: string): string => (folder === '' ? name : `${folder}/${name}`);
  const names = new Map<string, string>();
  const generated: Note[] = [];
  for (const note of notes) {
    const name = note.fileName;
    if (
      name !== undefined &&
      titleFromFileName(name) === note.title &&
      !exact.has(relOf(note.folder, name))
    ) {
      claim(relOf(note.folder, name));
      names.set(note.id, name);
    } else generated.push(note);
  }
  for (const note of generated) {
    const stem = safeNoteStem(note.title);
    let name = `${stem}.md`;
    for (let n = 1; folded.has(collisionKey(relOf(note.folder, name))); n += 1) name = `${stem} ${n}.md`;
    claim(relOf(note.folder, name));
    names.set(note.id, name);
  }
  return names;
}

export async function runExport(
  deps: { db: QuireDatabase; attachments: AttachmentsService },
  dir: string,
  progress: ExportProgress,
): Promise<void> {
  const { db, attachments } = deps;
  const notes = (await db.notes.find({ selector: { trashedAt: 0 } }).exec()).map(
    (doc) => doc.toJSON() as Note,
  );
  const files = await attachments.allLive();
  const names = exportNames(
    notes,
    files.map((file) => file.path),
  );
  const planned: PlannedFile[] = [];
  for (const note of notes) {
    const name = names.get(note.id) ?? `${safeNoteStem(note.title)}.md`;
    // The body is the file's text: a BOM is its first character, written as EF BB BF.
    const bytes = Buffer.from(note.body, 'utf8');
    planned.push({
      rel: note.folder === '' ? name : `${note.folder}/${name}`,
      mtime: note.updatedAt,
      kind: 'note',
      bytes: bytes.length,
      write: (abs) => fs.writeFile(abs, bytes),
    });
  }
  for (const file of files) {
    planned.push({
      rel: file.path,
      mtime: file.updatedAt,
      kind: 'attachment',
      bytes: file.size,
      write: async (abs) => {
        if (!(await attachments.blobs.has(file.hash))) throw new Error('bytes not on this device');
        await pipeline(attachments.blobs.openRead(file.hash), createWriteStream(abs));
      },
    });
  }
  progress.planned(
    planned.length,
    planned.reduce((sum, file) => sum + file.bytes, 0),
  );

  const madeDirs = new Set<string>();
  const writeOne = async (file: PlannedFile): Promise<void> => {
    const abs = path.join(dir, ...file.rel.split('/'));
    const parent = path.dirname(abs);
    try {
      if (!madeDirs.has(parent)) {
        await fs.mkdir(parent, { recursive: true });
        madeDirs.add(parent);
      }
      await file.write(abs);
      const seconds = file.mtime / 1000;
      await fs.utimes(abs, seconds, seconds);
      progress.done(file.kind, file.bytes);
    } catch {
      progress.report({ path: file.rel, kind: 'UNREADABLE' });
      progress.done(file.kind, 0);
    }
  };
  for (let start = 0; start < planned.length && !progress.cancelled(); start += EXPORT_PARALLEL) {
    await Promise.all(planned.slice(start, start + EXPORT_PARALLEL).map(writeOne));
  }
}
