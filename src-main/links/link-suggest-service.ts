import type { QuireDatabase } from '../db/database';
import { NoteNotFoundError } from '../errors';
import {
  LINK_HEADINGS_MAX,
  type LinkEmbedResult,
  type LinkEmbedTarget,
  type LinkSuggestion,
  type NoteBlock,
  type NoteHeading,
} from '../../src-shared/api/links-api';
import { extractHeadings } from '../../src-shared/markdown/headings';
import type { LinkKind } from '../../src-shared/markdown/links/link-syntax';
import { createLinkCatalog } from './link-catalog';
import { rankBlocks } from '../../src-shared/markdown/links/block-ranking';
import { resolveEmbeds, type EmbedNote } from './link-embeds';
import { resolveLink, suggestLinks } from './link-suggestions';

export interface LinkSuggestService {
  /** Notes whose title, alias or `folder/title` matches `query`, best first; recent notes when empty. */
  suggest(input: { query: string; limit: number }): Promise<LinkSuggestion[]>;
  /** The live note a link target names from a note in `sourceFolder`, by Obsidian's rules. */
  resolve(target: string, sourceFolder?: string, kind?: LinkKind): Promise<{ id: string } | null>;
  /** Many targets from one note, in order: a preview's links in one call. */
  resolveMany(input: {
    sourceFolder: string;
    targets: readonly { target: string; kind: LinkKind }[];
  }): Promise<(string | null)[]>;
  /** The notes, sections and blocks a render embeds, with the embeds inside them. */
  embeds(input: {
    sourceId?: string | undefined;
    sourceFolder: string;
    targets: readonly LinkEmbedTarget[];
  }): Promise<LinkEmbedResult[]>;
  /** The note's headings in order; a note that is missing or in the trash is NOTE_NOT_FOUND. */
  headings(id: string): Promise<NoteHeading[]>;
  /** The note's `^block-id`s matching `query`, ranked; NOTE_NOT_FOUND as for headings. */
  blocks(input: { id: string; query: string; limit: number }): Promise<NoteBlock[]>;
  close(): Promise<void>;
}

/** Suggestions for `[[` autocomplete and link resolution, over an in-memory catalog of names. */
export function createLinkSuggestService(deps: { db: QuireDatabase }): LinkSuggestService {
  const catalog = createLinkCatalog({ collection: deps.db.notes });

  const liveBody = async (id: string): Promise<string> => {
    const doc = await deps.db.notes.findOne(id).exec();
    if (!doc || doc.trashedAt > 0) throw new NoteNotFoundError(id);
    return doc.body;
  };

  return {
    async suggest({ query, limit }) {
      return suggestLinks(await catalog.current(), query, limit);
    },

    async resolve(target, sourceFolder = '', kind = 'wikilink') {
      return resolveLink(await catalog.current(), target, sourceFolder, kind);
    },

    async resolveMany({ sourceFolder, targets }) {
      const { resolver } = await catalog.current();
      return targets.map(({ target, kind }) => resolver.resolve(target, sourceFolder, kind));
    },

    async embeds(input) {
      const { resolver } = await catalog.current();
      const load = async (ids: readonly string[]): Promise<Map<string, EmbedNote>> => {
        const notes = new Map<string, EmbedNote>();
        if (ids.length === 0) return notes;
        const docs = await deps.db.notes.findByIds([...ids]).exec();
        for (const doc of docs.values()) {
          if (doc.trashedAt > 0) continue;
          notes.set(doc.id, { id: doc.id, title: doc.title, folder: doc.folder, body: doc.body });
        }
        return notes;
      };
      return resolveEmbeds({ resolver, load }, input);
    },

    async headings(id) {
      const body = await liveBody(id);
      return extractHeadings(body, LINK_HEADINGS_MAX).map(({ level, text }) => ({ level, text }));
    },

    async blocks({ id, query, limit }) {
      return rankBlocks(await liveBody(id), query, limit);
    },

    close: () => catalog.stop(),
  };
}
