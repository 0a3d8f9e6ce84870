import { z } from 'zod';
import { NOTE_LIMITS, folderSchema, noteIdSchema, tagSchema } from '../schema/note';

/**
 * The `linkIndex.*` contract: what links point where across the vault (backlinks, unlinked
 * mentions, outgoing links, broken links, the graph), answered from the host's link index.
 */
export const LINK_INDEX_LIMITS = {
  /** Source notes per backlinks / unlinked answer; the total says how many there are. */
  groupsMax: 500,
  /** Mentions kept per source note in one answer. */
  mentionsPerGroupMax: 50,
  /** Broken links per page. */
  brokenMax: 500,
  /** Graph nodes per answer (the view stays usable up to this). */
  graphNodesMax: 20_000,
  /** The text of a mention's line is cut to this many characters around the mention. */
  lineTextMax: 300,
  /** A note's outgoing links listed. */
  outgoingMax: 2_000,
} as const;

export const backlinksInput = z.object({
  id: noteIdSchema,
  limit: z.number().int().min(1).max(LINK_INDEX_LIMITS.groupsMax).default(100),
});
export type BacklinksInput = z.input<typeof backlinksInput>;

export const unlinkedInput = backlinksInput;
export type UnlinkedInput = z.input<typeof unlinkedInput>;

/** One place a note is named in another note's text. */
export interface LinkMention {
  /** 0-based line of the source note's body. */
  line: number;
  /** The line (or the part of it around the mention, at most `lineTextMax` characters). */
  text: string;
  /** [from, to) of the link or the mentioned words inside `text`. */
  from: number;
  to: number;
}

export interface UnlinkedMention extends LinkMention {
  /** The words as written there (the title or an alias, in the note's own case). */
  matched: string;
  /** [from, to) of the words in the line itself (not in the possibly cut `text`), for `linkMention`. */
  lineFrom: number;
  lineTo: number;
}

export interface MentionGroup<M extends LinkMention = LinkMention> {
  id: string;
  title: string;
  folder: string;
  mentions: M[];
}

export interface BacklinksOutput {
  /** Source notes linking here, all of them; `groups` holds at most `limit`. */
  total: number;
  groups: MentionGroup[];
}

export interface UnlinkedOutput {
  total: number;
  groups: MentionGroup<UnlinkedMention>[];
}

export const linkMentionInput = z.object({
  sourceId: noteIdSchema,
  line: z.number().int().min(0).max(NOTE_LIMITS.bodyMaxLength),
  /** [from, to) of the mentioned words in that line (`lineFrom`/`lineTo` of the mention). */
  from: z.number().int().min(0).max(NOTE_LIMITS.bodyMaxLength),
  to: z.number().int().min(0).max(NOTE_LIMITS.bodyMaxLength),
  targetId: noteIdSchema,
});
export type LinkMentionInput = z.input<typeof linkMentionInput>;

export interface LinkMentionOutput {
  /** The link as written into the source note. */
  link: string;
}

export const outgoingInput = z.object({ id: noteIdSchema });

export type LinkKind = 'wikilink' | 'embed' | 'markdown';

export interface ResolvedNote {
  id: string;
  title: string;
  folder: string;
}

export interface OutgoingLink {
  target: string;
  kind: LinkKind;
  heading: string | null;
  blockId: string | null;
  display: string | null;
  line: number;
  /** The note it resolves to; null when no live note has that name (a broken link). */
  resolved: ResolvedNote | null;
}

export const brokenInput = z.object({
  limit: z.number().int().min(1).max(LINK_INDEX_LIMITS.brokenMax).default(200),
  /** Where the previous page ended (its `nextCursor`). */
  cursor: z.number().int().min(0).max(10_000_000).optional(),
});
export type BrokenInput = z.input<typeof brokenInput>;

export interface BrokenLink {
  sourceId: string;
  title: string;
  folder: string;
  target: string;
  line: number;
  text: string;
}

export interface BrokenOutput {
  total: number;
  items: BrokenLink[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: number | null;
}

const graphFilters = {
  /** Only notes with this tag or one nested under it. */
  tag: tagSchema.optional(),
  /** Only notes in this folder or below it. */
  folder: folderSchema.optional(),
  limit: z.number().int().min(1).max(LINK_INDEX_LIMITS.graphNodesMax).optional(),
};

export const graphInput = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('vault'), ...graphFilters }),
  z.object({
    scope: z.literal('local'),
    id: noteIdSchema,
    depth: z.union([z.literal(1), z.literal(2)]),
    ...graphFilters,
  }),
]);
export type GraphInput = z.input<typeof graphInput>;

export interface GraphNode {
  id: string;
  title: string;
  folder: string;
  tags: string[];
  /** Distinct neighbours in the whole vault (not only among the nodes returned). */
  degree: number;
}

export interface GraphOutput {
  nodes: GraphNode[];
  /** Pairs of indices into `nodes`, each pair once whatever the links' directions, no self-loops. */
  edges: [number, number][];
  /** Some notes were left out to stay within `limit` (the best-linked are kept). */
  truncated: boolean;
}

/** The `linkIndex.*` procedures as the renderer calls them (QuireApi's slice). */
export interface LinkIndexApi {
  /** Notes linking here, in title order, each with its linking lines (at most `limit` notes). */
  backlinks: { query(input: BacklinksInput): Promise<BacklinksOutput> };
  /** Notes naming this one (title or alias) without a link, each with the words found. */
  unlinked: { query(input: UnlinkedInput): Promise<UnlinkedOutput> };
  /** Makes one unlinked mention a link; MENTION_CHANGED when the words there changed meanwhile. */
  linkMention: { mutate(input: LinkMentionInput): Promise<LinkMentionOutput> };
  outgoing: { query(input: { id: string }): Promise<OutgoingLink[]> };
  broken: { query(input: BrokenInput): Promise<BrokenOutput> };
  graph: { query(input: GraphInput): Promise<GraphOutput> };
}
