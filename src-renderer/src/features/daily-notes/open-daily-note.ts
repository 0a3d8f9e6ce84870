import type { NoteVersion, QuireApi } from '../../api/quire-api';

/**
 * Today's note (or the day's, `YYYY-MM-DD`), made from the template when it does not exist yet.
 * The host decides "today" from its clock and finds the note by its place, so pressing the
 * shortcut twice, or in two windows, opens the same note.
 */
export async function openDailyNote(
  api: QuireApi,
  date?: string,
): Promise<{ note: NoteVersion; created: boolean }> {
  return api.dailyNotes.open.mutate(date === undefined ? {} : { date });
}
