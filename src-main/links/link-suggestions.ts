import type { LinkMatchField, LinkSuggestion } from '../../src-shared/api/links-api';
import { titleKey } from '../../src-shared/note-title';
import type { CatalogEntry, CatalogView } from './link-catalog';
import { matchName, normalizeName, normalizeQuery, type NameMatch } from './link-ranking';

// A name matched through an alias or the folder ranks a little below the same match on the title.
const FIELD_PENALTY: Record<LinkMatchField, number> = { title: 0, alias: 5, path: 15 };
/** The most a note gains for being the most recently edited among the matches. */
const RECENCY_BONUS = 30;

const NO_MATCH: NameMatch = { score: 0, ranges: [] };

interface Candidate {
  entry: CatalogEntry;
  field: LinkMatchField;
  alias?: string;
  match: NameMatch;
  score: number;
}

function bestMatch(entry: CatalogEntry, query: string, withPath: boolean): Candidate | null {
  let best: Candidate | null = null;
  const consider = (field: LinkMatchField, name: string, alias?: string): void => {
    const match = matchName(name, query);
    if (!match) return;
    // Shorter names are better at equal quality: "Rust" over "Rust borrow checker notes".
    const score = match.score - FIELD_PENALTY[field] - Math.min(name.length, 100) * 0.2;
    if (best && best.score >= score) return;
    best = alias === undefined ? { entry, field, match, score } : { entry, field, alias, match, score };
  };
  consider('title', entry.titleName);
  for (const alias of entry.aliases) consider('alias', alias.name, alias.text);
  if (withPath && entry.folder !== '') consider('path', entry.pathName);
  return best;
}

function targetOf(entry: CatalogEntry, catalog: CatalogView): string {
  if (entry.folder !== '' && catalog.titleCount(entry.title) > 1) return `${entry.folder}/${entry.title}`;
  return entry.title;
}

function toSuggestion(candidate: Candidate, catalog: CatalogView): LinkSuggestion {
  const { entry } = candidate;
  const suggestion: LinkSuggestion = {
    id: entry.id,
    title: entry.title,
    folder: entry.folder,
    target: targetOf(entry, catalog),
    matched: candidate.field,
    ranges: candidate.match.ranges,
  };
  if (candidate.alias !== undefined) suggestion.alias = candidate.alias;
  return suggestion;
}

/** Notes whose title, alias or `folder/title` matches `query`, best first; recent notes when empty. */
export function suggestLinks(view: CatalogView, query: string, limit: number): LinkSuggestion[] {
  const typed = normalizeQuery(query);
  const withPath = typed.includes('/');
  const candidates: Candidate[] = [];
  let oldest = Infinity;
  let newest = -Infinity;
  for (const entry of view.entries.values()) {
    // Nothing typed yet: every note, the most recently edited first.
    const candidate =
      typed === ''
        ? { entry, field: 'title' as const, match: NO_MATCH, score: 0 }
        : bestMatch(entry, typed, withPath);
    if (!candidate) continue;
    candidates.push(candidate);
    oldest = Math.min(oldest, entry.updatedAt);
    newest = Math.max(newest, entry.updatedAt);
  }
  const span = newest - oldest;
  // The best `limit` only: a short query matches most of a 10,000-note vault, and sorting all
  // of those on every keystroke would cost more than matching them.
  const best: Candidate[] = [];
  for (const candidate of candidates) {
    if (span > 0) candidate.score += (RECENCY_BONUS * (candidate.entry.updatedAt - oldest)) / span;
    if (best.length === limit && compareCandidates(candidate, best[limit - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && compareCandidates(candidate, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, candidate);
    if (best.length > limit) best.pop();
  }
  return best.map((candidate) => toSuggestion(candidate, view));
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

/** The live note a link target names: `folder/Title` by path, else by title (newest wins). */
export function resolveLink(view: CatalogView, target: string): { id: string } | null {
  const wanted = target.trim().replace(/\.md$/i, '');
  if (wanted === '') return null;
  let found: CatalogEntry | null = null;
  const better = (entry: CatalogEntry): boolean => !found || entry.updatedAt > found.updatedAt;
  if (wanted.includes('/')) {
    const path = normalizeName(wanted.replace(/^\/+/, ''));
    for (const entry of view.entries.values()) {
      if (entry.pathName === path && better(entry)) found = entry;
    }
    if (found) return { id: found.id };
  }
  // The preview's rule (notes.resolveTitles): trimmed, case-insensitive, the newest note wins.
  const key = titleKey(wanted);
  for (const entry of view.entries.values()) {
    if (titleKey(entry.title) === key && better(entry)) found = entry;
  }
  return found ? { id: found.id } : null;
}
