import { publicProcedure, router } from '../trpc';
import {
  backlinksInput,
  brokenInput,
  graphInput,
  linkMentionInput,
  outgoingInput,
  unlinkedInput,
} from '../../src-shared/api/link-index-api';

/** `linkIndex.*`: what links where across the vault, from the link index. */
export const linkIndexRouter = router({
  /** Notes linking to this one, each with the lines that link. */
  backlinks: publicProcedure.input(backlinksInput).query(({ ctx, input }) => ctx.linkIndex.backlinks(input)),
  /** Notes naming this one (its title or an alias) without a link. */
  unlinked: publicProcedure.input(unlinkedInput).query(({ ctx, input }) => ctx.linkIndex.unlinked(input)),
  /** Turns one unlinked mention into a link: one minimal edit over the note as it is (E1). */
  linkMention: publicProcedure
    .input(linkMentionInput)
    .mutation(({ ctx, input }) => ctx.linkIndex.linkMention(input)),
  /** The note's links in order, each with the note it resolves to. */
  outgoing: publicProcedure.input(outgoingInput).query(({ ctx, input }) => ctx.linkIndex.outgoing(input)),
  /** Links across the vault that resolve to no note. */
  broken: publicProcedure.input(brokenInput).query(({ ctx, input }) => ctx.linkIndex.broken(input)),
  /** Nodes and undirected edges for the graph view (the vault, or around one note). */
  graph: publicProcedure.input(graphInput).query(({ ctx, input }) => ctx.linkIndex.graph(input)),
});
