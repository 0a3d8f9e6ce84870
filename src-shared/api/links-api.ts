import { z } from 'zod';
import { NOTE_LIMITS, folderSchema, noteIdSchema } from '../schema/note';

/** At most this many suggestions per call: a completion list longer than this is not read. */
export const LINK_SUGGEST_MAX = 50;
/** A note's headings beyond this are not offered (a generated note can have thousands). */
export const LINK_HEADINGS_MAX = 500;

/** What the user typed after `[[`: a title, an alias or `folder/title`. */
const linkQuery = z.string().max(NOTE_LIMITS.folderMaxLength + NOTE_LIMITS.titleMaxLength + 1);
/** A written target: a path, with room for `../` steps and `.md`. */
const linkTarget = z.string().max(NOTE_LIMITS.folderMaxLength + NOTE_LIMITS.titleMaxLength + 256);

export const linkSuggestInput = z.object({
  query: linkQuery,
  limit: z.number().int().min(1).max(LINK_SUGGEST_MAX).default(20),
});
export type LinkSuggestInput = z.input<typeof linkSuggestInput>;
export type LinkResolveInput = z.input<typeof linkResolveInput>;
export type LinkResolveManyInput = z.input<typeof linkResolveManyInput>;
export type LinkEmbedsInput = z.input<typeof linkEmbedsInput>;
export type LinkBlocksInput = z.input<typeof linkBlocksInput>;

/** How a link is written: Markdown links resolve relative to the source's folder first. */
export const linkKindSchema = z.enum(['wikilink', 'embed', 'markdown']);

/** A link target as the note wrote it (`folder/Title`, `../a b.md` decoded), and where it was written. */
export const linkResolveInput = z.object({
  target: linkTarget,
  /** The folder of the note the link is in ('' the root): Obsidian resolves from there. */
  sourceFolder: folderSchema.default(''),
  kind: linkKindSchema.default('wikilink'),
});

/** At most this many targets per `links.resolveMany` (a preview's distinct links). */
export const LINK_RESOLVE_MANY_MAX = 500;
export const linkResolveManyInput = z.object({
  sourceFolder: folderSchema,
  targets: z
    .array(z.object({ target: linkTarget, kind: linkKindSchema.default('wikilink') }))
    .max(LINK_RESOLVE_MANY_MAX),
});

/** Embeds one render asks for; nested embeds are resolved by the host to this depth. */
export const LINK_EMBEDS_MAX = 50;
export const LINK_EMBED_DEPTH_MAX = 3;
/** An embedded note or section longer than this is cut (at a line end): a preview is a glance. */
export const LINK_EMBED_CHARS_MAX = 100_000;
const subpathText = z.string().max(NOTE_LIMITS.titleMaxLength * 4);
export const linkEmbedTargetSchema = z.object({
  target: linkTarget,
  heading: subpathText.nullable().default(null),
  blockId: subpathText.nullable().default(null),
});
export type LinkEmbedTarget = z.output<typeof linkEmbedTargetSchema>;
export const linkEmbedsInput = z.object({
  /** The embedding note: `![[#Heading]]` embeds its own section, and it is the first visited. */
  sourceId: noteIdSchema.optional(),
  sourceFolder: folderSchema,
  targets: z.array(linkEmbedTargetSchema).max(LINK_EMBEDS_MAX),
});

export { embedKey } from '../markdown/links/link-sections';

/** One embed's answer: null when no note has that name. */
export type LinkEmbedResult = LinkEmbed | null;

export interface LinkEmbed {
  id: string;
  title: string;
  folder: string;
  /**
   * The note's body without its frontmatter, the heading's section, or the block; null when
   * the heading or block is not there (`missing`) or the note is already embedded above (`cycle`).
   */
  markdown: string | null;
  problem: 'missing-heading' | 'missing-block' | 'cycle' | null;
  /** Cut at LINK_EMBED_CHARS_MAX. */
  truncated: boolean;
  /** The embeds inside `markdown`, by `embedKey`, resolved from this note's folder. */
  embeds: Record<string, LinkEmbedResult>;
  /** The links inside `markdown` (by `linkLookupKey`): note ids, null for none. */
  links: Record<string, string | null>;
}

/** At most this many block ids offered after `[[Note#^`. */
export const LINK_BLOCKS_MAX = 100;
export const linkBlocksInput = z.object({
  id: noteIdSchema,
  query: z.string().max(200).default(''),
  limit: z.number().int().min(1).max(LINK_BLOCKS_MAX).default(50),
});

export interface NoteBlock {
  id: string;
  /** The block's line without its id, capped. */
  text: string;
  line: number;
}
export const linkHeadingsInput = z.object({ id: noteIdSchema });

/** Which of a note's names the query matched. */
export type LinkMatchField = 'title' | 'alias' | 'path';

export interface LinkSuggestion {
  id: string;
  title: string;
  folder: string;
  /** The alias the query matched, when it matched one. */
  alias?: string;
  /** What to write between `[[` and `]]`: the title, or `folder/title` when another note has the title. */
  target: string;
  matched: LinkMatchField;
  /** [from, to) ranges of the matched name (title, alias or `folder/title`) that the query matched. */
  ranges: [number, number][];
}

export interface NoteHeading {
  level: number;
  text: string;
}
