import type { LinkSuggestion, RecentNote } from '../../api/quire-api';

export interface SwitcherRow {
  id: string;
  title: string;
  folder: string;
  /** The alias the query matched, shown as "alias → Title". */
  alias?: string;
  /** Matched ranges over what is shown: the alias, else `folder/title` (or the title alone). */
  ranges: [number, number][];
  recent: boolean;
}

export const SWITCHER_LIMIT = 50;

/** The note's path as the switcher shows it: its folder, a slash, its title. */
export const notePath = (folder: string, title: string): string => (folder ? `${folder}/${title}` : title);

/** How good the host's match was, read from its ranges: exact, prefix, one run, scattered. */
function tier(suggestion: LinkSuggestion): number {
  const name =
    suggestion.matched === 'alias'
      ? (suggestion.alias ?? '')
      : suggestion.matched === 'path'
        ? notePath(suggestion.folder, suggestion.title)
        : suggestion.title;
  const [first, ...rest] = suggestion.ranges;
  if (!first) return 3;
  if (rest.length === 0 && first[0] === 0 && first[1] === name.length) return 0;
  if (rest.length === 0 && first[0] === 0) return 1;
  return rest.length === 0 ? 2 : 3;
}

function toRow(suggestion: LinkSuggestion, recent: boolean): SwitcherRow {
  const { id, title, folder, alias, matched, ranges } = suggestion;
  // Title ranges move past the folder shown before the title; path ranges already cover it.
  const shift = matched === 'title' && folder ? folder.length + 1 : 0;
  return {
    id,
    title,
    folder,
    ...(matched === 'alias' && alias !== undefined ? { alias } : {}),
    ranges: ranges.map(([from, to]) => [from + shift, to + shift]),
    recent,
  };
}

/**
 * The switcher's rows. No query: the notes opened lately, newest first, then the host's own
 * (recently edited) ones. A query: the host's ranking, where a recently opened note goes ahead of
 * the others that match as well as it does (same tier: exact, prefix, one run, scattered).
 */
export function switcherRows(
  query: string,
  suggestions: readonly LinkSuggestion[],
  recent: readonly RecentNote[],
): SwitcherRow[] {
  const recency = new Map(recent.map((note, index) => [note.id, index]));
  if (query.trim() === '') {
    const rows: SwitcherRow[] = recent.map(({ id, title, folder }) => ({
      id,
      title,
      folder,
      ranges: [],
      recent: true,
    }));
    for (const suggestion of suggestions)
      if (!recency.has(suggestion.id)) rows.push(toRow({ ...suggestion, ranges: [] }, false));
    return rows.slice(0, SWITCHER_LIMIT);
  }
  return suggestions
    .map((suggestion, order) => ({
      suggestion,
      order,
      tier: tier(suggestion),
      seen: recency.get(suggestion.id),
    }))
    .sort((a, b) => a.tier - b.tier || (a.seen ?? Infinity) - (b.seen ?? Infinity) || a.order - b.order)
    .map(({ suggestion, seen }) => toRow(suggestion, seen !== undefined))
    .slice(0, SWITCHER_LIMIT);
}

/** What Shift+Enter creates from the query: `folder/Title` makes Title in that folder. */
export function newNotePlace(query: string): { title: string; folder: string } | null {
  const parts = query
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const title = parts.pop();
  if (title === undefined) return null;
  return { title, folder: parts.join('/') };
}
