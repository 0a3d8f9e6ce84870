import type { TokenizerAndRendererExtension } from 'marked';

/** A `^block-id` ending a line, as Obsidian's reading view hides it: an anchor, not text. */
const BLOCK_ID = /^[ \t]*\^[A-Za-z0-9-]+[ \t]*(?=\r?\n|$)/;
const BLOCK_ID_ANYWHERE = /(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*(?=\r?\n|$)/m;

export function blockIdExtension(): TokenizerAndRendererExtension {
  return {
    name: 'blockId',
    level: 'inline',
    start: (src) => {
      const match = BLOCK_ID_ANYWHERE.exec(src);
      return match ? match.index : undefined;
    },
    tokenizer(src) {
      const match = BLOCK_ID.exec(src);
      return match ? { type: 'blockId', raw: match[0] } : undefined;
    },
    renderer: () => '',
  };
}
