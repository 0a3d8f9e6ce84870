/** Daily notes: today's note, the day bar with previous / next, and their settings. */
export { DailyNoteNav } from './DailyNoteNav';
export { DailyNoteSettingsRows } from './DailyNoteSettingsRows';
export { openDailyNote } from './open-daily-note';
