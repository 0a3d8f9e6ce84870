import { publicProcedure, router } from '../trpc';
import {
  linkBlocksInput,
  linkEmbedsInput,
  linkHeadingsInput,
  linkResolveInput,
  linkResolveManyInput,
  linkSuggestInput,
} from '../../src-shared/api/links-api';

/** `links.*`: what the editor and the preview need to write, follow and embed links. */
export const linksRouter = router({
  /** `[[` autocomplete: titles, aliases and `folder/title`, best first. */
  suggest: publicProcedure.input(linkSuggestInput).query(({ ctx, input }) => ctx.links.suggest(input)),
  /** The note a link target names from `sourceFolder` (Obsidian's rules), or null (the caller may create it). */
  resolve: publicProcedure
    .input(linkResolveInput)
    .query(({ ctx, input }) => ctx.links.resolve(input.target, input.sourceFolder, input.kind)),
  /** A preview's links in one call: ids (or null) in the order asked. */
  resolveMany: publicProcedure
    .input(linkResolveManyInput)
    .query(({ ctx, input }) => ctx.links.resolveMany(input)),
  /** `![[Note]]`, `![[Note#Heading]]`, `![[Note#^id]]`: their Markdown, nested embeds included. */
  embeds: publicProcedure.input(linkEmbedsInput).query(({ ctx, input }) => ctx.links.embeds(input)),
  /** `[[Note#` autocomplete and heading links: the note's headings in order. */
  headings: publicProcedure.input(linkHeadingsInput).query(({ ctx, input }) => ctx.links.headings(input.id)),
  /** `[[Note#^` autocomplete: the note's block ids, ranked. */
  blocks: publicProcedure.input(linkBlocksInput).query(({ ctx, input }) => ctx.links.blocks(input)),
});
