import fs from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';
import { extractTags } from '../src-shared/markdown/frontmatter';
import type { Note } from '../src-shared/schema/note';

/** One line of a `--notes-file`: `{id,title,body,tags,updatedAt,deleted}`. */
const lineSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()).optional(),
  updatedAt: z.union([z.number(), z.string()]),
  deleted: z.boolean().optional(),
});

export async function readNotesFile(file: string): Promise<Note[]> {
  const notes: Note[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = lineSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(`${file}:${lineNumber}: ${parsed.error.issues[0]?.message ?? 'invalid line'}`);
    const row = parsed.data;
    // Deleted rows are tombstones of another app; a fresh vault has nothing to delete.
    if (row.deleted) continue;
    const updatedAt = typeof row.updatedAt === 'number' ? row.updatedAt : Date.parse(row.updatedAt);
    notes.push({
      id: row.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64),
      title: row.title.slice(0, 300) || 'Untitled',
      body: row.body,
      tags: row.tags ?? extractTags(row.body),
      folder: '',
      createdAt: updatedAt,
      updatedAt,
      trashedAt: 0,
      needsReview: false,
    });
  }
  return notes;
}
