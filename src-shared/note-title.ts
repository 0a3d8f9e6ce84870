/**
 * The two things done to a note title, each defined once for every runtime (main, renderer).
 * They are different jobs: one says what title a note is stored with, the other how a typed
 * title (a wikilink's target) finds a note.
 */

/** The title of a note whose title is empty. */
export const UNTITLED = 'Untitled';

/** The title a note is stored with: trimmed, and "Untitled" when nothing is left. */
export function titleOrUntitled(title: string | undefined): string {
  const trimmed = title?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : UNTITLED;
}

/**
 * The key wikilinks match titles by, the way people type them (and Obsidian matches file
 * names): surrounding spaces and case do not matter. Locale-independent, so every process
 * computes the same key for the same title.
 */
export function titleKey(title: string): string {
  return title.trim().toLowerCase();
}
