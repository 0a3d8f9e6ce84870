import dayjs, { type Dayjs } from 'dayjs';
import advancedFormat from 'dayjs/plugin/advancedFormat.js';
import weekOfYear from 'dayjs/plugin/weekOfYear.js';
import isoWeek from 'dayjs/plugin/isoWeek.js';
import weekYear from 'dayjs/plugin/weekYear.js';

/**
 * Daily notes are found by where they are: the format (moment-style tokens, as Obsidian's) turns a
 * day into a path under the daily-notes folder, `/` nesting folders (`YYYY/MM/YYYY-MM-DD` →
 * `Daily/2026/12`, title `2026-12-03`), and the same format reads a note's path back into its day.
 * A format is accepted only when both directions agree for every day (`dailyFormatProblem`).
 */

// Ordinals (Do), quarters and weeks are common in daily-note formats; dayjs needs plugins for them.
dayjs.extend(advancedFormat);
dayjs.extend(weekOfYear);
dayjs.extend(isoWeek);
dayjs.extend(weekYear);

/** A calendar day as the API passes it. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const DAILY_FORMAT_MAX = 100;
export const DEFAULT_DAILY_FORMAT = 'YYYY-MM-DD';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
// Characters a file name may not hold on some system (Windows) or that would break a [[link]].
const FORBIDDEN = /[\\:*?"<>|#^[\]\u0000-\u001f]/;

export interface DailyNotePlace {
  /** The note's folder ('' = vault root). */
  folder: string;
  title: string;
}

/** '' for the root; segments trimmed, empty and '.' segments dropped (as notes' folders are). */
export function normalizeDailyFolder(folder: string): string {
  return folder
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part !== '.')
    .join('/');
}

