import type { LinkMatchField, LinkSuggestion } from '../../src-shared/api/links-api';
import type { LinkKind } from '../../src-shared/markdown/links/link-syntax';
import { buildNameIndex, type CatalogEntry, type CatalogView } from './link-catalog';
import { NO_SCORE, normalizeQuery, prepareQuery, rankName, type PreparedQuery } from './link-ranking';

// A name matched through an alias or the folder ranks a little below the same match on the title.
const FIELD_PENALTY: Record<LinkMatchField, number> = { title: 0, alias: 5, path: 15 };
/** The most a note gains for being the most recently edited among the matches. */
const RECENCY_BONUS = 30;

// Module-local copies for the per-note loop: a transpiled import is a property read on the
// other module's namespace (a getter under tsx / CommonJS) at every use, which showed in profiles.
const NONE = NO_SCORE;
const rank = rankName;

/** Which name of an entry matched: its title, the path, or alias number `field` (0 and up). */
const TITLE = -1;
const PATH = -2;

/** A note at or above the `limit`-th best score; only these are ever made into objects. */
interface Candidate {
  entry: CatalogEntry;
  field: number;
  score: number;
}

// Shorter names are better at equal quality: "Rust" over "Rust borrow checker notes".
const fieldScore = (match: number, field: LinkMatchField, name: string): number =>
  match - FIELD_PENALTY[field] - Math.min(name.length, 100) * 0.2;

function nameOf(entry: CatalogEntry, field: number): string {
  if (field === TITLE) return entry.titleName;
  if (field === PATH) return entry.pathName;
  return entry.aliases[field]!.name;
}

function targetOf(entry: CatalogEntry, catalog: CatalogView): string {
  if (entry.folder !== '' && catalog.titleCount(entry.title) > 1) return `${entry.folder}/${entry.title}`;
  return entry.title;
}

function toSuggestion(
  candidate: Candidate,
  query: PreparedQuery | null,
  catalog: CatalogView,
): LinkSuggestion {
  const { entry, field } = candidate;
  // Ranges only for the few shown, by the same code that scored them.
  const ranges: [number, number][] = [];
  if (query) rankName(nameOf(entry, field), query, ranges);
  const suggestion: LinkSuggestion = {
    id: entry.id,
    title: entry.title,
    folder: entry.folder,
    target: targetOf(entry, catalog),
    matched: field === TITLE ? 'title' : field === PATH ? 'path' : 'alias',
    ranges,
  };
  if (field >= 0) suggestion.alias = entry.aliases[field]!.text;
  return suggestion;
}

/**
 * Notes whose title, alias or `folder/title` matches `query`, best first; recent notes when empty.
 * It runs per keystroke of the quick switcher over every note, so the pass over the catalog makes
 * no object per note: a name whose character mask lacks one of the query's is skipped unranked,
 * the rest are scored without ranges into flat arrays, and only the best `limit` become objects.
 */
export function suggestLinks(view: CatalogView, query: string, limit: number): LinkSuggestion[] {
  const typed = normalizeQuery(query);
  const prepared = typed === '' ? null : prepareQuery(typed);
  const withPath = typed.includes('/');
  const matched: CatalogEntry[] = [];
  const fields: number[] = [];
  const scores: number[] = [];
  let oldest = Infinity;
  let newest = -Infinity;
  // Every tier needs each of the query's characters in the name: `charMask` rejects most notes
  // before any ranking (`mayMatch`, inlined), on the packed masks without reading the entry.
  const mask = prepared ? prepared.mask : 0;
  const index = view.names?.() ?? buildNameIndex(view.entries);
  const { entries, nameMasks, pathMasks } = index;
  for (let n = 0; n < entries.length; n += 1) {
    if (prepared && ((withPath ? nameMasks[n]! | pathMasks[n]! : nameMasks[n]!) & mask) !== mask) continue;
    const entry = entries[n]!;
    // Nothing typed yet: every note, the most recently edited first.
    let field = TITLE;
    let score = 0;
    if (prepared) {
      // The best of the entry's names; on a tie the earlier one (title, aliases, path) stays.
      score = NONE;
      if ((entry.titleMask & mask) === mask) {
        const match = rank(entry.titleName, prepared, null);
        if (match !== NONE) score = fieldScore(match, 'title', entry.titleName);
      }
      const aliases = entry.aliases;
      for (let i = 0; i < aliases.length; i += 1) {
        const alias = aliases[i]!;
        if ((alias.mask & mask) !== mask) continue;
        const match = rank(alias.name, prepared, null);
        if (match === NONE) continue;
        const candidate = fieldScore(match, 'alias', alias.name);
        if (candidate > score) {
          score = candidate;
          field = i;
        }
      }
      if (withPath && entry.folder !== '' && (entry.pathMask & mask) === mask) {
        const match = rank(entry.pathName, prepared, null);
        if (match !== NONE) {
          const candidate = fieldScore(match, 'path', entry.pathName);
          if (candidate > score) {
            score = candidate;
            field = PATH;
          }
        }
      }
      if (score === NONE) continue;
    }
    matched.push(entry);
    fields.push(field);
    scores.push(score);
    if (entry.updatedAt < oldest) oldest = entry.updatedAt;
    if (entry.updatedAt > newest) newest = entry.updatedAt;
  }
  const span = newest - oldest;
  const final = new Float64Array(matched.length);
  for (let i = 0; i < matched.length; i += 1) {
    final[i] = span > 0 ? scores[i]! + (RECENCY_BONUS * (matched[i]!.updatedAt - oldest)) / span : scores[i]!;
  }
  // The best `limit` only: a short query matches thousands of notes, and sorting all of those on
  // every keystroke would cost more than matching them. Score decides first, so every one of the
  // best is at least the `limit`-th highest score: select that score in linear time, then sort
  // just the notes at or above it (ties included) by the full order.
  const threshold = matched.length > limit ? nthHighest(final.slice(), limit - 1) : -Infinity;
  const best: Candidate[] = [];
  for (let i = 0; i < matched.length; i += 1) {
    if (final[i]! >= threshold) best.push({ entry: matched[i]!, field: fields[i]!, score: final[i]! });
  }
  best.sort(compareCandidates);
  best.length = Math.min(best.length, limit);
  return best.map((candidate) => toSuggestion(candidate, prepared, view));
}

/** The `nth` (0-based) highest value of `values`, which it reorders (quickselect). */
function nthHighest(values: Float64Array, nth: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! > pivot) i += 1;
      while (values[j]! < pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (nth <= j) high = j;
    else if (nth >= i) low = i;
    else return values[nth]!;
  }
  return values[nth]!;
}

/** Better first: score, then the more recent, then by title and id so the order is stable. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    b.entry.updatedAt - a.entry.updatedAt ||
    (a.entry.title < b.entry.title ? -1 : a.entry.title > b.entry.title ? 1 : 0) ||
    (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0)
  );
}

/** The live note a link target names from a note in `sourceFolder`, by Obsidian's rules. */
export function resolveLink(
  view: CatalogView,
  target: string,
  sourceFolder = '',
  kind: LinkKind = 'wikilink',
): { id: string } | null {
  const id = view.resolver.resolve(target, sourceFolder, kind);
  return id === null ? null : { id };
}
