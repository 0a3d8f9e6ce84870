import { vi } from 'vitest';
import type { LinkSuggestion, Note, NoteHeading, QuireApi } from '../../../src-renderer/src/api/quire-api';
import { toEntry, type CatalogEntry, type CatalogView } from '../../../src-main/links/link-catalog';
import { resolveLink, suggestLinks } from '../../../src-main/links/link-suggestions';
import { extractHeadings } from '../../../src-shared/markdown/headings';
import { titleKey } from '../../../src-shared/note-title';

/** `links.*` over the fake host's notes, ranked and resolved by the host's own pure functions. */
export function createFakeLinks(deps: {
  notes: Map<string, Note>;
  refuse: (reason: 'NOTE_NOT_FOUND') => Error;
}) {
  const view = (): CatalogView => {
    const entries = new Map<string, CatalogEntry>();
    const counts = new Map<string, number>();
    for (const note of deps.notes.values()) {
      if (note.trashedAt > 0) continue;
      entries.set(note.id, toEntry(note));
      counts.set(titleKey(note.title), (counts.get(titleKey(note.title)) ?? 0) + 1);
    }
    return { entries, titleCount: (title) => counts.get(titleKey(title)) ?? 0 };
  };
  const suggest = vi.fn(({ query, limit = 20 }: { query: string; limit?: number }) =>
    Promise.resolve<LinkSuggestion[]>(suggestLinks(view(), query, limit)),
  );
  const resolve = vi.fn(({ target }: { target: string }) => Promise.resolve(resolveLink(view(), target)));
  const headings = vi.fn(({ id }: { id: string }) => {
    const note = deps.notes.get(id);
    if (!note || note.trashedAt > 0) return Promise.reject(deps.refuse('NOTE_NOT_FOUND'));
    return Promise.resolve<NoteHeading[]>(
      extractHeadings(note.body).map(({ level, text }) => ({ level, text })),
    );
  });
  const api: QuireApi['links'] = {
    suggest: { query: suggest },
    resolve: { query: resolve },
    headings: { query: headings },
  };
  return { api, suggest, resolve, headings };
}

export type FakeLinks = ReturnType<typeof createFakeLinks>;