/** The local calendar day of an instant, as `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return dayjs(ms).format('YYYY-MM-DD');
}

/** `YYYY-MM-DD` → that day at local midnight, or null for a day the calendar lacks (02-30). */
export function parseDay(day: string): Dayjs | null {
  if (!DAY_PATTERN.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const value = dayjs(new Date(y, m - 1, d));
  // Years below 100 would be read as 19xx by Date; a round trip catches that and 02-30 alike.
  return value.isValid() && value.format('YYYY-MM-DD') === day ? value : null;
}

/** Where the note of `day` lives. The format must have passed `dailyFormatProblem`. */
export function dailyNotePlace(settings: { format: string; folder: string }, day: Dayjs): DailyNotePlace {
  const parts = day.format(settings.format).split('/');
  const title = parts.pop() ?? '';
  const folder = normalizeDailyFolder([settings.folder, ...parts].join('/'));
  return { folder, title };
}

interface Piece {
  source: string;
  /** Which part of the date the captured text is. */
  sets?: 'year' | 'year2' | 'month' | 'monthName' | 'monthShort' | 'day';
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The format as a regular expression: date parts captured, names and weeks only matched. */
function piecesOf(format: string): Piece[] {
  const tokens = /\[([^\]]*)]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|dd|d|ww|w|WW|W|gggg|GGGG|Q|./g;
  const pieces: Piece[] = [];
  for (const match of format.matchAll(tokens)) {
    const token = match[0];
    if (match[1] !== undefined) pieces.push({ source: escape(match[1]) });
    else if (token === 'YYYY') pieces.push({ source: '(\\d{4})', sets: 'year' });
    else if (token === 'YY') pieces.push({ source: '(\\d{2})', sets: 'year2' });
    else if (token === 'MMMM') pieces.push({ source: `(${MONTHS.join('|')})`, sets: 'monthName' });
    else if (token === 'MMM')
      pieces.push({ source: `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`, sets: 'monthShort' });
    else if (token === 'MM') pieces.push({ source: '(\\d{2})', sets: 'month' });
    else if (token === 'M') pieces.push({ source: '(\\d{1,2})', sets: 'month' });
    else if (token === 'DD') pieces.push({ source: '(\\d{2})', sets: 'day' });
    else if (token === 'D') pieces.push({ source: '(\\d{1,2})', sets: 'day' });
    else if (token === 'Do') pieces.push({ source: '(\\d{1,2})(?:st|nd|rd|th)', sets: 'day' });
    else if (/^[dwWgGQ]/.test(token)) pieces.push({ source: '[^/]*?' });
    else pieces.push({ source: escape(token) });
  }
  return pieces;
}

// The last format compiled: checks and list scans read many paths with one format.
let last: { format: string; pieces: Piece[]; pattern: RegExp } | null = null;
function compiled(format: string): { pieces: Piece[]; pattern: RegExp } {
  if (last?.format !== format) {
    const pieces = piecesOf(format);
    last = { format, pieces, pattern: new RegExp(`^${pieces.map((p) => p.source).join('')}$`) };
  }
  return last;
}

/** Reads a path written with `format` back into its day; null when it is not one. */
export function parseDailyPath(format: string, path: string): Dayjs | null {
  const { pieces, pattern } = compiled(format);
  const match = pattern.exec(path);
  if (!match) return null;
  let year: number | null = null;
  let month: number | null = null;
  let date: number | null = null;
  let group = 1;
  for (const piece of pieces) {
    if (!piece.sets) continue;
    const text = match[group++] ?? '';
    const value = Number(text);
    if (piece.sets === 'year') year = value;
    else if (piece.sets === 'year2') year = 2000 + value;
    else if (piece.sets === 'month') month = value;
    else if (piece.sets === 'monthName') month = MONTHS.indexOf(text) + 1;
    else if (piece.sets === 'monthShort') month = MONTHS.findIndex((m) => m.startsWith(text)) + 1;
    else date = value;
  }
  if (year === null || month === null || date === null) return null;
  const day = parseDay(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`,
  );
  // The weekday, week or quarter the format also shows must be that day's.
  return day && day.format(format) === path ? day : null;
}

/** The day of a note in the daily-notes folder written with the format, or null. */
export function dailyNoteDay(
  settings: { format: string; folder: string },
  note: { folder: string; title: string },
): Dayjs | null {
  const base = normalizeDailyFolder(settings.folder);
  let inside: string;
  if (note.folder === base) inside = '';
  else if (base === '') inside = note.folder;
  else if (note.folder.startsWith(`${base}/`)) inside = note.folder.slice(base.length + 1);
  else return null;
  return parseDailyPath(settings.format, inside === '' ? note.title : `${inside}/${note.title}`);
}

/**
 * Why `format` cannot name daily notes, in words for the settings form, or null when it can: every
 * day of two sample years (one a leap year) must give a distinct, valid path that reads back as
 * that day, so opening, finding and stepping through daily notes all agree.
 */
export function dailyFormatProblem(format: string, sample?: Dayjs): string | null {
  if (format.trim() === '') return 'Enter a date format, such as YYYY-MM-DD.';
  if (format.length > DAILY_FORMAT_MAX)
    return `A date format can be at most ${DAILY_FORMAT_MAX} characters long.`;
  const start = dayjs(new Date(2024, 0, 1));
  const end = dayjs(new Date(2026, 0, 1));
  // The sample (today, in the settings form) first, so the words show the day the user knows.
  const days = function* (): Generator<Dayjs> {
    if (sample) yield sample.startOf('day');
    for (let day = start; day.isBefore(end); day = day.add(1, 'day')) yield day;
  };
  for (const day of days()) {
    const text = day.format(format);
    const segments = text.split('/');
    for (const segment of segments) {
      if (segment.trim() === '' || segment === '.' || segment === '..')
        return `“${text}” has an empty folder or title: remove the extra “/”.`;
      if (segment !== segment.trim()) return `“${text}” has a space at the start or end of a name.`;
      const bad = FORBIDDEN.exec(segment);
      if (bad) return `“${text}” contains “${bad[0]}”, which a note title cannot hold.`;
    }
    if ((segments.at(-1) ?? '').length > 200) return 'The titles this format gives are too long.';
    const back = parseDailyPath(format, text);
    if (!back || !back.isSame(day, 'day'))
      return `“${text}” does not tell the day: include the year (YYYY), month (MM) and day (DD).`;
  }
  return null;
}
