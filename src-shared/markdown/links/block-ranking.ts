import { blockIdsOf, type BlockId } from './link-syntax';

/**
 * `[[Note#^` completion: the note's block ids matching `query` (case-insensitive), those whose
 * id or text starts with it first, then those containing it, each group in document order.
 */
export function rankBlocks(body: string, query: string, limit: number): BlockId[] {
  const wanted = query.trim().replace(/^\^/, '').toLowerCase();
  const blocks = blockIdsOf(body).map(({ id, text, line }) => ({ id, text, line }));
  if (wanted === '') return blocks.slice(0, limit);
  const prefix: BlockId[] = [];
  const substring: BlockId[] = [];
  for (const block of blocks) {
    const id = block.id.toLowerCase();
    const text = block.text.toLowerCase();
    if (id.startsWith(wanted) || text.startsWith(wanted)) prefix.push(block);
    else if (id.includes(wanted) || text.includes(wanted)) substring.push(block);
  }
  return [...prefix, ...substring].slice(0, limit);
}
