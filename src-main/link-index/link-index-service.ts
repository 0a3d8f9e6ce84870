import type { RxCollection } from 'rxdb';
import type { Note } from '../../src-shared/schema/note';
import {
  LINK_INDEX_LIMITS,
  type BacklinksOutput,
  type BrokenOutput,
  type GraphInput,
  type GraphOutput,
  type LinkMentionInput,
  type LinkMentionOutput,
  type MentionGroup,
  type OutgoingLink,
  type UnlinkedMention,
  type UnlinkedOutput,
} from '../../src-shared/api/link-index-api';
import {
  createLinkResolver,
  notePath,
  type LinkableNote,
  type LinkResolver,
} from '../../src-shared/markdown/links/link-resolution';
import type { NotesService } from '../notes/notes-service';
import { QuireError } from '../errors';
import type { Scheduler } from '../clock';
import { createLinkIndex, type LinkIndex } from './link-index';
import { buildGraph } from './link-graph';
import { findUnlinkedMentions, lineStart } from './unlinked-mentions';

/** Notes read to look for unlinked mentions: the search index's best candidates, verified one by one. */
const UNLINKED_CANDIDATES_MAX = 1_000;

export interface LinkIndexService {
  backlinks(input: { id: string; limit: number }): Promise<BacklinksOutput>;
  unlinked(input: { id: string; limit: number }): Promise<UnlinkedOutput>;
  linkMention(input: LinkMentionInput): Promise<LinkMentionOutput>;
  outgoing(input: { id: string }): Promise<OutgoingLink[]>;
  broken(input: { limit: number; cursor?: number | undefined }): Promise<BrokenOutput>;
  graph(input: GraphInput): Promise<GraphOutput>;
  /** Notes whose links resolve to any of `noteIds` (a note linking to itself included): what a rename rewrites. */
  referrers(noteIds: readonly string[]): Promise<string[]>;
  /** How many links point at each of the note's block ids (`[[Note#^id]]`). */
  blockLinkCounts(noteId: string): Promise<Map<string, number>>;
  /**
   * Every live note's names and the index's own resolver over them, current: the rename refactor
   * plans with these instead of reading every note's names itself. The resolver is the index's
   * live one (not a copy), valid until the next write is indexed.
   */
  names(): Promise<{ notes: LinkableNote[]; resolver: LinkResolver }>;
  /** Resolves once the index reflects every write made so far. */
  ready(): Promise<void>;
  /** The index's own figures, for tests: notes parsed and loaded since it opened. */
  stats(): { parsed: number; loaded: number };
  close(): Promise<void>;
}

export interface LinkIndexDeps {
  collection: RxCollection<Note>;
  /** `links.sqlite` beside `search.sqlite`, or ':memory:'. */
  file: string;
  scheduler: Scheduler;
  notes: Pick<NotesService, 'get' | 'update'>;
  /**
   * Ids of live notes that may contain `phrase` (a superset is fine, each one is verified); the
   * search index answers it. Awaited after the search index caught up.
   */
  mentionCandidates: (phrase: string, limit: number) => Promise<readonly string[]>;
  layoutVersion?: number;
}

