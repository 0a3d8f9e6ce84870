import type { Dirent, Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ATTACHMENT_LIMITS, vaultPathSchema } from '../../src-shared/schema/attachment';
import { NOTE_LIMITS } from '../../src-shared/schema/note';
import type { ReportEntry } from '../../src-shared/api/vault-api';

/** One regular file of the imported folder, in the order it is imported. */
export interface ScannedFile {
  /** '/'-separated relative path, exactly as on disk. */
  rel: string;
  abs: string;
  folder: string;
  name: string;
  size: number;
  createdAt: number;
  updatedAt: number;
  /**
   * 'note': a `.md` that may become a note (its bytes decide); 'attachment': kept as a file.
   * `why` says why a `.md` is an attachment from its name alone.
   */
  kind: 'note' | 'attachment';
  why?: 'NAME_COLLISION' | 'TOO_LONG';
}

export interface ScanSink {
  file(file: ScannedFile): void;
  report(entry: ReportEntry): void;
  /** Checked between folders: a cancelled job stops scanning. */
  cancelled(): boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export const isMarkdownName = (name: string): boolean => /\.md$/i.test(name);

/** The key under which two names collide on a case-insensitive or normalising disk. */
export const collisionKey = (name: string): string => name.normalize('NFC').toLowerCase();

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Characters Windows refuses in a name: <>:"|?* and the controls U+0001–U+001F.
const WINDOWS_ILLEGAL_CHARS = /[<>:"|?*\u0001-\u001f]/;

export function illegalOnWindows(name: string): boolean {
  if (WINDOWS_ILLEGAL_CHARS.test(name)) return true;
  if (name.endsWith('.') || name.endsWith(' ')) return true;
  const stem = name.split('.')[0] ?? name;
  return WINDOWS_RESERVED.test(stem.trimEnd());
}

const fileTime = (ms: number): number => Math.max(0, Math.floor(ms));

/**
 * Walks `root` depth first, names in byte order, so the first of two colliding names is always the
 * same one. Names are read as bytes: one that is not UTF-8 cannot be written back by name and is
 * skipped (NAME_NOT_UTF8). Nothing is followed but real folders.
 */
export async function scanFolder(
  root: string,
  options: { includeHidden: boolean },
  sink: ScanSink,
): Promise<void> {
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    if (sink.cancelled()) return;
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(absDir, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      sink.report({ path: relDir === '' ? '.' : relDir, kind: 'UNREADABLE' });
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    const seen = new Set<string>();
    const folders: { abs: string; rel: string }[] = [];
    for (const entry of entries) {
      let name: string;
      try {
        name = strictUtf8.decode(entry.name);
      } catch {
        const shown = lossyUtf8.decode(entry.name);
        sink.report({ path: relDir === '' ? shown : `${relDir}/${shown}`, kind: 'NAME_NOT_UTF8' });
        continue;
      }
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      const abs = path.join(absDir, name);
      if (entry.isDirectory()) {
        if (name.startsWith('.') && !options.includeHidden) {
          sink.report({ path: rel, kind: 'HIDDEN_SKIPPED' });
          continue;
        }
        if (illegalOnWindows(name)) sink.report({ path: rel, kind: 'ILLEGAL_ON_WINDOWS' });
        folders.push({ abs, rel });
        continue;
      }
      if (!entry.isFile()) {
        sink.report({ path: rel, kind: 'NOT_A_FILE' });
        continue;
      }
      if (!vaultPathSchema.safeParse(rel).success) {
        sink.report({ path: rel, kind: 'PATH_TOO_LONG' });
        continue;
      }
      let stat: Stats;
      try {
        stat = await fs.stat(abs);
      } catch {
        sink.report({ path: rel, kind: 'UNREADABLE' });
        continue;
      }
      if (stat.size > ATTACHMENT_LIMITS.defaultFileBytesMax) {
        sink.report({ path: rel, kind: 'FILE_TOO_LARGE' });
        continue;
      }
      if (illegalOnWindows(name)) sink.report({ path: rel, kind: 'ILLEGAL_ON_WINDOWS' });
      const key = collisionKey(name);
      const collides = seen.has(key);
      seen.add(key);
      const file: ScannedFile = {
        rel,
        abs,
        folder: relDir,
        name,
        size: stat.size,
        createdAt: fileTime(stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.mtimeMs),
        updatedAt: fileTime(stat.mtimeMs),
        kind: 'attachment',
      };
      if (collides) sink.report({ path: rel, kind: 'NAME_COLLISION' });
      if (isMarkdownName(name)) {
        if (collides) file.why = 'NAME_COLLISION';
        else if (relDir.length > NOTE_LIMITS.folderMaxLength || name.length > NOTE_LIMITS.fileNameMaxLength)
          file.why = 'TOO_LONG';
        else file.kind = 'note';
        if (file.why === 'TOO_LONG') sink.report({ path: rel, kind: 'TOO_LONG' });
      }
      sink.file(file);
    }
    for (const folder of folders) await walk(folder.abs, folder.rel);
  };
  await walk(root, '');
}

export type NoteDecoding =
  { ok: true; text: string } | { ok: false; kind: 'NOT_UTF8' | 'HAS_NUL' | 'TOO_LONG' };

/** A `.md` file's bytes as a note's body, exactly (the BOM stays), or why they cannot be one. */
export function decodeNoteBytes(bytes: Uint8Array): NoteDecoding {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, kind: 'NOT_UTF8' };
  }
  if (text.includes('\u0000')) return { ok: false, kind: 'HAS_NUL' };
  if (text.length > NOTE_LIMITS.bodyMaxLength) return { ok: false, kind: 'TOO_LONG' };
  return { ok: true, text };
}
