import { vi } from 'vitest';
import type { Note } from '../../../src-renderer/src/api/quire-api';
import type {
  BacklinksInput,
  BrokenInput,
  GraphInput,
  LinkIndexApi,
  LinkMentionInput,
  UnlinkedInput,
} from '../../../src-shared/api/link-index-api';
import { createLinkModel } from '../../../src-main/link-index/link-model';
import { buildGraph } from '../../../src-main/link-index/link-graph';
import { indexNote } from '../../../src-main/link-index/note-links';
import { findUnlinkedMentions, lineStart } from '../../../src-main/link-index/unlinked-mentions';
import { createLinkResolver } from '../../../src-shared/markdown/links/link-resolution';

/**
 * `linkIndex.*` over the fake host's notes, answered by the host's own model, resolver and mention
 * finder (rebuilt per call: the fake's notes change under it). Writes go through `update`.
 */
export function createFakeLinkIndex(deps: {
  notes: Map<string, Note>;
  /** The fake host's write path with a base, as `linkMention` uses the notes service. */
  write: (id: string, body: string) => void;
  refuse: (reason: 'NOTE_NOT_FOUND' | 'MENTION_CHANGED') => Error;
}) {
  const build = () => {
    const indexed = [...deps.notes.values()].filter((note) => note.trashedAt === 0).map(indexNote);
    const model = createLinkModel(createLinkResolver());
    model.apply({ upserts: indexed.map((entry) => entry.note), removals: [] });
    const snippets = new Map(indexed.map((entry) => [entry.note.id, entry.snippets]));
    return { model, snippets };
  };
  const settle = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const backlinks = vi.fn(({ id, limit = 100 }: BacklinksInput) =>
    settle(() => {
      const { model, snippets } = build();
      const sources = model.firstSources(id, limit);
      return {
        total: sources.total,
        groups: sources.ids.map((sourceId) => {
          const source = model.get(sourceId)!;
          const mentions = model
            .resolutions(sourceId)
            .flatMap((target, i) =>
              target === id ? [{ line: source.links[i]!.line, ...snippets.get(sourceId)![i]! }] : [],
            );
          return { id: sourceId, title: source.title, folder: source.folder, mentions };
        }),
      };
    }),
  );
  const namesOf = (id: string): string[] | null => {
    const note = build().model.get(id);
    return note ? [note.title, ...note.aliases] : null;
  };
  const unlinked = vi.fn(({ id, limit = 100 }: UnlinkedInput) =>
    settle(() => {
      const names = namesOf(id);
      if (!names) return { total: 0, groups: [] };
      const groups = [...deps.notes.values()]
        .filter((note) => note.id !== id && note.trashedAt === 0)
        .map((note) => ({
          id: note.id,
          title: note.title,
          folder: note.folder,
          mentions: findUnlinkedMentions(note.body, names, 50),
        }))
        .filter((group) => group.mentions.length > 0)
        .sort((a, b) => a.title.localeCompare(b.title));
      return { total: groups.length, groups: groups.slice(0, limit) };
    }),
  );
  const linkMention = vi.fn(({ sourceId, line, from, to, targetId }: LinkMentionInput) =>
    settle(() => {
      const names = namesOf(targetId);
      const source = deps.notes.get(sourceId);
      if (!names || !source || source.trashedAt > 0) throw deps.refuse('NOTE_NOT_FOUND');
      const mention = findUnlinkedMentions(source.body, names, Number.MAX_SAFE_INTEGER).find(
        (m) => m.line === line && m.lineFrom === from && m.lineTo === to,
      );
      if (!mention) throw deps.refuse('MENTION_CHANGED');
      const title = names[0]!;
      const link = mention.matched === title ? `[[${title}]]` : `[[${title}|${mention.matched}]]`;
      const start = lineStart(source.body, line);
      deps.write(sourceId, source.body.slice(0, start + from) + link + source.body.slice(start + to));
      return { link };
    }),
  );
  const outgoing = vi.fn(({ id }: { id: string }) =>
    settle(() => {
      const { model } = build();
      const note = model.get(id);
      if (!note) return [];
      return note.links.map((link, i) => {
        const target = model.resolutions(id)[i];
        const resolved = target ? model.get(target) : undefined;
        return {
          ...link,
          resolved: resolved ? { id: resolved.id, title: resolved.title, folder: resolved.folder } : null,
        };
      });
    }),
  );
  const broken = vi.fn(({ limit = 200, cursor = 0 }: BrokenInput) =>
    settle(() => {
      const { model, snippets } = build();
      const all = model.brokenLinks();
      const items = all.slice(cursor, cursor + limit).map(({ sourceId, index }) => {
        const source = model.get(sourceId)!;
        const link = source.links[index]!;
        const text = snippets.get(sourceId)![index]!.text;
        return {
          sourceId,
          title: source.title,
          folder: source.folder,
          target: link.target,
          line: link.line,
          text,
        };
      });
      const end = cursor + items.length;
      return { total: all.length, items, nextCursor: end < all.length ? end : null };
    }),
  );
  const graph = vi.fn((input: GraphInput) => settle(() => buildGraph(build().model, input)));

  const api: LinkIndexApi = {
    backlinks: { query: backlinks },
    unlinked: { query: unlinked },
    linkMention: { mutate: linkMention },
    outgoing: { query: outgoing },
    broken: { query: broken },
    graph: { query: graph },
  };
  return { api, backlinks, unlinked, linkMention, outgoing, broken, graph };
}

export type FakeLinkIndex = ReturnType<typeof createFakeLinkIndex>;
