import type { NotesService } from '../../notes/notes-service';
import type { NoteVersion } from '../../../src-shared/api/notes-api';
import { noteIdSchema, type NoteSummary } from '../../../src-shared/schema/note';
import { LIST_PAGE_MAX } from '../../../src-shared/api/notes-api';
import { CliError } from './context';

export const notePath = (note: { folder: string; title: string }): string =>
  note.folder === '' ? note.title : `${note.folder}/${note.title}`;

export async function allNotes(
  notes: NotesService,
  view: 'notes' | 'trash',
  folder?: string,
): Promise<NoteSummary[]> {
  const items: NoteSummary[] = [];
  for (let offset = 0; ; offset += LIST_PAGE_MAX) {
    const page = await notes.list({ view, folder, offset, limit: LIST_PAGE_MAX });
    items.push(...page.items);
    if (page.items.length < LIST_PAGE_MAX || items.length >= page.total) return items;
  }
}

/**
 * NOTE as a person types it: an id, a path (`folder/Title` or `folder/Title.md`) or a title.
 * A title that names several notes is refused with the candidates, never guessed.
 */
export async function resolveNote(notes: NotesService, given: string): Promise<NoteVersion> {
  if (noteIdSchema.safeParse(given).success) {
    const byId = await notes.get(given).catch(() => null);
    if (byId) return byId;
  }
  const live = await allNotes(notes, 'notes');
  const slash = given.lastIndexOf('/');
  const folder = slash < 0 ? '' : given.slice(0, slash);
  const name = slash < 0 ? given : given.slice(slash + 1);
  const title = name.replace(/\.md$/i, '');
  let found: NoteSummary[] = [];
  if (slash >= 0 || /\.md$/i.test(given)) {
    found = live.filter((note) => note.folder === folder && (note.title === title || note.title === name));
  }
  if (found.length === 0) found = live.filter((note) => note.title === given);
  if (found.length === 0) found = live.filter((note) => note.title.toLowerCase() === given.toLowerCase());
  if (found.length === 0)
    throw new CliError(
      `No note is called "${given}" (give its id, its path or its title).`,
      1,
      'NOTE_NOT_FOUND',
    );
  if (found.length > 1) {
    const candidates = found.map((note) => `  ${note.id}  ${notePath(note)}`).join('\n');
    throw new CliError(
      `"${given}" names ${found.length} notes; give the id or the path of one:\n${candidates}`,
      1,
      'AMBIGUOUS_NOTE',
    );
  }
  return notes.get(found[0]!.id);
}
