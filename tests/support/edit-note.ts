import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';

interface Patch {
  id: string;
  title?: string;
  body?: string;
  folder?: string;
}

interface NotesLike {
  get(id: string): Promise<NoteVersion>;
  update(input: Patch & { base: NoteVersion }): Promise<NoteWriteResult>;
}

/**
 * An edit made by someone who reads the note and writes at once (a script, a test), so its base
 * (editing rule E1) is the note as stored right now.
 */
export async function editNote(notes: NotesLike, patch: Patch): Promise<NoteVersion> {
  const base = await notes.get(patch.id);
  return (await notes.update({ ...patch, base })).note;
}

interface ApiLike {
  notes: {
    get: { query(input: { id: string }): Promise<NoteVersion> };
    update: { mutate(input: Patch & { base: NoteVersion }): Promise<NoteWriteResult> };
  };
}

/** The same through the router, as a client of the host would. */
export async function editNoteViaApi(api: ApiLike, patch: Patch): Promise<NoteVersion> {
  const base = await api.notes.get.query({ id: patch.id });
  return (await api.notes.update.mutate({ ...patch, base })).note;
}
