import { publicProcedure, router } from '../trpc';
import { linkHeadingsInput, linkResolveInput, linkSuggestInput } from '../../src-shared/api/links-api';

/** `links.*`: what the editor needs to write and follow `[[links]]`. */
export const linksRouter = router({
  /** `[[` autocomplete: titles, aliases and `folder/title`, best first. */
  suggest: publicProcedure.input(linkSuggestInput).query(({ ctx, input }) => ctx.links.suggest(input)),
  /** The note a link target names, or null (the caller may offer to create it). */
  resolve: publicProcedure.input(linkResolveInput).query(({ ctx, input }) => ctx.links.resolve(input.target)),
  /** `[[Note#` autocomplete and heading links: the note's headings in order. */
  headings: publicProcedure.input(linkHeadingsInput).query(({ ctx, input }) => ctx.links.headings(input.id)),
});
