import {
  embedKey,
  LINK_EMBED_CHARS_MAX,
  LINK_EMBED_DEPTH_MAX,
  type LinkEmbed,
  type LinkEmbedResult,
  type LinkEmbedTarget,
} from '../../src-shared/api/links-api';
import type { LinkResolver } from '../../src-shared/markdown/links/link-resolution';
import {
  blockOf,
  embeddableBody,
  embedTargetsOf,
  sectionOf,
} from '../../src-shared/markdown/links/link-sections';
import { linkLookupKey, parseLinks } from '../../src-shared/markdown/links/link-syntax';

/** Past this many embedded parts in one answer, deeper embeds are left as links. */
const EMBED_NODES_MAX = 200;

export interface EmbedNote {
  id: string;
  title: string;
  folder: string;
  body: string;
}

/** At most `max` characters, cut at a line end so no half table row or `[[` is left. */
function capped(text: string): { text: string; truncated: boolean } {
  if (text.length <= LINK_EMBED_CHARS_MAX) return { text, truncated: false };
  const slice = text.slice(0, LINK_EMBED_CHARS_MAX);
  const cut = slice.lastIndexOf('\n');
  return { text: cut > 0 ? slice.slice(0, cut) : slice, truncated: true };
}

interface Pending {
  target: LinkEmbedTarget;
  folder: string;
  /** The note the embed is written in (for `![[#Heading]]`). */
  hostId: string | null;
  /** `id|heading|block` of every part embedding this one, the source note's whole body first. */
  ancestors: readonly string[];
  place: (result: LinkEmbedResult) => void;
  depth: number;
}

const WHOLE: LinkEmbedTarget = { target: '', heading: null, blockId: null };

const partKey = (id: string, target: LinkEmbedTarget): string =>
  JSON.stringify([id, target.heading?.toLowerCase() ?? null, target.blockId?.toLowerCase() ?? null]);

/**
 * Resolves a render's embeds and the embeds inside them, level by level (one read of the notes
 * per level), to LINK_EMBED_DEPTH_MAX. An embed of a part already embedded above it is a cycle,
 * answered without its text.
 */
export async function resolveEmbeds(
  deps: { resolver: LinkResolver; load: (ids: readonly string[]) => Promise<Map<string, EmbedNote>> },
  input: { sourceId?: string | undefined; sourceFolder: string; targets: readonly LinkEmbedTarget[] },
): Promise<LinkEmbedResult[]> {
  const results: LinkEmbedResult[] = input.targets.map(() => null);
  const rootAncestors = input.sourceId === undefined ? [] : [partKey(input.sourceId, WHOLE)];
  let level: Pending[] = input.targets.map((target, index) => ({
    target,
    folder: input.sourceFolder,
    hostId: input.sourceId ?? null,
    ancestors: rootAncestors,
    place: (result) => {
      results[index] = result;
    },
    depth: 1,
  }));
  let nodes = 0;
  while (level.length > 0) {
    const ids = level.map((pending) =>
      pending.target.target.trim() === ''
        ? pending.hostId
        : deps.resolver.resolve(pending.target.target, pending.folder, 'embed'),
    );
    const notes = await deps.load([...new Set(ids.filter((id): id is string => id !== null))]);
    const next: Pending[] = [];
    level.forEach((pending, index) => {
      const id = ids[index];
      const note = id === null || id === undefined ? undefined : notes.get(id);
      if (!note) return pending.place(null);
      nodes += 1;
      const key = partKey(note.id, pending.target);
      const embed: LinkEmbed = {
        id: note.id,
        title: note.title,
        folder: note.folder,
        markdown: null,
        problem: null,
        truncated: false,
        embeds: {},
        links: {},
      };
      pending.place(embed);
      // The same part inside itself would never end; another part of the same note is fine.
      if (pending.ancestors.includes(key)) {
        embed.problem = 'cycle';
        return;
      }
      const { heading, blockId } = pending.target;
      const part =
        blockId !== null
          ? blockOf(note.body, blockId)
          : heading !== null
            ? sectionOf(note.body, heading)
            : embeddableBody(note.body);
      if (part === null) {
        embed.problem = blockId !== null ? 'missing-block' : 'missing-heading';
        return;
      }
      const { text, truncated } = capped(part);
      embed.markdown = text;
      embed.truncated = truncated;
      // Its links as the preview draws them, resolved from the embedded note's own folder.
      for (const link of parseLinks(text)) {
        if (link.target === '') continue;
        embed.links[linkLookupKey(link.target, link.kind)] = deps.resolver.resolve(
          link.target,
          note.folder,
          link.kind,
        );
      }
      if (pending.depth >= LINK_EMBED_DEPTH_MAX || nodes >= EMBED_NODES_MAX) return;
      for (const child of embedTargetsOf(text)) {
        next.push({
          target: child,
          folder: note.folder,
          hostId: note.id,
          ancestors: [...pending.ancestors, key],
          place: (result) => {
            embed.embeds[embedKey(child)] = result;
          },
          depth: pending.depth + 1,
        });
      }
    });
    level = next.slice(0, Math.max(0, EMBED_NODES_MAX - nodes));
  }
  return results;
}
