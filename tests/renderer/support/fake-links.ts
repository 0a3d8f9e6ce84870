import { vi } from 'vitest';
import type { LinkSuggestion, Note, NoteHeading, QuireApi } from '../../../src-renderer/src/api/quire-api';
import {
  linkableOf,
  toEntry,
  type CatalogEntry,
  type CatalogView,
} from '../../../src-main/links/link-catalog';
import { rankBlocks } from '../../../src-shared/markdown/links/block-ranking';
import { resolveEmbeds, type EmbedNote } from '../../../src-main/links/link-embeds';
import { createLinkResolver } from '../../../src-shared/markdown/links/link-resolution';
import type { LinkKind } from '../../../src-shared/markdown/links/link-syntax';
import type { LinkEmbedTarget, NoteBlock } from '../../../src-shared/api/links-api';
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
    const resolver = createLinkResolver([...entries.values()].map(linkableOf));
    return { entries, titleCount: (title) => counts.get(titleKey(title)) ?? 0, resolver };
  };
  const suggest = vi.fn(({ query, limit = 20 }: { query: string; limit?: number }) =>
    Promise.resolve<LinkSuggestion[]>(suggestLinks(view(), query, limit)),
  );
  const resolve = vi.fn(
    ({
      target,
      sourceFolder = '',
      kind = 'wikilink',
    }: {
      target: string;
      sourceFolder?: string;
      kind?: LinkKind;
    }) => Promise.resolve(resolveLink(view(), target, sourceFolder, kind)),
  );
  const resolveMany = vi.fn(
    ({ sourceFolder, targets }: { sourceFolder: string; targets: { target: string; kind?: LinkKind }[] }) => {
      const { resolver } = view();
      return Promise.resolve(targets.map(({ target, kind }) => resolver.resolve(target, sourceFolder, kind)));
    },
  );
  const embeds = vi.fn(
    (input: {
      sourceId?: string;
      sourceFolder: string;
      targets: { target: string; heading?: string | null; blockId?: string | null }[];
    }) => {
      const load = (ids: readonly string[]) =>
        Promise.resolve(
          new Map(
            ids.flatMap((id): [string, EmbedNote][] => {
              const note = deps.notes.get(id);
              return note && note.trashedAt === 0 ? [[id, note]] : [];
            }),
          ),
        );
      const targets: LinkEmbedTarget[] = input.targets.map((t) => ({
        target: t.target,
        heading: t.heading ?? null,
        blockId: t.blockId ?? null,
      }));
      return resolveEmbeds({ resolver: view().resolver, load }, { ...input, targets });
    },
  );
  const blocks = vi.fn(({ id, query = '', limit = 50 }: { id: string; query?: string; limit?: number }) => {
    const note = deps.notes.get(id);
    if (!note || note.trashedAt > 0) return Promise.reject(deps.refuse('NOTE_NOT_FOUND'));
    return Promise.resolve<NoteBlock[]>(rankBlocks(note.body, query, limit));
  });
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
    resolveMany: { query: resolveMany },
    embeds: { query: embeds },
    blocks: { query: blocks },
  };
  return { api, suggest, resolve, headings, resolveMany, embeds, blocks };
}

export type FakeLinks = ReturnType<typeof createFakeLinks>;