/** Characters a wikilink's target cannot hold: such a title is linked with a Markdown link. */
const NOT_IN_WIKILINK = /[[\]|#^]/;

export function createLinkIndexService(deps: LinkIndexDeps): LinkIndexService {
  const resolver = createLinkResolver();
  const index: LinkIndex = createLinkIndex({
    collection: deps.collection,
    file: deps.file,
    scheduler: deps.scheduler,
    resolver,
    ...(deps.layoutVersion === undefined ? {} : { layoutVersion: deps.layoutVersion }),
  });
  const { model } = index;

  const liveNote = (id: string) => {
    const note = model.get(id);
    if (!note) throw new QuireError('NOTE_NOT_FOUND');
    return note;
  };
  const namesOf = (id: string): string[] => {
    const note = liveNote(id);
    return [note.title, ...note.aliases];
  };

  const bodiesOf = async (ids: readonly string[]): Promise<Map<string, string>> => {
    const docs = await deps.collection.findByIds([...ids]).exec();
    const bodies = new Map<string, string>();
    for (const [id, doc] of docs) if (doc.trashedAt === 0) bodies.set(id, doc.body);
    return bodies;
  };

  /** What to write between `[[` and `]]` so the link finds `target` from `sourceFolder`. */
  const linkTextFor = (targetId: string, sourceFolder: string, matched: string): string => {
    const target = liveNote(targetId);
    const path = notePath(target);
    if (NOT_IN_WIKILINK.test(path)) {
      const href = path.split('/').map(encodeURIComponent).join('/');
      return `[${matched}](/${href}.md)`;
    }
    const name = model.resolveName(target.title, sourceFolder) === targetId ? target.title : path;
    return name === matched ? `[[${name}]]` : `[[${name}|${matched}]]`;
  };

  return {
    async backlinks({ id, limit }) {
      await index.idle();
      const sources = model.firstSources(id, limit);
      const snippetsOf = index.snippetsOf(sources.ids);
      const groups: MentionGroup[] = sources.ids.map((sourceId) => {
        const source = model.get(sourceId)!;
        const snippets = snippetsOf.get(sourceId) ?? [];
        const mentions = [];
        const resolved = model.resolutions(sourceId);
        for (
          let i = 0;
          i < resolved.length && mentions.length < LINK_INDEX_LIMITS.mentionsPerGroupMax;
          i += 1
        ) {
          if (resolved[i] !== id) continue;
          const snippet = snippets[i] ?? { text: '', from: 0, to: 0 };
          mentions.push({ line: source.links[i]!.line, ...snippet });
        }
        return { id: sourceId, title: source.title, folder: source.folder, mentions };
      });
      return { total: sources.total, groups };
    },

    async unlinked({ id, limit }) {
      await index.idle();
      // A trashed or missing note is named by nothing: no mentions rather than a failure.
      if (!model.get(id)) return { total: 0, groups: [] };
      const names = namesOf(id);
      const candidates = new Set<string>();
      for (const name of names) {
        for (const candidate of await deps.mentionCandidates(name, UNLINKED_CANDIDATES_MAX)) {
          if (candidate !== id) candidates.add(candidate);
        }
      }
      const bodies = await bodiesOf([...candidates]);
      const found: MentionGroup<UnlinkedMention>[] = [];
      for (const [sourceId, body] of bodies) {
        const source = model.get(sourceId);
        if (!source) continue;
        const mentions = findUnlinkedMentions(body, names, LINK_INDEX_LIMITS.mentionsPerGroupMax);
        if (mentions.length > 0)
          found.push({ id: sourceId, title: source.title, folder: source.folder, mentions });
      }
      found.sort((a, b) => {
        const ka = a.title.toLowerCase();
        const kb = b.title.toLowerCase();
        return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
      });
      return { total: found.length, groups: found.slice(0, limit) };
    },

    async linkMention({ sourceId, line, from, to, targetId }) {
      await index.idle();
      const names = namesOf(targetId);
      const version = await deps.notes.get(sourceId);
      if (version.trashedAt > 0) throw new QuireError('NOTE_NOT_FOUND');
      // The mention must still be there, as words outside any link: otherwise the user's view is stale.
      const mention = findUnlinkedMentions(version.body, names, Number.MAX_SAFE_INTEGER).find(
        (m) => m.line === line && m.lineFrom === from && m.lineTo === to,
      );
      const start = lineStart(version.body, line);
      if (!mention || start === -1) throw new QuireError('MENTION_CHANGED');
      const link = linkTextFor(targetId, version.folder, mention.matched);
      const body = version.body.slice(0, start + from) + link + version.body.slice(start + to);
      // E1: one edit over the version just read; a write in between is merged, not overwritten.
      await deps.notes.update({ id: sourceId, base: version, body });
      return { link };
    },

    async outgoing({ id }) {
      await index.idle();
      const note = model.get(id);
      if (!note) return [];
      const resolved = model.resolutions(id);
      return note.links.slice(0, LINK_INDEX_LIMITS.outgoingMax).map((link, i) => {
        const targetId = resolved[i] ?? null;
        const target = targetId === null ? undefined : model.get(targetId);
        return {
          target: link.target,
          kind: link.kind,
          heading: link.heading,
          blockId: link.blockId,
          display: link.display,
          line: link.line,
          resolved: target ? { id: target.id, title: target.title, folder: target.folder } : null,
        };
      });
    },

    async broken({ limit, cursor = 0 }) {
      await index.idle();
      const all = model.brokenLinks();
      const page = all.slice(cursor, cursor + limit);
      const snippetsOf = new Map<string, ReturnType<LinkIndex['snippets']>>();
      const items = page.map(({ sourceId, index: i }) => {
        const source = model.get(sourceId)!;
        let snippets = snippetsOf.get(sourceId);
        if (!snippets) snippetsOf.set(sourceId, (snippets = index.snippets(sourceId)));
        const link = source.links[i]!;
        return {
          sourceId,
          title: source.title,
          folder: source.folder,
          target: link.target,
          line: link.line,
          text: snippets[i]?.text ?? '',
        };
      });
      const end = cursor + page.length;
      return { total: all.length, items, nextCursor: end < all.length ? end : null };
    },

    async graph(input) {
      await index.idle();
      return buildGraph(model, input);
    },

    async referrers(noteIds) {
      await index.idle();
      const found = new Set<string>();
      for (const id of noteIds) {
        for (const source of model.incoming(id).keys()) found.add(source);
        if (model.resolutions(id).includes(id)) found.add(id);
      }
      return [...found];
    },

    async blockLinkCounts(noteId) {
      await index.idle();
      const counts = new Map<string, number>();
      for (const source of model.incoming(noteId).keys()) {
        const note = model.get(source)!;
        model.resolutions(source).forEach((target, i) => {
          const blockId = note.links[i]!.blockId;
          if (target === noteId && blockId !== null) counts.set(blockId, (counts.get(blockId) ?? 0) + 1);
        });
      }
      return counts;
    },

    async names() {
      await index.idle();
      return { notes: [...resolver.notes()], resolver };
    },

    ready: () => index.idle(),
    stats: () => index.stats(),
    close: () => index.close(),
  };
}
