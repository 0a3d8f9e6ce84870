import { z } from 'zod';

/** `tags.*`: every tag of the vault's live notes, nested by `/`, for the sidebar's tag pane. */

/** At most this many tags in one answer. */
export const TAG_TREE_MAX = 20_000;

export const tagNodeSchema = z.object({
  /** The whole tag (`project/quire`), in a spelling the vault uses. */
  path: z.string(),
  /** The last part (`quire`). */
  name: z.string(),
  /** '' for a top-level tag. */
  parent: z.string(),
  /** Live notes with exactly this tag (any case). */
  noteCount: z.number().int().nonnegative(),
  /** Live notes with this tag or a tag nested under it, each counted once. */
  totalCount: z.number().int().nonnegative(),
});
export type TagNode = z.infer<typeof tagNodeSchema>;
